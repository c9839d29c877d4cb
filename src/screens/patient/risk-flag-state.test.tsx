import type { Flag } from 'fhir/r4';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { startFhirServer, type TestFhirServer } from '../../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId } from '../../domain/ids.ts';
import { createAssessment } from '../../storage/assessment-repository.ts';
import { createPatient } from '../../storage/patient-repository.ts';
import { saveFhirServer } from '../../storage/settings-repository.ts';
import { PatientScreen } from './patient-screen.tsx';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: 'clinic-token' });
});
afterAll(() => server.close());
afterEach(cleanup);

/** A patient whose PHQ-9, answered in patient mode, has item 9 "Several days" (an open alert), on a connected tablet. */
async function connectedPatientWithOpenAlert(token: string) {
  const env = testEnvironment({ fetch, newId: () => crypto.randomUUID() });
  const vault = await freshVault();
  const created = await createPatient(vault, { code: 'W7-042', displayName: null, birthYear: null, sex: null, mrn: 'MRN-RF-1' }, 'p1', env.now());
  if (!created.ok) throw new Error(created.error.code);
  const draft = recordAnswer(
    startAssessment({ id: asAssessmentId('a1'), patientId: created.value.id, batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: env.now() }),
    phq9.definition,
    'phq-9-9',
    { code: 'several-days', answeredAt: env.now(), durationMs: 2000 },
  );
  await createAssessment(vault, draft);
  await saveFhirServer(vault, { baseUrl: server.baseUrl, auth: { kind: 'bearer', token }, mrnSystem: MRN_SYSTEM });
  return { env, vault };
}

const flags = async () => (await server.repo.searchResources({ resourceType: 'Flag' })) as readonly Flag[];

describe('the patient page says where the risk flag stands on the EHR', () => {
  it('not sent yet (patient mode holds no key), refused with the server’s reason, sent, then closed on acknowledging', async () => {
    const { env, vault } = await connectedPatientWithOpenAlert('expired-token');
    renderWithServices(
      <PatientScreen patientId="p1" patientsHref="#/patients" patientHref="#/patients/p1" reportHref={() => '#/report'} onHandOver={() => Promise.resolve()} onEnter={() => undefined} />,
      { vault, env, catalogue },
    );
    expect(await screen.findByText('Risk flag not sent to the EHR yet.')).toBeTruthy();
    expect(screen.getByText(/patient mode holds no key/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Send the risk flag to the EHR' }));
    expect(await screen.findByText(/^Risk flag waiting to send: .*401/, {}, { timeout: 10_000 })).toBeTruthy();
    expect(await flags()).toEqual([]);

    await saveFhirServer(vault, { baseUrl: server.baseUrl, auth: { kind: 'bearer', token: 'clinic-token' }, mrnSystem: MRN_SYSTEM });
    fireEvent.click(screen.getByRole('button', { name: 'Try sending again' }));
    expect(await screen.findByText(/^Risk flag sent to the EHR \w/, {}, { timeout: 10_000 })).toBeTruthy();
    expect((await flags()).map((f) => f.status)).toEqual(['active']);

    env.advance(60_000);
    fireEvent.click(screen.getByRole('button', { name: 'I have seen this alert' }));
    expect(await screen.findByText(/^Risk flag closed on the EHR \w/, {}, { timeout: 10_000 })).toBeTruthy();
    expect((await flags()).map((f) => [f.status, f.period?.end])).toEqual([['inactive', '2026-01-01T09:01:00.000Z']]);
  });
});
