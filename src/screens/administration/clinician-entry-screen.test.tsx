import type { Flag } from 'fhir/r4';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { startFhirServer } from '../../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { createAssessment, saveAnswer } from '../../storage/assessment-repository.ts';
import { createPatient } from '../../storage/patient-repository.ts';
import { saveFhirServer } from '../../storage/settings-repository.ts';
import { ClinicianEntryScreen } from './clinician-entry-screen.tsx';

const shaps = loadInstrument('shaps');
const phq9 = loadInstrument('phq-9');
const env = testEnvironment();
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

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

describe('ClinicianEntryScreen with an EHR connection', () => {
  it('sends a positive item 9 to the EHR at once, as one active Flag', async () => {
    const server = await startFhirServer({ token: 'clinic-token' });
    try {
      // Each reading of the clock is a second later, so the tap is not taken for a double tap.
      let now = 0;
      vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
      const online = testEnvironment({ fetch, newId: () => crypto.randomUUID() });
      const vault = await freshVault();
      await createPatient(vault, { code: 'E-1', displayName: null, birthYear: null, sex: null, mrn: 'MRN-E-1' }, 'p1', online.now());
      // Items 1–8 keyed in already: the form resumes at item 9.
      let draft = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'clinician', language: 'en', now: online.now() });
      await createAssessment(vault, draft);
      for (const item of phq9.definition.items.filter((i) => i.id !== 'phq-9-9' && i.id !== 'phq-9-difficulty')) {
        const answer = { code: 'not-at-all', answeredAt: online.now(), durationMs: 1000 };
        draft = recordAnswer(draft, phq9.definition, item.id, answer);
        await saveAnswer(vault, draft, 'phq-9', item.id, answer);
      }
      await saveFhirServer(vault, { baseUrl: server.baseUrl, auth: { kind: 'bearer', token: 'clinic-token' }, mrnSystem: 'urn:oid:2.16.840.1.113883.19.5' });
      renderWithServices(<ClinicianEntryScreen assessmentId="a1" onLeave={() => undefined} />, { vault, env: online, catalogue: { instruments: [phq9], broken: [] } });
      const radio = await screen.findByRole('radio', { name: 'Nearly every day' });
      fireEvent.pointerDown(radio.closest('label') as HTMLElement);
      fireEvent.click(radio);
      await waitFor(async () => expect(((await server.repo.searchResources({ resourceType: 'Flag' })) as Flag[]).map((f) => f.status)).toEqual(['active']), { timeout: 10_000 });
    } finally {
      await server.close();
    }
  });
});
