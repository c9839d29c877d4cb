import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { simulateFullDisk } from '../../../tests/support/full-disk.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { freshVault } from '../../../tests/support/vault.ts';
import { completeAsGiven, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { createAssessment, getAssessment, saveAnswer } from '../../storage/assessment-repository.ts';
import { createPatient } from '../../storage/patient-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { PatientScreen } from './patient-screen.tsx';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const env = testEnvironment();
afterEach(cleanup);

/** A patient with one PHQ-9 draft whose item 9 was answered "Several days": an open safety alert. */
async function patientWithOpenAlert(): Promise<{ vault: Vault; patientId: string }> {
  const vault = await freshVault();
  const created = await createPatient(vault, { code: 'W7-042', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', env.now());
  if (!created.ok) throw new Error(created.error.code);
  const draft = recordAnswer(
    startAssessment({ id: asAssessmentId('a1'), patientId: created.value.id, batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: env.now() }),
    phq9.definition,
    'phq-9-9',
    { code: 'several-days', answeredAt: env.now(), durationMs: 2000 },
  );
  const stored = await createAssessment(vault, draft);
  if (!stored.ok) throw new Error(stored.error.code);
  return { vault, patientId: created.value.id };
}

function show(vault: Vault, patientId: string) {
  return renderWithServices(
    <PatientScreen
      patientId={patientId}
      patientsHref="#/patients"
      patientHref={`#/patients/${patientId}`}
      reportHref={() => '#/report'}
      onHandOver={() => Promise.resolve()}
      onEnter={() => undefined}
    />,
    { vault, env, catalogue },
  );
}

const FULL = /storage is full/;

describe('the patient page when an action cannot be saved', () => {
  it('keeps showing why acknowledging an alert failed, after the page has read its data again', async () => {
    const { vault, patientId } = await patientWithOpenAlert();
    const disk = await simulateFullDisk(vault.db, ['assessments']);
    show(vault, patientId);
    const acknowledge = await screen.findByRole('button', { name: 'I have seen this alert' });
    disk.fill();
    fireEvent.click(acknowledge);
    expect(await screen.findByText(FULL)).toBeTruthy();
    // Give the page time to read again; the reason must still be there, and the alert still open.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.getByText(FULL)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'I have seen this alert' })).toBeTruthy();
    const stored = await getAssessment(vault, asAssessmentId('a1'));
    expect(stored.ok && stored.value.alertsAcknowledgedAt).toBeNull();

    disk.free();
    fireEvent.click(screen.getByRole('button', { name: 'I have seen this alert' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'I have seen this alert' })).toBeNull());
    expect(screen.queryByText(FULL)).toBeNull();
  });

  it('keeps showing why discarding a draft failed', async () => {
    const { vault, patientId } = await patientWithOpenAlert();
    const disk = await simulateFullDisk(vault.db, ['assessments']);
    show(vault, patientId);
    // A draft with an open alert cannot be discarded: acknowledge first (disk still free), then fill the disk.
    fireEvent.click(await screen.findByRole('button', { name: 'I have seen this alert' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Discard draft' }));
    disk.fill();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, discard it' }));
    expect(await screen.findByText(FULL)).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.getByText(FULL)).toBeTruthy();
    const stored = await getAssessment(vault, asAssessmentId('a1'));
    expect(stored.ok && stored.value.status).toBe('draft');
  });
});

describe('a draft left fully answered (e.g. by the idle lock at the last item)', () => {
  it('shows staff its answers and provisional scores, and finishes and scores it on "Finish and score"', async () => {
    const vault = await freshVault();
    await createPatient(vault, { code: 'D-1', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', env.now());
    let draft = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: env.now() });
    await createAssessment(vault, draft);
    for (const item of phq9.definition.items.filter((i) => i.required)) {
      const answer = { code: item.id === 'phq-9-1' ? 'nearly-every-day' : 'several-days', answeredAt: env.now(), durationMs: 2000 };
      draft = recordAnswer(draft, phq9.definition, item.id, answer);
      await saveAnswer(vault, draft, 'phq-9', item.id, answer);
    }
    show(vault, 'p1');
    fireEvent.click(await screen.findByText('Answers so far and provisional scores'));
    // 3 + 8 × 1 = 11, not yet a result: marked provisional.
    expect(screen.getByText(/PHQ-9 11 \(0–27\), Moderate/)).toBeTruthy();
    expect(screen.getByText('Provisional, not yet finished:')).toBeTruthy();
    expect(screen.getAllByText('Nearly every day').length).toBe(1);
    expect(screen.getAllByText('not answered').length).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'Finish and score' }));
    await screen.findByRole('heading', { name: 'Latest visit' });
    expect(screen.queryByRole('heading', { name: 'Drafts' })).toBeNull();
    const stored = await getAssessment(vault, asAssessmentId('a1'));
    expect(stored.ok && [stored.value.status, stored.value.results?.['phq-9']?.scores['total']]).toEqual(['completed', 11]);
  });

  it('offers no "Finish and score" while a question is unanswered', async () => {
    const { vault, patientId } = await patientWithOpenAlert();
    show(vault, patientId);
    await screen.findByText('Answers so far and provisional scores');
    expect(screen.queryByRole('button', { name: 'Finish and score' })).toBeNull();
  });
});

describe('the page of a returning patient', () => {
  it('opens on the latest visit in brief, with earlier visits folded and the start form behind "New assessment"', async () => {
    const vault = await freshVault();
    await createPatient(vault, { code: 'R-1', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', env.now());
    for (const [id, code, at] of [['a1', 'nearly-every-day', '2026-01-01T09:00:00.000Z'], ['a2', 'several-days', '2026-01-15T09:00:00.000Z']] as const) {
      let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: at });
      for (const item of phq9.definition.items.filter((i) => i.required && i.id !== 'phq-9-9')) a = recordAnswer(a, phq9.definition, item.id, { code, answeredAt: at, durationMs: 2000 });
      a = recordAnswer(a, phq9.definition, 'phq-9-9', { code: 'not-at-all', answeredAt: at, durationMs: 2000 });
      await createAssessment(vault, completeAsGiven(a, [phq9], at));
    }
    show(vault, 'p1');
    await screen.findByRole('heading', { name: 'Latest visit' });
    const headings = screen.getAllByRole('heading').map((h) => h.textContent);
    expect(headings.indexOf('Latest visit')).toBeLessThan(headings.indexOf('Earlier visits'));
    // The latest (15 Jan: 8 × 1 = 8, Mild) is open; the first visit is folded under Earlier visits.
    expect(screen.getAllByText(/PHQ-9 8 \(0–27\), Mild/).length).toBeGreaterThan(0);
    expect(screen.queryByLabelText('Choose instruments')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'New assessment' }));
    expect(screen.getByLabelText('Choose instruments')).toBeTruthy();
  });
});
