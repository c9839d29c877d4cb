import type { Patient as FhirPatient } from 'fhir/r4';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type TestFhirServer } from '../../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { simulateFullDisk } from '../../../tests/support/full-disk.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import type { Patient } from '../../domain/patient.ts';
import { EhrExport } from './ehr-export.tsx';

const phq9 = loadInstrument('phq-9');
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

describe('Send to the EHR (real outbox on fake-indexeddb, real FHIR server on 127.0.0.1)', () => {
  it('sends the confirmed assessment, keeps a refusal with the server’s reason, and resends without duplicates', async () => {
    const vault = await freshVault();
    const settings = { baseUrl: server.baseUrl, auth: { kind: 'bearer' as const, token: 'wrong-token' }, mrnSystem: 'urn:oid:2.16.840.1.113883.19.5' };
    const view = renderWithServices(<EhrExport assessment={assessment} patient={patient} server={settings} />, { vault, env: testEnvironment({ fetch }), catalogue });
    expect(screen.getByLabelText<HTMLInputElement>(/Medical record number/).value).toBe('MRN-7781');
    // The connection knows the numbering: nobody is asked for it.
    expect(await screen.findByText('Record numbers are filed under urn:oid:2.16.840.1.113883.19.5.')).toBeTruthy();
    expect(screen.queryByLabelText(/Identifier system/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Send to the EHR' }));
    expect(await screen.findByText(/^Not sent: .*401/, {}, { timeout: 10_000 })).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Try sending again' })).toBeTruthy();
    expect(await count('QuestionnaireResponse')).toBe(0);

    view.rerender(<EhrExport assessment={assessment} patient={patient} server={{ ...settings, auth: { kind: 'bearer', token: 'clinic-token' } }} />);
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
    const vault = await freshVault();
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
