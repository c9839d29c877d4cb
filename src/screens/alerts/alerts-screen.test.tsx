import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { createTranslator } from '../../i18n/translate.ts';
import { createAssessment, saveAnswer } from '../../storage/assessment-repository.ts';
import { createPatient } from '../../storage/patient-repository.ts';
import { AlertsScreen } from './alerts-screen.tsx';

const phq9 = loadInstrument('phq-9');
afterEach(cleanup);

describe('AlertsScreen', () => {
  it('names the patient so staff can find them, and quotes the answer that raised the alert with when it was given', async () => {
    const vault = await freshVault();
    const env = testEnvironment();
    await createPatient(vault, { code: 'P-7', displayName: 'Ada Lovelace', birthYear: null, sex: null, mrn: null }, 'p7', env.now());
    const draft = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p7'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: env.now() });
    const answeredAt = '2026-01-01T10:42:00.000Z';
    const answer = { code: 'more-than-half-the-days', answeredAt, durationMs: 4000 };
    await createAssessment(vault, draft);
    await saveAnswer(vault, { ...recordAnswer(draft, phq9.definition, 'phq-9-9', answer), updatedAt: '2026-01-01T11:30:00.000Z' }, 'phq-9', 'phq-9-9', answer);
    // Later activity must not stand in for the answer's time.
    renderWithServices(<AlertsScreen patientHref={(id) => `#/patients/${id}`} onContinue={vi.fn()} />, { vault, env, catalogue: { instruments: [phq9], broken: [] } });
    expect(await screen.findByText('Patient P-7 (Ada Lovelace):')).toBeTruthy();
    const when = createTranslator('en').formatDate(answeredAt);
    const entry = screen.getAllByRole('listitem')[0]?.textContent ?? '';
    expect(entry).toContain(`Item 9 answered “More than half the days” on ${when}.`);
  });
});
