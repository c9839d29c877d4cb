import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithServices } from '../../../tests/support/render.tsx';
import type { AssessmentOrigin } from '../../domain/assessment-schema.ts';
import { asAssessmentId } from '../../domain/ids.ts';
import type { ImportedEffort } from '../../domain/imported-effort.ts';
import { I18nProvider } from '../../i18n/i18n-context.tsx';
import { loadMessages, loadTranslator } from '../../i18n/translate.ts';
import { VisitEffortView } from './visit-effort-view.tsx';

afterEach(cleanup);

const origin = (effort: ImportedEffort): AssessmentOrigin => ({ server: 'https://ehr.example/fhir', pulledAt: '2026-04-01T08:00:00.000Z', responses: [], mismatches: [], effort });
const completed: ImportedEffort = {
  status: 'completed',
  taskVersion: '1.0.0',
  n: 64,
  acceptancePercent: 71.9,
  parameters: { rewardSensitivity: { value: 1.23, standardError: 0.21 }, effortSensitivity: { value: 0.456, standardError: null }, acceptanceBias: { value: null, standardError: null } },
  resources: ['o1/1', 'o2/1', 'o3/1', 'o4/1'],
};

describe('an effort result fetched from the EHR on a visit', () => {
  it('shows the parameters another tablet reported, marked as fetched, and says there is no grid to show or refit', () => {
    renderWithServices(<VisitEffortView assessment={{ id: asAssessmentId('a1'), effortTask: null, origin: origin(completed) }} />);
    expect(screen.getByRole('heading', { name: 'Effort task (research measure)' })).toBeTruthy();
    expect(screen.getByText(/fetched from the EHR on/)).toBeTruthy();
    expect(screen.getByText('Accepted 71.9% of 64 offers.')).toBeTruthy();
    const table = screen.getByRole('table', { name: /Fitted parameters/ });
    expect(table.textContent).toContain('Reward sensitivity (kR)1.23 ± 0.21');
    // Two decimals, as the tablet that gave the task shows them.
    expect(table.textContent).toContain('Effort sensitivity (kE)0.46');
    expect(table.textContent).toContain('Acceptance bias (a)—');
    // The acceptance bias first (Valton et al. 2025), with why and its source; no treatment from these numbers.
    expect(table.querySelector('tbody tr')?.textContent).toMatch(/^Acceptance bias \(a\)/);
    expect(screen.getByText(/The acceptance bias is listed first: .*No treatment is chosen from these parameters\./)).toBeTruthy();
    expect(screen.getByText(/doi:10\.1017\/S0033291725101967/).tagName).toBe('CITE');
    expect(screen.getByText(/No acceptance grid or model comparison.*cannot be refitted/)).toBeTruthy();
    // Nothing that needs the trials: no grid, no chart, no model comparison, nothing to press.
    expect(screen.queryByRole('table', { name: /Offers accepted/ })).toBeNull();
    expect(screen.queryByRole('figure')).toBeNull();
    expect(screen.queryByText(/Model comparison/)).toBeNull();
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('shows why a fetched task stopped', () => {
    renderWithServices(<VisitEffortView assessment={{ id: asAssessmentId('a2'), effortTask: null, origin: origin({ status: 'skipped', phase: 'main', reason: 'declined', resources: ['o5/1'] }) }} />);
    expect(screen.getByText(/^Stopped during the offers: .*Nothing is inferred from a stopped task\.$/)).toBeTruthy();
    expect(screen.getByText(/fetched from the EHR on/)).toBeTruthy();
  });

  it('shows nothing for a visit without an effort task', () => {
    const { container } = renderWithServices(<VisitEffortView assessment={{ id: asAssessmentId('a3'), effortTask: null, origin: { ...origin(completed), effort: undefined } }} />);
    expect(container.textContent).toBe('');
  });

  it('says it all in Chinese on a Chinese screen, with no stray English', async () => {
    await loadMessages('clinician', 'effort');
    const zh = await loadTranslator('zh-CN');
    const { container } = renderWithServices(
      <I18nProvider translate={zh}>
        <VisitEffortView assessment={{ id: asAssessmentId('a4'), effortTask: null, origin: origin(completed) }} />
        <VisitEffortView assessment={{ id: asAssessmentId('a5'), effortTask: null, origin: origin({ status: 'skipped', phase: 'practice', reason: 'cannot-tap', resources: [] }) }} />
      </I18nProvider>,
    );
    expect(container.textContent).toContain('从电子病历获取');
    expect(container.textContent).toContain('无法在本平板上重新拟合');
    // Latin letters only in the parameters' symbols (kR, kE, a), the standard error's abbreviation and the cited source.
    const uncited = container.cloneNode(true) as HTMLElement;
    for (const cited of uncited.querySelectorAll('cite')) cited.remove();
    expect(uncited.textContent.replace(/k[RE]|（a）|SE/g, '')).not.toMatch(/[A-Za-z]{2,}/);
  });
});
