import { err, ok, type Result } from '../domain/result.ts';
import { isIntIn, isRecord, isString } from '../domain/value-checks.ts';
import type { AppDatabase } from './database.ts';
import type { ClinicLockV1 } from './migrations/0001-initial.ts';
import { CLINIC_LOCK_V1_KEY } from './migrations/0002-encrypt-at-rest.ts';
import { attempt, type StorageError } from './storage-error.ts';

/**
 * The stored clinic lock as read (the keyring of wrapped master secrets, or an earlier build's version-1 lock), apart
 * from `clinic-lock.ts` (which derives and unwraps keys): the app reads whether a clinic is set up when it opens, and
 * a handed-over tablet then loads none of the unlocking code (issue 20's byte budget).
 */
export const KEYRING_KEY = 'keyring';

export type Wrap = { readonly salt: string; readonly iterations: number; readonly wrapped: string };
export type KeyringRecord = {
  readonly formatVersion: 1;
  readonly passphrase: Wrap;
  readonly recovery: Wrap | null;
  readonly failures: number;
  readonly lastFailureAt: number | null;
};

/** A stored wrap of the master secret, or undefined if `value` is not one. */
function readWrap(value: unknown): Wrap | undefined {
  if (!isRecord(value) || !isString(value.salt) || !isIntIn(value.iterations, 1) || !isString(value.wrapped)) return undefined;
  return { salt: value.salt, iterations: value.iterations, wrapped: value.wrapped };
}

const isFailureCount = (value: unknown): value is number => isIntIn(value, 0);
const isTimeOrNull = (value: unknown): value is number | null => value === null || typeof value === 'number';

export function readKeyring(value: unknown): KeyringRecord | undefined {
  if (!isRecord(value) || value.formatVersion !== 1 || !isFailureCount(value.failures) || !isTimeOrNull(value.lastFailureAt)) return undefined;
  const passphrase = readWrap(value.passphrase);
  const recovery = value.recovery === null ? null : readWrap(value.recovery);
  if (!passphrase || recovery === undefined) return undefined;
  return { formatVersion: 1, passphrase, recovery, failures: value.failures, lastFailureAt: value.lastFailureAt };
}

function readLockV1(value: unknown): ClinicLockV1 | undefined {
  if (!isRecord(value) || !isString(value.salt) || !isIntIn(value.iterations, 1) || !isString(value.verifier)) return undefined;
  if (!isFailureCount(value.failures) || !isTimeOrNull(value.lastFailureAt)) return undefined;
  return { salt: value.salt, iterations: value.iterations, verifier: value.verifier, failures: value.failures, lastFailureAt: value.lastFailureAt };
}

export type UnlockError =
  | { readonly code: 'wrong-passphrase'; readonly failures: number }
  | { readonly code: 'wait'; readonly seconds: number }
  | { readonly code: 'not-set-up' }
  | { readonly code: 'too-short' }
  | { readonly code: 'no-recovery-code' }
  | { readonly code: 'storage'; readonly error: StorageError };

export type Stored = { readonly kind: 'keyring'; readonly record: KeyringRecord } | { readonly kind: 'v1'; readonly record: ClinicLockV1 } | null;

export async function readLock(db: AppDatabase): Promise<Result<Stored, UnlockError>> {
  const found = await attempt(() => db.settings.bulkGet([KEYRING_KEY, CLINIC_LOCK_V1_KEY]));
  if (!found.ok) return err({ code: 'storage', error: found.error });
  const [keyring, v1] = found.value;
  const record = readKeyring(keyring?.value);
  if (record) return ok({ kind: 'keyring', record });
  const legacy = readLockV1(v1?.value);
  return ok(legacy ? { kind: 'v1', record: legacy } : null);
}

export async function isClinicLockSet(db: AppDatabase): Promise<Result<boolean, StorageError>> {
  const stored = await readLock(db);
  if (stored.ok) return ok(stored.value !== null);
  return err(stored.error.code === 'storage' ? stored.error.error : { code: 'unknown', detail: stored.error.code });
}

