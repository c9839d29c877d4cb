import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { completeAsGiven, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId } from '../../domain/ids.ts';
import { listAssessmentsForPatient } from '../../storage/assessment-repository.ts';
import { storeImportedAssessments } from '../../storage/imported-assessments.ts';
import { createPatient } from '../../storage/patient-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { PatientScreen } from './patient-screen.tsx';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
afterEach(cleanup);

/** A patient with two completed PHQ-9 visits: March (every item "Nearly every day", total 24) and February (total 8). */
async function patientWithVisits(): Promise<{ vault: Vault; patientId: string }> {
  const vault = await freshVault();
  const created = await createPatient(vault, { code: 'W7-042', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', '2026-01-01T08:00:00.000Z');
  if (!created.ok) throw new Error(created.error.code);
  const visit = (id: string, day: string, code: string) => {
    let a = startAssessment({ id: asAssessmentId(id), patientId: created.value.id, batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'clinician', language: 'en', now: `${day}T09:00:00.000Z` });
    for (const item of phq9.definition.items) {
      const answer = item.id === 'phq-9-9' ? 'not-at-all' : item.id === 'phq-9-difficulty' ? 'very-difficult' : code;
      a = recordAnswer(a, phq9.definition, item.id, { code: answer, answeredAt: `${day}T09:05:00.000Z`, durationMs: 3000 });
    }
    return completeAsGiven(a, [phq9], `${day}T09:10:00.000Z`);
  };
  const stored = await storeImportedAssessments(vault, [visit('feb', '2026-02-02', 'several-days'), visit('mar', '2026-03-02', 'nearly-every-day')]);
  if (!stored.ok) throw new Error(stored.error.code);
  return { vault, patientId: created.value.id };
}

function show(vault: Vault, patientId: string) {
  const env = testEnvironment({}, '2026-03-05T10:00:00.000Z');
  return renderWithServices(
    <PatientScreen patientId={patientId} patientsHref="#/patients" patientHref={`#/patients/${patientId}`} reportHref={() => '#/report'} onHandOver={() => Promise.resolve()} onEnter={() => undefined} />,
    { vault, env, catalogue },
  );
}

const latestCard = async () => {
  const heading = await screen.findByRole('heading', { name: 'Latest visit' });
  const card = heading.nextElementSibling;
  if (!(card instanceof HTMLElement)) throw new Error('no latest visit card');
  return within(card);
};

describe('correcting a visit on the patient page', () => {
  it('corrects a wrong answer: the latest visit shows the new total and why; the first version stays in the history', async () => {
    const { vault, patientId } = await patientWithVisits();
    show(vault, patientId);
    const card = await latestCard();
    expect(card.getAllByText(/PHQ-9 24 \(0–27\)/).length).toBeGreaterThan(0);
    fireEvent.click(card.getByText('Correct this visit'));
    // The questionnaire's stem and time frame, then each item in the words it was given in, its answer chosen from its options.
    expect(card.getByText(/Over the last 2 weeks/)).toBeTruthy();
    // Each item in the words it was given in, its answer chosen from its options.
    const item1 = card.getByRole('combobox', { name: /^1\. Little interest or pleasure in doing things/ });
    expect((item1 as HTMLSelectElement).value).toBe('nearly-every-day');
    // Nothing changed: refused in words, nothing stored.
    fireEvent.click(card.getByRole('button', { name: 'Save the corrected version' }));
    expect(await card.findByRole('alert')).toHaveProperty('textContent', 'No answer was changed: nothing was saved.');
    fireEvent.change(item1, { target: { value: 'not-at-all' } });
    fireEvent.change(card.getByRole('textbox', { name: 'Note: why, in your words' }), { target: { value: 'keyed the wrong row' } });
    fireEvent.click(card.getByRole('button', { name: 'Save the corrected version' }));

    await waitFor(async () => expect((await latestCard()).getByText(/Corrected version 2, Mar 5, 2026, 10:00 AM: A wrong answer was entered — “keyed the wrong row”/)).toBeTruthy());
    expect((await latestCard()).getAllByText(/PHQ-9 21 \(0–27\)/).length).toBeGreaterThan(0);
    expect((await latestCard()).queryAllByText(/PHQ-9 24 \(0–27\)/)).toEqual([]);
    const history = screen.getByRole('heading', { name: 'Corrected and voided visits' }).nextElementSibling as HTMLElement;
    expect(within(history).getByText('Version 1, as first given')).toBeTruthy();
    const stored = await listAssessmentsForPatient(vault, patientId as never);
    expect(stored.ok && stored.value.length).toBe(3);
  });

  it('voids a visit given to the wrong patient: it leaves the latest visit and is listed with its reason', async () => {
    const { vault, patientId } = await patientWithVisits();
    show(vault, patientId);
    const card = await latestCard();
    fireEvent.click(card.getByText('Correct this visit'));
    fireEvent.click(card.getByRole('radio', { name: 'It was given to the wrong patient' }));
    expect(card.queryByRole('combobox')).toBeNull();
    fireEvent.change(card.getByRole('textbox', { name: 'Note: why, in your words' }), { target: { value: 'this was W7-043' } });
    fireEvent.click(card.getByRole('button', { name: 'Mark this visit as entered in error' }));

    // February is now the latest visit; March is in the history, voided, with why.
    await waitFor(async () => expect((await latestCard()).getByText(/Completed Feb 2, 2026/)).toBeTruthy());
    const history = screen.getByRole('heading', { name: 'Corrected and voided visits' }).nextElementSibling as HTMLElement;
    expect(within(history).getByText(/Voided Mar 5, 2026, 10:00 AM: It was given to the wrong patient — “this was W7-043”/)).toBeTruthy();
  });
});
