import { expect, it } from 'vitest';
import { freshDb } from '../../../tests/support/vault.ts';
import { startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { createAssessment, listUnacknowledgedAlerts } from '../assessment-repository.ts';
import { unlockClinic } from '../clinic-lock.ts';
import type { AssessmentRowV1, ClinicLockV1 } from './0001-initial.ts';

/** A version 3 assessment row as version 3 of the app stored it (the sealed bytes stand in for real ciphertext). */
const assessmentV3 = {
  schemaVersion: 2, id: 'a1', patientId: 'p1', instruments: [{ id: 'phq-9', version: '1.0.0' }], status: 'completed',
  createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:05:00.000Z', completedAt: '2026-01-01T09:05:00.000Z',
  keyId: 'data', sealed: new Uint8Array([1, 2, 3, 4]),
};

it('indexes the assessments by status and alertOpen, keeps every version 3 row as it was, and leaves unflagged rows out of the index', async () => {
  const name = `migration-0004-${Date.now()}`;
  const v3 = freshDb(name, 3);
  await v3.table('assessments').add(assessmentV3);
  await v3.table('settings').put({ key: 'preferences', value: { language: 'zh-CN' } });
  v3.close();

  const db = freshDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(4); // later migrations add to it
  const assessments = db.tables.find((t) => t.name === 'assessments');
  expect([assessments?.schema.primKey.src, ...(assessments?.schema.indexes.map((i) => i.src) ?? [])]).toEqual(['id', '[patientId+createdAt]', 'status', 'updatedAt', '[status+alertOpen]']);
  expect(await db.table('assessments').toArray()).toEqual([assessmentV3]);
  expect(await db.table('settings').get('preferences')).toEqual({ key: 'preferences', value: { language: 'zh-CN' } });

  await db.table('assessments').bulkAdd([
    { ...assessmentV3, id: 'open', alertOpen: 1 },
    { ...assessmentV3, id: 'closed', alertOpen: 0 },
    // IndexedDB cannot index a boolean: such a row is left out of the index, as a row without the flag is.
    { ...assessmentV3, id: 'boolean', alertOpen: true },
  ]);
  expect(await db.table('assessments').where('[status+alertOpen]').equals(['completed', 1]).primaryKeys()).toEqual(['open']);
  expect(await db.table('assessments').where('[status+alertOpen]').equals(['completed', 0]).primaryKeys()).toEqual(['closed']);
  expect(await db.table('assessments').where('status').equals('completed').count()).toBe(4);
});

it('still lists an alert from version 1 data, which migration 0002 seals without the flag at the first unlock after this upgrade', async () => {
  const name = `migration-0004-v1-${Date.now()}`;
  const v1 = freshDb(name, 1);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode('correct horse'), 'PBKDF2', false, ['deriveBits']);
  const verifier = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1000 }, material, 256));
  const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
  const lock: ClinicLockV1 = { salt: b64(salt), iterations: 1000, verifier: b64(verifier), failures: 0, lastFailureAt: null };
  const assessment: AssessmentRowV1 = {
    schemaVersion: 1, id: 'a1', patientId: 'p1', batteryName: 'PHQ-9', instruments: [{ id: 'phq-9', version: '1.0.0' }], mode: 'patient',
    informantRelation: null, language: 'en', status: 'completed', createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:05:00.000Z',
    completedAt: '2026-01-01T09:05:00.000Z', results: null, qualityFlags: {}, alerts: [{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }], alertsAcknowledgedAt: null,
  };
  await v1.table('assessments').add(assessment);
  await v1.table('settings').put({ key: 'clinic-lock', value: lock });
  v1.close();

  const db = freshDb(name);
  const keys = await unlockClinic(db, 'correct horse', 0);
  if (!keys.ok) throw new Error(keys.error.code);
  expect('alertOpen' in ((await db.assessments.get('a1')) ?? {})).toBe(false);
  const vault = { db, keys: keys.value };
  // A new assessment, flagged closed, beside the unflagged one.
  await createAssessment(vault, startAssessment({ id: asAssessmentId('a2'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [], mode: 'patient', language: 'en', now: '2026-02-01T09:00:00.000Z' }));
  expect((await db.assessments.get('a2'))?.alertOpen).toBe(0);
  const alerts = await listUnacknowledgedAlerts(vault);
  expect(alerts.ok && alerts.value.map((a) => a.id)).toEqual(['a1']);
  expect((await db.assessments.get('a1'))?.alertOpen).toBe(1);
});
