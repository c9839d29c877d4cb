import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { completeAsGiven, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { ReferenceGroupsPanel } from '../settings/reference-groups-panel.tsx';
import { ResultSummary } from './result-summary.tsx';
import { AssessmentReport } from './assessment-report.tsx';
import { DEFAULT_PREFERENCES } from '../../storage/settings-repository.ts';
import { saveMatchingNorms } from '../../workflows/clinic-settings.ts';

const shaps = loadInstrument('shaps');
const catalogue = { instruments: [shaps], broken: [] };
afterEach(cleanup);

/** SHAPS with every item "Strongly disagree": 14 on 0–14, far above the French healthy students' mean. */
function shapsResult() {
  let a = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'SHAPS', definitions: [shaps.definition], mode: 'patient', language: 'en', now: '2026-01-01T09:00:00.000Z' });
  for (const item of shaps.definition.items) a = recordAnswer(a, shaps.definition, item.id, { code: 'strongly-disagree', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 3000 });
  return completeAsGiven(a, [shaps], '2026-01-01T09:05:00.000Z');
}

describe('norms from another population', () => {
  it('folds a z against a group the clinic has not chosen under "Reference data (other population)", saying why', async () => {
    const vault = await freshVault();
    renderWithServices(<ResultSummary assessment={shapsResult()} />, { vault, catalogue });
    const folded = await screen.findAllByText('Reference data (other population)');
    expect(folded.length).toBeGreaterThan(0);
    const details = folded[0]?.closest('details');
    expect(details?.open).toBe(false);
    expect(details?.textContent).toMatch(/Not chosen in Settings as like this clinic’s patients .*French.*z = 11\.1 against Healthy students/);
  });

  it('shows the z openly once the clinic chooses that group in Settings', async () => {
    const vault = await freshVault();
    const panel = renderWithServices(<ReferenceGroupsPanel />, { vault, catalogue });
    const group = await screen.findByRole<HTMLInputElement>('checkbox', { name: /SHAPS: Healthy students/ });
    await waitFor(() => expect(group.disabled).toBe(false));
    fireEvent.click(group);
    fireEvent.click(screen.getByRole('button', { name: 'Save reference groups' }));
    await screen.findByText('Saved.');
    panel.unmount();
    renderWithServices(<ResultSummary assessment={shapsResult()} />, { vault, catalogue });
    const shown = await screen.findByText(/z = 11\.1 against Healthy students/);
    expect(shown.closest('details')).toBeNull();
  });
});

describe('norms on the printed report', () => {
  it('prints a z only against a group the clinic chose; another population’s is left off the paper', async () => {
    const vault = await freshVault();
    const assessment = shapsResult();
    const patient = { id: asPatientId('p1'), code: 'P-1', displayName: null, birthYear: null, sex: null, mrn: null, createdAt: '2026-01-01T08:00:00.000Z', updatedAt: '2026-01-01T08:00:00.000Z' };
    const report = () => <AssessmentReport patient={patient} assessment={assessment} history={[assessment]} backHref="#/p" printedAt="2026-01-02T09:00:00.000Z" />;
    const first = renderWithServices(report(), { vault, catalogue });
    await screen.findByText(/Motivation Profile — screening report/);
    expect(screen.queryByText(/against Healthy students/)).toBeNull();
    first.unmount();
    await saveMatchingNorms({ vault }, ['shaps/loas-1997-healthy-students'], DEFAULT_PREFERENCES);
    renderWithServices(report(), { vault, catalogue });
    expect(await screen.findByText(/Healthy students/)).toBeTruthy();
  });
});
