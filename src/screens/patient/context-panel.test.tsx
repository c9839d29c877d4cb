import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { visitFromFixtures } from '../../../tests/support/fixture-visit.ts';
import { completeAssessment, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import type { Catalogue, Instrument } from '../../domain/instrument-catalogue.ts';
import { I18nProvider } from '../../i18n/i18n-context.tsx';
import { createTranslator } from '../../i18n/translate.ts';
import { messagesZhCn } from '../../i18n/messages-zh-cn.ts';
import { ContextPanel } from './context-panel.tsx';
import { briefLine } from './result-summary.tsx';

const catalogue: Catalogue = { instruments: ['shaps', 'ucla-3', 'dass-21', 'ipip-ne'].map(loadInstrument), broken: [] };

const visit = (id: string, date: string, fixtureNames: Record<string, string>) => visitFromFixtures(catalogue, id, date, fixtureNames);

afterEach(cleanup);

describe('ContextPanel', () => {
  const first = visit('a1', '2026-01-05T10:00:00.000Z', { 'ucla-3': 'maximum', 'dass-21': 'mild-lower-boundary', 'ipip-ne': 'all-neither' });
  const second = visit('a2', '2026-02-09T10:00:00.000Z', { 'ucla-3': 'mixed', 'dass-21': 'one-stress-item-missing' });

  it('shows one block per construct: each score with band or "no reference data" and its change, then instrument, day and direction', () => {
    renderWithServices(<ContextPanel completed={[second, first]} />, { catalogue });
    const region = screen.getByRole('region', { name: 'Psychosocial context' });
    const block = (name: string) => within(region).getByRole('listitem', { name });
    const lines = (name: string) => within(block(name)).getAllByRole('listitem').map((li) => li.textContent);
    // UCLA-3: 9 then 6; no sourced band.
    expect(lines('Loneliness')).toEqual(['Loneliness (3–9): 6 (no reference data) (-3 since Jan 5, 2026)']);
    expect(within(block('Loneliness')).getByText('UCLA-3, Feb 9, 2026; higher = lonelier.')).toBeTruthy();
    // DASS-21: stress unscorable at the second visit, so the first visit's is its latest; anxiety and depression moved.
    expect(lines('Stress, anxiety and depressive symptoms')).toEqual([
      'Stress symptoms (x 2, 0–42): 16, Mild (15–18) (last scored Jan 5, 2026)',
      'Anxiety symptoms (x 2, 0–42): 10, Moderate (10–14) (+2 since Jan 5, 2026)',
      'Depressive symptoms (x 2, 0–42): 14, Moderate (14–20) (+4 since Jan 5, 2026)',
    ]);
    expect(within(block('Stress, anxiety and depressive symptoms')).getByText('DASS-21, Feb 9, 2026; higher = more stress symptoms; higher = more anxiety symptoms; higher = more depressive symptoms.')).toBeTruthy();
    expect(lines('Personality')).toEqual(['Neuroticism (10–50): 30 (no reference data)', 'Extraversion (10–50): 30 (no reference data)']);
  });

  it('says what to do when nothing was measured, and ignores profile scales', () => {
    const shapsOnly = visit('a3', '2026-01-05T10:00:00.000Z', { shaps: 'all-strongly-agree' });
    renderWithServices(<ContextPanel completed={[shapsOnly]} />, { catalogue });
    expect(screen.getByText(/No psychosocial context measured yet/)).toBeTruthy();
  });

  it('reads in Chinese', () => {
    renderWithServices(
      <I18nProvider translate={createTranslator('zh-CN', messagesZhCn)}>
        <ContextPanel completed={[first]} />
      </I18nProvider>,
      { catalogue },
    );
    const region = screen.getByRole('region', { name: '心理社会背景' });
    expect(within(region).getByRole('heading', { name: '孤独感' })).toBeTruthy();
    expect(within(region).getByText(/孤独感（3–9）/)).toBeTruthy();
    expect(within(region).getAllByText('（无参考数据）')).toHaveLength(3);
    expect(within(region).getByText('轻度（15–18）', { exact: false })).toBeTruthy();
  });
});

describe('briefLine', () => {
  it('names each scale of an instrument without a total', () => {
    const [dass] = catalogue.instruments.filter((i) => i.definition.id === 'dass-21') as [Instrument];
    const result = visit('a1', '2026-01-05T10:00:00.000Z', { 'dass-21': 'mild-lower-boundary' }).results?.['dass-21'];
    if (!result) throw new Error('not scored');
    expect(briefLine(createTranslator('en'), dass, result)).toBe(
      'DASS-21 Stress symptoms (x 2, 0–42): 16, Mild (15–18); Anxiety symptoms (x 2, 0–42): 8, Mild (8–9); Depressive symptoms (x 2, 0–42): 10, Mild (10–13)',
    );
    expect(briefLine(createTranslator('zh-CN', messagesZhCn), dass, result)).toContain('压力症状（× 2，0–42）：16，轻度（15–18）；');
  });
});

describe('ContextPanel with a table that needs the birth year (CFPB)', () => {
  const withCfpb: Catalogue = { instruments: ['cfpb-fwb-10'].map(loadInstrument), broken: [] };
  /** CFPB answered at total 20 by a patient born in `birthYear` (null: not recorded), on `date`. */
  const cfpbVisit = (id: string, date: string, birthYear: number | null) => {
    const def = withCfpb.instruments[0]?.definition;
    if (!def) throw new Error('no CFPB');
    let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p'), batteryName: 'x', definitions: [def], mode: 'patient', language: 'en', now: date, birthYear });
    for (const item of def.items) a = recordAnswer(a, def, item.id, { code: item.optionSet === 'cfpb-describes' ? 'somewhat' : 'sometimes', answeredAt: date, durationMs: 5000 });
    return completeAssessment(a, [def], () => ({}), date);
  };

  it('says when the latest administration could not be converted, and why, beside the last score', () => {
    const visits = [cfpbVisit('c1', '2026-01-05T10:00:00.000Z', 1970), cfpbVisit('c2', '2026-02-09T10:00:00.000Z', null)];
    renderWithServices(<ContextPanel completed={visits} />, { catalogue: withCfpb });
    const block = within(screen.getByRole('region', { name: 'Psychosocial context' })).getByRole('listitem', { name: 'Financial well-being' });
    expect(within(block).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Financial well-being score (0–100): 50 (no reference data) (last scored Jan 5, 2026) (given Feb 9, 2026, not scored: no birth year recorded: the published table is by age group)',
    ]);
  });

  it('lists a score never converted, saying why', () => {
    renderWithServices(<ContextPanel completed={[cfpbVisit('c3', '2026-02-09T10:00:00.000Z', 1964)]} />, { catalogue: withCfpb });
    expect(screen.getByText(/given Feb 9, 2026, not scored: the birth year alone cannot tell/)).toBeTruthy();
  });
});
