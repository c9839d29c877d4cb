import { describe, expect, it } from 'vitest';
import { freshDb } from '../../../tests/support/vault.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { getAssessment } from '../assessment-repository.ts';
import { unlockClinic } from '../clinic-lock.ts';
import { openDatabase } from '../database.ts';
import { getPatient } from '../patient-repository.ts';
import type { AnswerRowV1, AssessmentRowV1, ClinicLockV1, PatientRowV1 } from './0001-initial.ts';

/** Seeds a version 1 database exactly as version 1 of the app wrote it (passphrase "correct horse", 1000 iterations). */
async function seedVersion1(name: string) {
  const v1 = freshDb(name, 1);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode('correct horse'), 'PBKDF2', false, ['deriveBits']);
  const verifier = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1000 }, material, 256));
  const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
  const lock: ClinicLockV1 = { salt: b64(salt), iterations: 1000, verifier: b64(verifier), failures: 0, lastFailureAt: null };
  const patient: PatientRowV1 = {
    schemaVersion: 1, id: 'p1', code: 'Ward-7', codeKey: 'ward-7', displayName: 'Grace Hopper', birthYear: 1941, sex: 'female', mrn: 'MRN-4711',
    createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:00:00.000Z', deletedAt: null,
  };
  const assessment: AssessmentRowV1 = {
    schemaVersion: 1, id: 'a1', patientId: 'p1', batteryName: 'PHQ-9', instruments: [{ id: 'phq-9', version: '1.0.0' }], mode: 'patient',
    informantRelation: null, language: 'en', status: 'draft', createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:01:00.000Z',
    completedAt: null, results: null, qualityFlags: {}, alerts: [{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }], alertsAcknowledgedAt: null,
  };
  const answer: AnswerRowV1 = { schemaVersion: 1, assessmentId: 'a1', instrumentId: 'phq-9', itemId: 'phq-9-9', code: 'nearly-every-day', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 2500 };
  await v1.table('patients').add(patient);
  await v1.table('assessments').add(assessment);
  await v1.table('answers').add(answer);
  await v1.table('settings').put({ key: 'clinic-lock', value: lock });
  await v1.table('settings').put({ key: 'handover', value: { assessmentId: 'a1', startedAt: '2026-01-01T09:00:30.000Z' } });
  v1.close();
}

describe('migration 0002: encryption at rest', () => {
  it('upgrades the schema at once and seals every version 1 row at the first unlock, keeping all data', async () => {
    const name = `migration-0002-${Date.now()}`;
    await seedVersion1(name);
    const db = freshDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(2); // later migrations add stores on top
    expect(db.tables.find((t) => t.name === 'patients')?.schema.indexes.map((i) => i.src)).toEqual(['codeHash', 'updatedAt']);

    expect((await unlockClinic(db, 'wrong horse', 0)).ok).toBe(false);
    expect(JSON.stringify(await db.patients.toArray())).toContain('Grace Hopper');

    const keys = await unlockClinic(db, 'correct horse', 0);
    if (!keys.ok) throw new Error(keys.error.code);
    const raw = JSON.stringify([await db.patients.toArray(), await db.assessments.toArray(), await db.answers.toArray(), await db.settings.toArray()]);
    for (const secret of ['Grace Hopper', 'MRN-4711', 'Ward-7', 'ward-7', 'nearly-every-day', 'suicidalIdeation', 'clinic-lock', '"handover"']) {
      expect(raw).not.toContain(secret);
    }
    const vault = { db, keys: keys.value };
    const patient = await getPatient(vault, asPatientId('p1'));
    expect(patient.ok && patient.value).toMatchObject({ code: 'Ward-7', displayName: 'Grace Hopper', birthYear: 1941, mrn: 'MRN-4711' });
    const assessment = await getAssessment(vault, asAssessmentId('a1'));
    expect(assessment.ok && assessment.value.answers).toEqual({ 'phq-9': { 'phq-9-9': { code: 'nearly-every-day', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 2500 } } });
    expect(assessment.ok && assessment.value.alerts).toEqual([{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]);

    // The next unlock uses the new key ring.
    db.close();
    const again = openDatabase(name);
    expect((await unlockClinic(again, 'correct horse', 0)).ok).toBe(true);
    again.close();
  });
});
