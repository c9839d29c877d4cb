import type { Dexie } from 'dexie';
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

/*
 * Frozen copies of the crypto-envelope.ts helpers this migration used when it was released, byte for byte in what
 * they write: a sealed value is `iv (12 random bytes) ‖ AES-GCM(JSON)` with the label as additional data; the
 * index is hex HMAC-SHA-256. Live code may change its envelope; rows sealed here must stay what version 2 read.
 */
const IV_BYTES = 12;
const encoder = new TextEncoder();

/** The record and index keys (as `deriveWorkingKeys` made them in version 2). */
export type WorkingKeysV2 = { readonly data: CryptoKey; readonly index: CryptoKey };

async function sealBytes(key: CryptoKey, plain: Uint8Array, label: string): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const box = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: encoder.encode(label) }, key, plain as BufferSource);
  const sealed = new Uint8Array(IV_BYTES + box.byteLength);
  sealed.set(iv, 0);
  sealed.set(new Uint8Array(box), IV_BYTES);
  return sealed;
}

async function sealJson(key: CryptoKey, value: unknown, label: string): Promise<Uint8Array> {
  return sealBytes(key, encoder.encode(JSON.stringify(value)), label);
}

async function keyedHash(index: CryptoKey, text: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', index, encoder.encode(text));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('');
}

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

/**
 * Seals every version 1 row with `working` and stores `keyring` in place of the version 1 verifier, atomically.
 * `db` is Dexie's own type and the stores are named, as in a Dexie upgrade: this migration must not depend on the
 * live `AppDatabase` (database.ts lists this migration, and a released migration does not change with live code).
 */
export async function sealVersion1Data(db: Dexie, working: WorkingKeysV2, keyring: { readonly key: string; readonly value: unknown }): Promise<void> {
  const isV1 = (row: { schemaVersion?: unknown }) => row.schemaVersion === 1;
  const rows = (store: 'patients' | 'assessments' | 'answers') => db.table<{ schemaVersion?: unknown }>(store).toArray();
  const patients = (await rows('patients')).filter(isV1) as unknown as PatientRowV1[];
  const assessments = (await rows('assessments')).filter(isV1) as unknown as AssessmentRowV1[];
  const answers = (await rows('answers')).filter(isV1) as unknown as AnswerRowV1[];

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

  await db.transaction('rw', ['patients', 'assessments', 'answers', 'settings'], async () => {
    await db.table('patients').bulkPut(sealedPatients);
    await db.table('assessments').bulkPut(sealedAssessments);
    await db.table('answers').bulkPut(sealedAnswers);
    await db.table('settings').put(keyring);
    await db.table('settings').delete(CLINIC_LOCK_V1_KEY);
    // A version 1 hand-over has no session key; the clinician takes the tablet back with the passphrase.
    await db.table('settings').delete('handover');
  });
}
