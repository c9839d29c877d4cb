import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { createAssessment, updateAssessment } from '../../storage/assessment-repository.ts';
import { createPatient } from '../../storage/patient-repository.ts';
import { PatientsScreen } from './patients-screen.tsx';

afterEach(cleanup);

const phq = loadInstrument('phq-9').definition;

const person = (code: string) => ({ code, displayName: null, birthYear: 1960, sex: 'female' as const, mrn: null });

describe('the patient list says where each patient is today', () => {
  it('marks an unfinished assessment and one completed today, and nothing for a visit on an earlier day', async () => {
    const vault = await freshVault();
    // Today, on the tablet's clock, is 2026-03-16 (10:00 local).
    const now = new Date(2026, 2, 16, 10, 0).toISOString();
    const yesterday = new Date(2026, 2, 15, 16, 0).toISOString();
    const thisMorning = new Date(2026, 2, 16, 8, 30).toISOString();
    for (const [id, code] of [['p1', 'P-DRAFT'], ['p2', 'P-TODAY'], ['p3', 'P-YESTERDAY']] as const) await createPatient(vault, person(code), id, yesterday);
    const start = (id: string, patientId: string, at: string) =>
      startAssessment({ id: asAssessmentId(id), patientId: asPatientId(patientId), batteryName: 'PHQ-9', definitions: [phq], mode: 'patient', language: 'en', now: at });
    await createAssessment(vault, start('a1', 'p1', thisMorning));
    const done = (id: string, patientId: string, at: string) => ({ ...start(id, patientId, at), status: 'completed' as const, completedAt: at, updatedAt: at });
    await createAssessment(vault, start('a2', 'p2', thisMorning));
    await updateAssessment(vault, done('a2', 'p2', thisMorning));
    await createAssessment(vault, start('a3', 'p3', yesterday));
    await updateAssessment(vault, done('a3', 'p3', yesterday));

    renderWithServices(<PatientsScreen patientHref={(id) => `#/patients/${id}`} />, { vault, env: testEnvironment({}, now) });
    const row = async (code: string) => (await screen.findByText(code)).closest('a') as HTMLElement;
    expect(within(await row('P-DRAFT')).getByText('Unfinished assessment')).toBeTruthy();
    expect(within(await row('P-TODAY')).getByText('Completed today')).toBeTruthy();
    const earlier = await row('P-YESTERDAY');
    expect(within(earlier).queryByText('Completed today')).toBeNull();
    expect(within(earlier).queryByText('Unfinished assessment')).toBeNull();
  });
});
