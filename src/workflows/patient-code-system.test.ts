import { describe, expect, it } from 'vitest';
import type { Bundle, Patient } from 'fhir/r4';
import { testEnvironment } from '../../tests/support/environment.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault } from '../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import type { Patient as LocalPatient } from '../domain/patient.ts';
import { readPatientCodeSystem } from '../storage/settings-repository.ts';
import { clinicPatientCodeSystem, saveClinicPatientCodeSystem } from './clinic-settings.ts';
import { prepareFhirFile } from './send-to-ehr.ts';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const assessment = completeAssessment(
  phq9.definition.items.reduce(
    (a, item) => recordAnswer(a, phq9.definition, item.id, { code: 'not-at-all', answeredAt: '2026-03-01T09:01:00.000Z', durationMs: 3000 }),
    startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: '2026-03-01T09:00:00.000Z' }),
  ),
  [phq9.definition],
  () => ({}),
  '2026-03-01T09:05:00.000Z',
);
const patient: LocalPatient = { id: asPatientId('p1'), code: 'P-001', displayName: null, birthYear: null, sex: null, mrn: null, createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:00.000Z' };

/** A tablet of its own (its own database), exporting P-001 with no MRN: the Patient's pseudonym identifier. */
async function tablet() {
  const vault = await freshVault();
  const ctx = { vault, env: testEnvironment({ newId: () => crypto.randomUUID() }), catalogue };
  const pseudonymOfExport = async () => {
    const file = await prepareFhirFile(ctx, { assessment, patient, subject: { patientCode: 'P-001', mrn: null } });
    if (!file.ok) throw new Error(file.error.code);
    const bundle = JSON.parse(file.value.json) as Bundle;
    const fhirPatient = bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as Patient;
    return fhirPatient.identifier ?? [];
  };
  return { ctx, pseudonymOfExport };
}

describe("the clinic's own patient-code system (one clinic's P-001 is never another clinic's)", () => {
  it('gives each clinic its own system at the first export and keeps it for every later one', async () => {
    const clinicA = await tablet();
    const clinicB = await tablet();
    const [a1] = await clinicA.pseudonymOfExport();
    const [a2] = await clinicA.pseudonymOfExport();
    const [b1] = await clinicB.pseudonymOfExport();
    expect(a1?.value).toBe('P-001');
    expect(a1?.system).toMatch(/^https:\/\/motivation-profile\.app\/fhir\/patient-code\/[0-9a-f-]{36}$/);
    expect(a2?.system).toBe(a1?.system);
    expect(b1?.value).toBe('P-001');
    expect(b1?.system).not.toBe(a1?.system);
  });

  it("lets a second tablet of the same clinic take the first tablet's system, so both name the same person", async () => {
    const first = await tablet();
    const second = await tablet();
    const [fromFirst] = await first.pseudonymOfExport();
    const system = await clinicPatientCodeSystem(first.ctx);
    expect(system.ok && system.value).toBe(fromFirst?.system);
    expect(await saveClinicPatientCodeSystem(second.ctx, `  ${fromFirst?.system ?? ''} `)).toEqual({ ok: true, value: undefined });
    const [fromSecond] = await second.pseudonymOfExport();
    expect(fromSecond?.system).toBe(fromFirst?.system);
  });

  it('refuses a system that is not a URI or OID and changes nothing', async () => {
    const clinic = await tablet();
    const before = await clinicPatientCodeSystem(clinic.ctx);
    expect(await saveClinicPatientCodeSystem(clinic.ctx, 'our clinic')).toEqual({ ok: false, error: { code: 'not-a-system' } });
    const after = await readPatientCodeSystem(clinic.ctx.vault.db);
    expect(after.ok && after.value).toBe(before.ok && before.value);
  });
});
