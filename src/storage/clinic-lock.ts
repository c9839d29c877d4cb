import { err, ok, type Result } from '../domain/result.ts';
import {
  deriveKeyFromPassphrase,
  deriveWorkingKeys,
  fromBase64,
  type WorkingKeys,
  openBytes,
  PBKDF2_ITERATIONS,
  randomBytes,
  sealBytes,
  toBase64,
} from './crypto-envelope.ts';
import type { AppDatabase } from './database.ts';
import type { ClinicLockV1 } from './migrations/0001-initial.ts';
import { isClinicLockSet, KEYRING_KEY, readKeyring, readLock, type KeyringRecord, type UnlockError, type Wrap } from './lock-record.ts';
import { CLINIC_LOCK_V1_KEY, sealVersion1Data, verifyVersion1Passphrase } from './migrations/0002-encrypt-at-rest.ts';
import { foldAnswersIntoAssessments } from './migrations/fold-answers-into-assessments.ts';
import { attempt } from './storage-error.ts';
import type { KeyRing } from './vault.ts';
import { actorOf, ADMINISTRATOR_ID, type Actor } from '../domain/clinician.ts';
import { readClinicianDirectory } from './clinician-directory.ts';

/**
 * The clinic passphrase and the keys it guards. A random 256-bit master secret is stored only encrypted, twice:
 * by a key derived from the passphrase and by one derived from a recovery code shown once at set-up. A wrong
 * passphrase fails AES-GCM authentication, so nothing else is needed to check it. Changing the passphrase
 * re-encrypts only the master secret. After 3 failures each attempt waits 2^(failures−3) s (at most 5 minutes).
 */
export const MIN_PASSPHRASE_LENGTH = 6;

// Read without the unlocking code in lock-record.ts; here for the screens and workflows that unlock.
export { isClinicLockSet, type UnlockError, type Wrap };

export async function wrapMaster(master: Uint8Array, secret: string, iterations: number, label: string): Promise<Wrap> {
  const salt = randomBytes(16);
  const kek = await deriveKeyFromPassphrase(secret, salt, iterations);
  return { salt: toBase64(salt), iterations, wrapped: toBase64(await sealBytes(kek, master, label)) };
}

export async function unwrapMaster(wrap: Wrap, secret: string, label: string): Promise<Uint8Array | null> {
  const salt = fromBase64(wrap.salt);
  const wrapped = fromBase64(wrap.wrapped);
  if (!salt || !wrapped) return null;
  const opened = await openBytes(await deriveKeyFromPassphrase(secret, salt, wrap.iterations), wrapped, label);
  return opened.ok ? opened.value : null;
}

const PASSPHRASE_LABEL = 'keyring/passphrase';
const RECOVERY_LABEL = 'keyring/recovery';

/** The keys from the master secret (wiped once they are derived), held by whoever unlocked. */
export async function keyRingOf(master: Uint8Array, holder: Actor): Promise<KeyRing & { readonly working: WorkingKeys }> {
  const working = await deriveWorkingKeys(master);
  master.fill(0);
  return { working, session: null, holder };
}

/** The administrator as an actor: the profile they gave in Settings (a storage failure or none: no name). */
async function administrator(db: AppDatabase): Promise<Actor> {
  const directory = await readClinicianDirectory(db);
  const profile = directory.ok ? directory.value.administrator : null;
  return actorOf(ADMINISTRATOR_ID, profile ?? { name: '', role: '' });
}

async function saveKeyring(db: AppDatabase, record: KeyringRecord): Promise<Result<void, UnlockError>> {
  const saved = await attempt(() => db.settings.put({ key: KEYRING_KEY, value: record }));
  return saved.ok ? ok(undefined) : err({ code: 'storage', error: saved.error });
}

/** A new random recovery code: 120 bits as 24 Crockford base32 characters in groups of four. */
function newRecoveryCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(15);
  let bits = 0;
  let value = 0;
  let code = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      code += alphabet[(value >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
  }
  return code.match(/.{4}/g)?.join('-') ?? code;
}

/** Reads a recovery code as typed: case, spaces and dashes do not matter; O is 0, I and L are 1. */
export function normaliseRecoveryCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return plain.match(/.{1,4}/g)?.join('-') ?? plain;
}

/** First run: creates the keys, guarded by the passphrase and a recovery code the clinic must keep safe. */
export async function setUpClinic(
  db: AppDatabase,
  passphrase: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<Result<{ readonly keys: KeyRing; readonly recoveryCode: string }, UnlockError | { readonly code: 'already-set-up' }>> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return err({ code: 'too-short' });
  const existing = await readLock(db);
  if (!existing.ok) return existing;
  if (existing.value) return err({ code: 'already-set-up' });
  const master = randomBytes(32);
  const recoveryCode = newRecoveryCode();
  const record: KeyringRecord = {
    formatVersion: 1,
    passphrase: await wrapMaster(master, passphrase, iterations, PASSPHRASE_LABEL),
    recovery: await wrapMaster(master, recoveryCode, iterations, RECOVERY_LABEL),
    failures: 0,
    lastFailureAt: null,
  };
  const saved = await attempt(() => db.settings.add({ key: KEYRING_KEY, value: record }));
  if (!saved.ok) return err({ code: 'storage', error: saved.error });
  return ok({ keys: await keyRingOf(master, await administrator(db)), recoveryCode });
}

function waitSeconds(lock: { failures: number; lastFailureAt: number | null }, nowMs: number): number {
  if (lock.failures < 3 || lock.lastFailureAt === null) return 0;
  const delay = Math.min(300, 2 ** (lock.failures - 3));
  return Math.max(0, Math.ceil(delay - (nowMs - lock.lastFailureAt) / 1000));
}

/**
 * Reads the keyring record, decides, and writes the decision in one IndexedDB transaction. Transactions on the same
 * store run one after another (across tabs too), so no other attempt can read the record in between.
 */
async function updateKeyring(db: AppDatabase, decide: (record: KeyringRecord) => Result<KeyringRecord, UnlockError>): Promise<Result<KeyringRecord, UnlockError>> {
  const updated = await attempt(() =>
    db.transaction('rw', db.settings, async (): Promise<Result<KeyringRecord, UnlockError>> => {
      const record = readKeyring((await db.settings.get(KEYRING_KEY))?.value);
      if (!record) return err({ code: 'not-set-up' });
      const decided = decide(record);
      if (decided.ok) await db.settings.put({ key: KEYRING_KEY, value: decided.value });
      return decided;
    }),
  );
  return updated.ok ? updated.value : err({ code: 'storage', error: updated.error });
}

/**
 * Counts one attempt before it is tried: refused while the wait after earlier failures runs, else recorded as a
 * failure at once. N simultaneous attempts count N and the later ones are told to wait: the throttle cannot be
 * raced. A success clears the count afterwards.
 */
export const countAttempt = (db: AppDatabase, nowMs: number) =>
  updateKeyring(db, (record) => {
    const wait = waitSeconds(record, nowMs);
    return wait > 0 ? err({ code: 'wait', seconds: wait }) : ok({ ...record, failures: record.failures + 1, lastFailureAt: nowMs });
  });

/** After a right passphrase or recovery code: no failures counted. */
export const clearFailures = (db: AppDatabase) => updateKeyring(db, (record) => ok({ ...record, failures: 0, lastFailureAt: null }));

/** Opens the master secret with the passphrase or the recovery code, counting the attempt first; `nowMs` from the caller. */
export async function openMaster(db: AppDatabase, secret: string, via: 'passphrase' | 'recovery', nowMs: number): Promise<Result<{ master: Uint8Array; record: KeyringRecord }, UnlockError>> {
  const stored = await readLock(db);
  if (!stored.ok) return stored;
  if (stored.value?.kind !== 'keyring') return err({ code: 'not-set-up' });
  if (!(via === 'passphrase' ? stored.value.record.passphrase : stored.value.record.recovery)) return err({ code: 'no-recovery-code' });
  const counted = await countAttempt(db, nowMs);
  if (!counted.ok) return counted;
  const wrap = via === 'passphrase' ? counted.value.passphrase : counted.value.recovery;
  const master = wrap ? await unwrapMaster(wrap, via === 'passphrase' ? secret : normaliseRecoveryCode(secret), via === 'passphrase' ? PASSPHRASE_LABEL : RECOVERY_LABEL) : null;
  if (!master) return err({ code: 'wrong-passphrase', failures: counted.value.failures });
  const cleared = await clearFailures(db);
  if (!cleared.ok) {
    master.fill(0);
    return cleared;
  }
  return ok({ master, record: cleared.value });
}

/**
 * Unlocks clinician mode: the keys, or why not. The first unlock after an upgrade from version 1 checks the old
 * verifier and encrypts the version 1 data (migration 0002); there is no recovery code until one is made.
 */
export async function unlockClinic(db: AppDatabase, passphrase: string, nowMs: number): Promise<Result<KeyRing, UnlockError>> {
  const stored = await readLock(db);
  if (!stored.ok) return stored;
  if (stored.value?.kind === 'v1') return upgradeVersion1(db, stored.value.record, passphrase, nowMs);
  const opened = await openMaster(db, passphrase, 'passphrase', nowMs);
  return opened.ok ? ok(await afterUnlock(db, await keyRingOf(opened.value.master, await administrator(db)))) : opened;
}

/** How long an unlock may spend on what migrations left for the record key (then the next unlock goes on). */
const UNLOCK_UPGRADE_BUDGET_MS = 1000;

/**
 * What a migration left for the record key to do, done at each unlock (idempotent; nothing to do most times):
 * migration 0008 folds the answer sets (migration 0006) and answer rows of completed assessments into the
 * assessments themselves, for about a second at most, so a large tablet is folded over a few unlocks. It takes rows
 * as 0006's `packCompletedAnswerRows` did, which unlocks no longer run. Best effort: the readers take every shape, so
 * a failure here (a full disk) or what is left stays readable, and the next unlock goes on.
 */
export async function afterUnlock<K extends KeyRing & { readonly working: WorkingKeys }>(db: AppDatabase, keys: K): Promise<K> {
  await attempt(() => foldAnswersIntoAssessments(db, keys.working.data, UNLOCK_UPGRADE_BUDGET_MS));
  return keys;
}

async function upgradeVersion1(db: AppDatabase, lock: ClinicLockV1, passphrase: string, nowMs: number): Promise<Result<KeyRing, UnlockError>> {
  const wait = waitSeconds(lock, nowMs);
  if (wait > 0) return err({ code: 'wait', seconds: wait });
  if (!(await verifyVersion1Passphrase(lock, passphrase))) {
    const failed: ClinicLockV1 = { ...lock, failures: lock.failures + 1, lastFailureAt: nowMs };
    const saved = await attempt(() => db.settings.put({ key: CLINIC_LOCK_V1_KEY, value: failed }));
    return saved.ok ? err({ code: 'wrong-passphrase', failures: failed.failures }) : err({ code: 'storage', error: saved.error });
  }
  const master = randomBytes(32);
  const record: KeyringRecord = {
    formatVersion: 1,
    passphrase: await wrapMaster(master, passphrase, lock.iterations, PASSPHRASE_LABEL),
    recovery: null,
    failures: 0,
    lastFailureAt: null,
  };
  const keys = await keyRingOf(master, await administrator(db));
  const sealed = await attempt(() => sealVersion1Data(db, keys.working, { key: KEYRING_KEY, value: record }));
  return sealed.ok ? ok(await afterUnlock(db, keys)) : err({ code: 'storage', error: sealed.error });
}

/** Re-encrypts the master secret under a new passphrase; the data itself is not touched. */
export async function changeClinicPassphrase(db: AppDatabase, current: string, next: string, nowMs: number): Promise<Result<void, UnlockError>> {
  if (next.length < MIN_PASSPHRASE_LENGTH) return err({ code: 'too-short' });
  const opened = await openMaster(db, current, 'passphrase', nowMs);
  if (!opened.ok) return opened;
  const { master, record } = opened.value;
  const updated: KeyringRecord = { ...record, passphrase: await wrapMaster(master, next, record.passphrase.iterations, PASSPHRASE_LABEL) };
  master.fill(0);
  return saveKeyring(db, updated);
}

/** Makes a new recovery code (the old one stops working). Needs the passphrase. */
export async function replaceRecoveryCode(db: AppDatabase, passphrase: string, nowMs: number): Promise<Result<string, UnlockError>> {
  const opened = await openMaster(db, passphrase, 'passphrase', nowMs);
  if (!opened.ok) return opened;
  const { master, record } = opened.value;
  const code = newRecoveryCode();
  const updated: KeyringRecord = { ...record, recovery: await wrapMaster(master, code, record.passphrase.iterations, RECOVERY_LABEL) };
  master.fill(0);
  const saved = await saveKeyring(db, updated);
  return saved.ok ? ok(code) : saved;
}

/** A forgotten passphrase: the recovery code opens the keys and a new passphrase replaces the old one. */
export async function recoverClinic(db: AppDatabase, recoveryCode: string, nextPassphrase: string, nowMs: number): Promise<Result<KeyRing, UnlockError>> {
  if (nextPassphrase.length < MIN_PASSPHRASE_LENGTH) return err({ code: 'too-short' });
  const opened = await openMaster(db, recoveryCode, 'recovery', nowMs);
  if (!opened.ok) return opened;
  const { master, record } = opened.value;
  const updated: KeyringRecord = { ...record, passphrase: await wrapMaster(master, nextPassphrase, record.passphrase.iterations, PASSPHRASE_LABEL) };
  const saved = await saveKeyring(db, updated);
  return saved.ok ? ok(await afterUnlock(db, await keyRingOf(master, await administrator(db)))) : saved;
}
