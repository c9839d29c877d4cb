import { z } from 'zod';
import { err, ok, type Result } from '../domain/result.ts';
import type { AppDatabase } from './database.ts';
import { attempt, type StorageError } from './storage-error.ts';

/**
 * The clinic passphrase that guards clinician mode. Stored only as a PBKDF2-SHA-256 verifier with a random salt
 * (OWASP 2023: at least 600 000 iterations for PBKDF2-HMAC-SHA256). Repeated failures add a growing wait.
 */
export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE_LENGTH = 6;

const lockSchema = z.object({
  salt: z.string(),
  iterations: z.number().int().positive(),
  verifier: z.string(),
  failures: z.number().int().min(0),
  lastFailureAt: z.number().nullable(),
});
type LockRecord = z.infer<typeof lockSchema>;

export type UnlockError =
  | { readonly code: 'wrong-passphrase'; readonly failures: number }
  | { readonly code: 'wait'; readonly seconds: number }
  | { readonly code: 'not-set-up' }
  | { readonly code: 'storage'; readonly error: StorageError };

export async function isClinicLockSet(db: AppDatabase): Promise<Result<boolean, StorageError>> {
  const found = await attempt(() => db.settings.get('clinic-lock'));
  return found.ok ? ok(found.value !== undefined) : found;
}

/** Sets (or replaces) the clinic passphrase. `iterations` is lowered only by tests. */
export async function setClinicPassphrase(
  db: AppDatabase,
  passphrase: string,
  random: (bytes: Uint8Array) => Uint8Array,
  iterations = PBKDF2_ITERATIONS,
): Promise<Result<void, StorageError | { code: 'too-short' }>> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return err({ code: 'too-short' });
  const salt = random(new Uint8Array(16));
  const verifier = await derive(passphrase, salt, iterations);
  const record: LockRecord = { salt: toBase64(salt), iterations, verifier: toBase64(verifier), failures: 0, lastFailureAt: null };
  return attempt(async () => {
    await db.settings.put({ key: 'clinic-lock', value: record });
  });
}

/**
 * Checks a passphrase. After 3 failures each further attempt waits 2^(failures−3) s (at most 5 minutes),
 * counted from the last failure; `nowMs` comes from the caller.
 */
export async function verifyClinicPassphrase(db: AppDatabase, passphrase: string, nowMs: number): Promise<Result<void, UnlockError>> {
  const found = await attempt(() => db.settings.get('clinic-lock'));
  if (!found.ok) return err({ code: 'storage', error: found.error });
  const parsed = lockSchema.safeParse(found.value?.value);
  if (!parsed.success) return err({ code: 'not-set-up' });
  const lock = parsed.data;
  const wait = waitSeconds(lock, nowMs);
  if (wait > 0) return err({ code: 'wait', seconds: wait });
  const verifier = await derive(passphrase, fromBase64(lock.salt), lock.iterations);
  const matches = constantTimeEqual(verifier, fromBase64(lock.verifier));
  const next: LockRecord = matches ? { ...lock, failures: 0, lastFailureAt: null } : { ...lock, failures: lock.failures + 1, lastFailureAt: nowMs };
  const saved = await attempt(async () => {
    await db.settings.put({ key: 'clinic-lock', value: next });
  });
  if (!saved.ok) return err({ code: 'storage', error: saved.error });
  return matches ? ok(undefined) : err({ code: 'wrong-passphrase', failures: next.failures });
}

function waitSeconds(lock: LockRecord, nowMs: number): number {
  if (lock.failures < 3 || lock.lastFailureAt === null) return 0;
  const delay = Math.min(300, 2 ** (lock.failures - 3));
  return Math.max(0, Math.ceil(delay - (nowMs - lock.lastFailureAt) / 1000));
}

async function derive(passphrase: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, 256);
  return new Uint8Array(bits);
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
