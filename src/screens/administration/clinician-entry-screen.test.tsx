import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { createAssessment } from '../../storage/assessment-repository.ts';
import { ClinicianEntryScreen } from './clinician-entry-screen.tsx';

const shaps = loadInstrument('shaps');
const env = testEnvironment();
afterEach(cleanup);

describe('ClinicianEntryScreen', () => {
  it('reminds the clinician which questionnaires to read aloud and interpret, and into which language', async () => {
    const vault = await freshVault();
    const texts = { shaps: { language: 'en', version: '1.0.0', packHash: shaps.packs.en?.hash ?? null, reading: 'clinician-read' as const } };
    await createAssessment(vault, startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'SHAPS', definitions: [shaps.definition], mode: 'clinician', language: 'zh-CN', texts, now: env.now() }));
    renderWithServices(<ClinicianEntryScreen assessmentId="a1" onLeave={() => undefined} />, { vault, env, catalogue: { instruments: [shaps], broken: [] } });
    expect(await screen.findByText('Read these aloud to the patient, interpreting them into 中文（简体）: SHAPS. Key in the answers the patient gives.')).toBeTruthy();
    // The clinician reads from the English text recorded for it.
    expect(screen.getByRole('heading', { name: 'Snaith–Hamilton Pleasure Scale (SHAPS)' }).getAttribute('lang')).toBe('en');
  });
});
