import type { Patient as FhirPatient } from 'fhir/r4';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, TEST_CLINIC_CODE_SYSTEM, type TestFhirServer } from '../../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { simulateFullDisk } from '../../../tests/support/full-disk.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import type { Patient } from '../../domain/patient.ts';
import { listOutbox } from '../../storage/outbox-repository.ts';
import { savePatientCodeSystem } from '../../storage/settings-repository.ts';
import { EhrExport } from './ehr-export.tsx';

const phq9 = loadInstrument('phq-9');
const LINK_QUESTION = 'The patient record on the server also has these identifiers:';
const catalogue = { instruments: [phq9], broken: [] };
const patient: Patient = { id: asPatientId('p1'), code: 'W7-042', displayName: null, birthYear: null, sex: null, mrn: 'MRN-7781', createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:00.000Z' };
const assessment = completeAssessment(
  phq9.definition.items.reduce(
    (a, item) => recordAnswer(a, phq9.definition, item.id, { code: item.id === 'phq-9-difficulty' ? 'somewhat-difficult' : 'several-days', answeredAt: '2026-03-01T09:01:00.000Z', durationMs: 3000 }),
    startAssessment({ id: asAssessmentId('a1'), patientId: patient.id, batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: '2026-03-01T09:00:00.000Z' }),
  ),
  [phq9.definition],
  () => ({}),
  '2026-03-01T09:05:00.000Z',
);

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: 'clinic-token' });
});
afterAll(() => server.close());
afterEach(cleanup);

const count = async (type: 'QuestionnaireResponse' | 'Observation' | 'Patient') => (await server.repo.searchResources({ resourceType: type })).length;
const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';

/** A tablet of the clinic: its patient-code system is the clinic's, shared by its tablets (Settings). */
async function clinicVault() {
  const vault = await freshVault();
  await savePatientCodeSystem(vault.db, TEST_CLINIC_CODE_SYSTEM);
  return vault;
}

describe('Send to the EHR (real outbox on fake-indexeddb, real FHIR server on 127.0.0.1)', () => {
  it('sends the confirmed assessment, keeps a refusal with the server’s reason, and resends without duplicates', async () => {
    const vault = await clinicVault();
    const settings = { baseUrl: server.baseUrl, auth: { kind: 'bearer' as const, token: 'clinic-token' }, mrnSystem: MRN_SYSTEM };
    // The receiving EHR refuses the Bundles (a business rule), with its reason.
    server.refuseBundles = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'business-rule', details: { text: 'Ward not registered' } }] };
    renderWithServices(<EhrExport assessment={assessment} patient={patient} server={settings} />, { vault, env: testEnvironment({ fetch }), catalogue });
    expect(screen.getByLabelText<HTMLInputElement>(/Medical record number/).value).toBe('MRN-7781');
    // The connection knows the numbering: nobody is asked for it.
    expect(await screen.findByText('Record numbers are filed under urn:oid:2.16.840.1.113883.19.5.')).toBeTruthy();
    expect(screen.queryByLabelText(/Identifier system/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Send to the EHR' }));
    expect(await screen.findByText(/^Not sent: .*422.*Ward not registered/, {}, { timeout: 10_000 })).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Try sending again' })).toBeTruthy();
    expect(await count('QuestionnaireResponse')).toBe(0);

    server.refuseBundles = null;
    fireEvent.click(screen.getByRole('button', { name: 'Try sending again' }));
    expect(await screen.findByText('Sent to the EHR.', {}, { timeout: 10_000 })).toBeTruthy();
    expect(await screen.findByText(/^Sent to the EHR \w/)).toBeTruthy();
    const patients = (await server.repo.searchResources({ resourceType: 'Patient' })) as readonly FhirPatient[];
    expect(patients.map((p) => p.identifier?.[0]?.value)).toEqual(['MRN-7781']);
    const observations = await count('Observation');
    expect(observations).toBeGreaterThanOrEqual(2);

    fireEvent.click(screen.getByRole('button', { name: 'Send again' }));
    expect(await screen.findByText('Sent to the EHR.', {}, { timeout: 10_000 })).toBeTruthy();
    expect([await count('Patient'), await count('QuestionnaireResponse'), await count('Observation')]).toEqual([1, 1, observations]);
  });
});

describe('Send to the EHR when the tablet cannot store the export', () => {
  it('says nothing was sent, never "Sent", when the outbox write fails and the outbox is empty', async () => {
    const vault = await clinicVault();
    const before = await count('QuestionnaireResponse');
    const disk = await simulateFullDisk(vault.db, ['outbox']);
    disk.fill();
    const settings = { baseUrl: server.baseUrl, auth: { kind: 'bearer' as const, token: 'clinic-token' }, mrnSystem: 'urn:oid:2.16.840.1.113883.19.5' };
    renderWithServices(<EhrExport assessment={assessment} patient={patient} server={settings} />, { vault, env: testEnvironment({ fetch }), catalogue });
    fireEvent.click(screen.getByRole('button', { name: 'Send to the EHR' }));
    expect(await screen.findByText('The export could not be stored on the tablet, so nothing was sent.', {}, { timeout: 5_000 })).toBeTruthy();
    expect(screen.queryByText('Sent to the EHR.')).toBeNull();
    expect(await count('QuestionnaireResponse')).toBe(before);
  }, 15_000);
});

describe('Send to the EHR: the first link to a server record with other identifiers', () => {
  it('shows those identifiers; Cancel sends and stores nothing; Link and continue sends; the next send does not ask', async () => {
    const vault = await clinicVault();
    const settings = { baseUrl: server.baseUrl, auth: { kind: 'bearer' as const, token: 'clinic-token' }, mrnSystem: MRN_SYSTEM };
    const merged = { ...patient, mrn: 'MRN-9001' };
    // Its own visit: the conditional creates would match the one the first test sent.
    const visit = { ...assessment, id: asAssessmentId('a-merged') };
    const record = await server.repo.createResource({ resourceType: 'Patient', identifier: [{ system: MRN_SYSTEM, value: 'MRN-9001' }, { system: 'urn:oid:1.2.840.99999.7', value: 'H-3141' }] });
    const responses = async () => ((await server.repo.searchResources({ resourceType: 'QuestionnaireResponse' })) as readonly { subject?: { reference?: string } }[]).filter((r) => r.subject?.reference === `Patient/${record.id}`).length;
    const outbox = async () => {
      const listed = await listOutbox(vault);
      return listed.ok ? listed.value.length : -1;
    };
    // Real UUIDs for the Bundle entries: the server resolves the urn:uuid references to its own record.
    renderWithServices(<EhrExport assessment={visit} patient={merged} server={settings} />, { vault, env: testEnvironment({ fetch, newId: () => crypto.randomUUID() }), catalogue });

    fireEvent.click(await screen.findByRole('button', { name: 'Send to the EHR' }));
    const warning = await screen.findByRole('alert', { name: LINK_QUESTION }, { timeout: 10_000 });
    expect(within(warning).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['urn:oid:1.2.840.99999.7 | H-3141']);
    expect(warning.textContent).toContain('Make sure it is the same person before linking.');
    expect(document.activeElement).toBe(warning);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send to the EHR' }).disabled).toBe(true);

    fireEvent.click(within(warning).getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Not sent. Nothing was changed.', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByRole('alert', { name: LINK_QUESTION })).toBeNull();
    expect([await responses(), await outbox()]).toEqual([0, 0]);

    fireEvent.click(screen.getByRole('button', { name: 'Send to the EHR' }));
    fireEvent.click(within(await screen.findByRole('alert', { name: LINK_QUESTION }, { timeout: 10_000 })).getByRole('button', { name: 'Link and continue' }));
    expect(await screen.findByText('Sent to the EHR.', {}, { timeout: 10_000 })).toBeTruthy();
    expect([await responses(), await outbox()]).toEqual([1, 1]);

    fireEvent.click(await screen.findByRole('button', { name: 'Send again' }));
    expect(await screen.findByText('Sent to the EHR.', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByRole('alert', { name: LINK_QUESTION })).toBeNull();
    expect(await responses()).toBe(1);
  });
});

describe('the MRN numbering, asked once', () => {
  it('asks a file-only clinic once, remembers it, and offers the patient code alone meanwhile', async () => {
    const vault = await freshVault();
    URL.createObjectURL = () => 'blob:test';
    URL.revokeObjectURL = () => undefined;
    const first = renderWithServices(<EhrExport assessment={assessment} patient={patient} server={null} />, { vault, env: testEnvironment(), catalogue });
    expect(await screen.findByLabelText(/Which numbering is this record number from/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download with the patient code only' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText(/Which numbering/), { target: { value: 'urn:oid:2.16.840.1.113883.19.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Download FHIR file' }));
    expect(await screen.findByText('Record numbers are filed under urn:oid:2.16.840.1.113883.19.5.')).toBeTruthy();
    first.unmount();
    // The next export, for any patient, does not ask again.
    renderWithServices(<EhrExport assessment={assessment} patient={patient} server={null} />, { vault, env: testEnvironment(), catalogue });
    expect(await screen.findByText('Record numbers are filed under urn:oid:2.16.840.1.113883.19.5.')).toBeTruthy();
    expect(screen.queryByLabelText(/Which numbering/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Download with the patient code only' })).toBeNull();
  });
});
