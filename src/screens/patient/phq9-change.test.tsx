import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../../domain/assessment.ts';
import { asAssessmentId, type PatientId } from '../../domain/ids.ts';
import { createAssessment } from '../../storage/assessment-repository.ts';
import { createPatient } from '../../storage/patient-repository.ts';
import { PatientScreen } from './patient-screen.tsx';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const env = testEnvironment();
const CODES = ['not-at-all', 'several-days', 'more-than-half-the-days', 'nearly-every-day'] as const;
const NOTE = 'Text for the clinical note';
afterEach(cleanup);

/** A completed PHQ-9 whose items 1–9 score `values` (item 9 left at 0 by the callers: no alert). */
function completedPhq9(id: string, patientId: PatientId, at: string, values: readonly number[]): Assessment {
  let a = startAssessment({ id: asAssessmentId(id), patientId, batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'clinician', language: 'en', now: at });
  values.forEach((value, i) => {
    a = recordAnswer(a, phq9.definition, `phq-9-${i + 1}`, { code: CODES[value] ?? 'not-at-all', answeredAt: at, durationMs: 4000 });
  });
  return completeAssessment(a, [phq9.definition], () => ({}), at);
}

async function patientWithVisits(visits: readonly (readonly [string, readonly number[]])[]) {
  const vault = await freshVault();
  const created = await createPatient(vault, { code: 'C-17', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', env.now());
  if (!created.ok) throw new Error(created.error.code);
  for (const [i, [at, values]] of visits.entries()) {
    const stored = await createAssessment(vault, completedPhq9(`a${i}`, created.value.id, at, values));
    if (!stored.ok) throw new Error(stored.error.code);
  }
  renderWithServices(
    <PatientScreen patientId={created.value.id} patientsHref="#/patients" patientHref="#/p" reportHref={() => '#/report'} onHandOver={() => Promise.resolve()} onEnter={() => undefined} />,
    { vault, env, catalogue },
  );
}

/** The change section is in the lazily loaded profile: on a loaded 2-core machine its chunk can take over 1 s. */
const LAZY = { timeout: 10_000 };

describe('the patient page interprets PHQ-9 change between the last two visits, with sources', () => {
  it('17 → 8: response, no remission, reliable improvement, each with a footnoted citation', async () => {
    await patientWithVisits([
      ['2026-01-05T10:00:00.000Z', [3, 3, 3, 2, 2, 2, 1, 1, 0]],
      ['2026-02-09T10:00:00.000Z', [1, 1, 1, 1, 1, 1, 1, 1, 0]],
    ]);
    const change = await screen.findByRole('region', { name: 'Change since the previous visit (published criteria)' }, LAZY);
    const line = within(change).getByText(/^PHQ-9 17 \(Jan 5, 2026\) → 8 \(Feb 9, 2026\)/).textContent;
    expect(line).toContain('response: yes (a drop of 50 % or more) [1]');
    expect(line).toContain('remission: no (needs a score below 5) [1]');
    expect(line).toContain('reliable improvement (a change of 5 points or more) [2]');
    const sources = within(change).getByRole('list', { name: 'Sources of the criteria' });
    expect(within(sources).getByText('[1] Psychiatr Serv, PHQ-9 metrics, doi 10.1176/appi.ps.201900295')).toBeTruthy();
    expect(within(sources).getByText('[2] Löwe 2004, doi 10.1097/00005650-200412000-00006')).toBeTruthy();
    expect(screen.queryByText(/PHQ-9.*reliable change cannot be computed/)).toBeNull();
    // The clinical note of the later visit states the same, with the same sources; the earlier visit's note does not.
    const notes = () => screen.getAllByRole<HTMLTextAreaElement>('textbox', { name: NOTE }).map((n) => n.value);
    await waitFor(() => expect(notes()[0]).toContain('PHQ-9 17 (2026-01-05) -> 8 (2026-02-09): response: yes (a drop of 50 % or more) [1]'), LAZY);
    expect(notes()[0]).toContain('[2] Lowe 2004, doi 10.1097/00005650-200412000-00006');
    expect(notes()[1]).not.toContain('Change since the previous visit');
  });

  it('12 → 4: remission; 8 → 15: reliable deterioration, response and remission not applicable', async () => {
    await patientWithVisits([
      ['2026-01-05T10:00:00.000Z', [2, 2, 2, 2, 1, 1, 1, 1, 0]],
      ['2026-02-09T10:00:00.000Z', [1, 1, 1, 1, 0, 0, 0, 0, 0]],
    ]);
    const change = await screen.findByRole('region', { name: 'Change since the previous visit (published criteria)' }, LAZY);
    expect(within(change).getByText(/remission: yes \(below 5\) \[1\]/)).toBeTruthy();
    cleanup();
    await patientWithVisits([
      ['2026-01-05T10:00:00.000Z', [1, 1, 1, 1, 1, 1, 1, 1, 0]],
      ['2026-02-09T10:00:00.000Z', [2, 2, 2, 2, 2, 2, 2, 1, 0]],
    ]);
    const worse = await screen.findByRole('region', { name: 'Change since the previous visit (published criteria)' }, LAZY);
    const line = within(worse).getByText(/^PHQ-9 8 .* 15 /).textContent;
    expect(line).toContain('response: not applicable (defined from a baseline of 10 or more)');
    expect(line).toContain('reliable deterioration (a change of 5 points or more) [2]');
  });
});
