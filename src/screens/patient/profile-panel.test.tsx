import { loadInstrument } from '../../../tests/support/instruments.ts';
import { cleanup, screen, within } from '@testing-library/react';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { visitFromFixtures } from '../../../tests/support/fixture-visit.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { ProfilePanel } from './profile-panel.tsx';
import { ResultSummary } from './result-summary.tsx';

const load = loadInstrument;
const catalogue: Catalogue = { instruments: ['shaps', 'teps', 'ami'].map(load), broken: [] };

const fromFixtures = (id: string, date: string, fixtureNames: Record<string, string>) => visitFromFixtures(catalogue, id, date, fixtureNames);

afterEach(cleanup);

describe('ProfilePanel and ResultSummary from golden fixtures', () => {
  const first = fromFixtures('a1', '2026-01-05T10:00:00.000Z', { shaps: 'all-strongly-agree', teps: 'maximum-pleasure', ami: 'all-completely-true' });
  const second = fromFixtures('a2', '2026-02-09T10:00:00.000Z', { shaps: 'all-strongly-disagree', teps: 'minimum-pleasure', ami: 'subscales-differ' });

  it('places each visit on the profile, with TEPS reversed onto the anhedonia axis', () => {
    renderWithServices(<ProfilePanel completed={[second, first]} />, { catalogue });
    const table = screen.getByRole('table', { name: 'Profile by visit (text alternative to the chart)' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => r.textContent);
    // visit 1: SHAPS 14 → 0, TEPS 108 → 0 reversed; AMI 0 → 0. Visit 2: SHAPS 56 → 100, TEPS 18 → 100; AMI 2.33 → 58
    expect(rows).toEqual(['1Jan 5, 202600', '2Feb 9, 202610058']);
    expect(screen.getByText(/Anhedonia from: SHAPS, TEPS \(reversed\)/)).toBeTruthy();
    expect(screen.getByText(/Both anhedonia and apathy are in the upper half./)).toBeTruthy();
  });

  it('shows subdimensions and says where reliable change cannot be computed', () => {
    renderWithServices(<ProfilePanel completed={[first, second]} />, { catalogue });
    const subscales = screen.getByRole('table', { name: 'Subdimensions (text alternative to the chart)' });
    expect(within(subscales).getByText('TEPS: Anticipatory pleasure (reversed: longer = less)')).toBeTruthy();
    expect(within(subscales).getByText('AMI: Behavioural activation')).toBeTruthy();
    expect(screen.getByText('AMI 0–4: reliable change cannot be computed: no sourced test–retest reliability and SD.')).toBeTruthy();
    expect(screen.getByText(/SHAPS 0–14: reliable worsening/)).toBeTruthy();
  });

  it('shows SHAPS on the trend in the scoring the profile uses (14–56), for the same visits', () => {
    renderWithServices(<ProfilePanel completed={[second, first]} />, { catalogue });
    const table = screen.getByRole('table', { name: 'Scores by visit' });
    expect(within(table).getByRole('columnheader', { name: 'SHAPS 14–56' })).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    // The profile places visit 1 at SHAPS POMP 0 (14 on 14–56) and visit 2 at 100 (56): the trend shows those scores.
    expect(rows.map((cells) => cells.slice(0, 2))).toEqual([
      ['Jan 5, 2026', '14'],
      ['Feb 9, 2026', '56'],
    ]);
  });

  it('summarises one assessment in a line and shows each band with its source', async () => {
    renderWithServices(<ResultSummary assessment={second} />, { catalogue });
    // Another population's norm: read once the clinic's choice of reference groups is known, and folded.
    expect(await screen.findByText(/z = 11\.1 against Healthy students/)).toBeTruthy();
    expect(screen.getByText(/SHAPS 14 \(0–14\), Abnormal hedonic tone \(3 or more\) · TEPS 18 \(18–108\) · AMI 2\.33 \(0–4\)/)).toBeTruthy();
    expect(screen.getAllByText(/Cut-off source: NIDA Data Share/)).toHaveLength(1);
  });

  it('says "No reference data" on a result card for each score without a band or norm', async () => {
    renderWithServices(<ResultSummary assessment={second} />, { catalogue });
    const card = (name: string) => screen.getByRole('region', { name });
    const noData = 'No reference data: no sourced cut-off or norm is available for this scale.';
    await screen.findAllByText(noData);
    // SHAPS 0–14 has its band; its 14–56 scoring has none. TEPS and AMI have no band for any score.
    expect(within(card('SHAPS')).getAllByText(noData)).toHaveLength(1);
    expect(within(card('TEPS')).getAllByText(noData).length).toBeGreaterThan(0);
    expect(within(card('AMI')).getAllByText(noData).length).toBeGreaterThan(0);
  });
});
