import { keyedHash, sealJson, type WorkingKeys } from '../crypto-envelope.ts';
import type { AppDatabase } from '../database.ts';
import type { AnswerRowV1, AssessmentRowV1, ClinicLockV1, PatientRowV1 } from './0001-initial.ts';

/**
 * Version 2 (frozen): encryption at rest. The patient code index becomes a keyed hash (`codeHash`); personal and
 * clinical fields move into `sealed`.
 *
 * Dexie's upgrade runs before anyone has typed the passphrase, so it cannot encrypt. Version 1 rows therefore
 * stay as they are until the first unlock after the upgrade, which checks the passphrase against the version 1
 * verifier, creates the keys and calls `sealVersion1Data`: every version 1 row is sealed and the verifier
 * replaced by the key ring in one transaction (all or nothing; a crash leaves version 1 data, still readable).
 */
export const migration0002 = {
  version: 2,
  stores: {
    patients: 'id, codeHash, updatedAt',
    assessments: 'id, [patientId+createdAt], status, updatedAt',
    answers: '[assessmentId+instrumentId+itemId], assessmentId',
    settings: 'key',
  },
} as const;

export const CLINIC_LOCK_V1_KEY = 'clinic-lock';

/** Checks a passphrase against the version 1 verifier (as version 1 derived it: no normalisation). */
export async function verifyVersion1Passphrase(lock: ClinicLockV1, passphrase: string): Promise<boolean> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  const salt = Uint8Array.from(atob(lock.salt), (c) => c.charCodeAt(0));
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: lock.iterations }, material, 256));
  const expected = Uint8Array.from(atob(lock.verifier), (c) => c.charCodeAt(0));
  let diff = bits.length ^ expected.length;
  for (let i = 0; i < bits.length; i += 1) diff |= (bits[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}

/** Seals every version 1 row with `working` and stores `keyring` in place of the version 1 verifier, atomically. */
export async function sealVersion1Data(db: AppDatabase, working: WorkingKeys, keyring: { readonly key: string; readonly value: unknown }): Promise<void> {
  const isV1 = (row: { schemaVersion?: unknown }) => row.schemaVersion === 1;
  const patients = (await db.patients.toArray()).filter(isV1) as unknown as PatientRowV1[];
  const assessments = (await db.assessments.toArray()).filter(isV1) as unknown as AssessmentRowV1[];
  const answers = (await db.answers.toArray()).filter(isV1) as unknown as AnswerRowV1[];

  const sealedPatients = await Promise.all(
    patients.map(async (p) => ({
      schemaVersion: 2,
      id: p.id,
      codeHash: await keyedHash(working.index, p.code.trim().toLowerCase()),
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      deletedAt: p.deletedAt,
      keyId: 'data',
      sealed: await sealJson(working.data, { code: p.code, displayName: p.displayName, birthYear: p.birthYear, sex: p.sex, mrn: p.mrn }, `patients/${p.id}`),
    })),
  );
  const sealedAssessments = await Promise.all(
    assessments.map(async (a) => ({
      schemaVersion: 2,
      id: a.id,
      patientId: a.patientId,
      instruments: a.instruments,
      status: a.status,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      completedAt: a.completedAt,
      keyId: 'data',
      sealed: await sealJson(
        working.data,
        {
          batteryName: a.batteryName,
          mode: a.mode,
          informantRelation: a.informantRelation,
          language: a.language,
          results: a.results,
          qualityFlags: a.qualityFlags,
          alerts: a.alerts,
          alertsAcknowledgedAt: a.alertsAcknowledgedAt,
        },
        `assessments/${a.id}`,
      ),
    })),
  );
  const sealedAnswers = await Promise.all(
    answers.map(async (r) => ({
      schemaVersion: 2,
      assessmentId: r.assessmentId,
      instrumentId: r.instrumentId,
      itemId: r.itemId,
      keyId: 'data',
      sealed: await sealJson(
        working.data,
        { code: r.code, answeredAt: r.answeredAt, durationMs: r.durationMs },
        `answers/${r.assessmentId}/${r.instrumentId}/${r.itemId}`,
      ),
    })),
  );

  await db.transaction('rw', [db.patients, db.assessments, db.answers, db.settings], async () => {
    await db.patients.bulkPut(sealedPatients as never[]);
    await db.assessments.bulkPut(sealedAssessments as never[]);
    await db.answers.bulkPut(sealedAnswers as never[]);
    await db.settings.put(keyring);
    await db.settings.delete(CLINIC_LOCK_V1_KEY);
    // A version 1 hand-over has no session key; the clinician takes the tablet back with the passphrase.
    await db.settings.delete('handover');
  });
}
