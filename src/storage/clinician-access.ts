import { actorOf, checkCredential, type ClinicianProfile, type CredentialKind, type CredentialProblem } from '../domain/clinician.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { afterUnlock, clearFailures, countAttempt, keyRingOf, openMaster, unwrapMaster, wrapMaster, type UnlockError } from './clinic-lock.ts';
import { readClinicianDirectory, updateClinicianDirectory, type ClinicianDirectory, type ClinicianEntry } from './clinician-directory.ts';
import type { AppDatabase } from './database.ts';
import type { StorageError } from './storage-error.ts';
import type { KeyRing } from './vault.ts';

/** The label a clinician's wrap is authenticated with: it opens only as that clinician's. */
const wrapLabel = (id: string) => `keyring/clinician/${id}`;

export type ClinicianChangeError = UnlockError | { readonly code: 'credential'; readonly problem: CredentialProblem } | { readonly code: 'unknown-clinician' };

/**
 * Adds a clinician with their own passphrase or PIN. The master secret is never kept in memory, so the
 * administrator's clinic passphrase opens it here (counted by the throttle) to wrap it for the new credential.
 */
export async function addClinician(
  db: AppDatabase,
  input: { readonly clinicPassphrase: string; readonly id: string; readonly profile: ClinicianProfile; readonly credential: CredentialKind; readonly secret: string; readonly at: string },
  nowMs: number,
): Promise<Result<ClinicianDirectory, ClinicianChangeError>> {
  const secret = checkCredential(input.credential, input.secret);
  if (!secret.ok) return err({ code: 'credential', problem: secret.error });
  const opened = await openMaster(db, input.clinicPassphrase, 'passphrase', nowMs);
  if (!opened.ok) return opened;
  const { master, record } = opened.value;
  const wrap = await wrapMaster(master, secret.value, record.passphrase.iterations, wrapLabel(input.id));
  master.fill(0);
  const entry = { ...input.profile, id: input.id, credential: input.credential, wrap, addedAt: input.at };
  const saved = await updateClinicianDirectory<never>(db, (d) => ok({ ...d, clinicians: [...d.clinicians.filter((c) => c.id !== input.id), entry] }));
  return saved.ok ? saved : err({ code: 'storage', error: saved.error });
}

/**
 * Changes one named clinician's entry in one transaction; the clinician gone meanwhile (removed in another tab) is
 * `unknown-clinician`, and nothing is written.
 */
async function changeEntry(db: AppDatabase, id: string, change: (entry: ClinicianEntry) => ClinicianEntry | null): Promise<Result<ClinicianDirectory, ClinicianChangeError>> {
  const saved = await updateClinicianDirectory(db, (d): Result<ClinicianDirectory, { readonly code: 'unknown-clinician' }> => {
    const entry = d.clinicians.find((c) => c.id === id);
    if (!entry) return err({ code: 'unknown-clinician' });
    const changed = change(entry);
    return ok({ ...d, clinicians: changed ? d.clinicians.map((c) => (c.id === id ? changed : c)) : d.clinicians.filter((c) => c.id !== id) });
  });
  if (saved.ok) return saved;
  return 'detail' in saved.error ? err({ code: 'storage', error: saved.error }) : err({ code: 'unknown-clinician' });
}

/** Removes a clinician and their wrap of the master secret: their credential opens nothing any more. */
export const removeClinician = (db: AppDatabase, id: string): Promise<Result<ClinicianDirectory, ClinicianChangeError>> => changeEntry(db, id, () => null);

/**
 * A clinician changes their own passphrase or PIN (or switches between them): their current credential opens their
 * wrap (counted by the throttle), the master secret is wrapped again under the new one. Nobody else's changes.
 */
export async function changeOwnCredential(
  db: AppDatabase,
  input: { readonly id: string; readonly current: string; readonly credential: CredentialKind; readonly next: string },
  nowMs: number,
): Promise<Result<ClinicianDirectory, ClinicianChangeError>> {
  const next = checkCredential(input.credential, input.next);
  if (!next.ok) return err({ code: 'credential', problem: next.error });
  const directory = await readClinicianDirectory(db);
  if (!directory.ok) return err({ code: 'storage', error: directory.error });
  const entry = directory.value.clinicians.find((c) => c.id === input.id);
  if (!entry) return err({ code: 'unknown-clinician' });
  const counted = await countAttempt(db, nowMs);
  if (!counted.ok) return counted;
  const master = await unwrapMaster(entry.wrap, input.current, wrapLabel(input.id));
  if (!master) return err({ code: 'wrong-passphrase', failures: counted.value.failures });
  const wrap = await wrapMaster(master, next.value, entry.wrap.iterations, wrapLabel(input.id));
  master.fill(0);
  const cleared = await clearFailures(db);
  if (!cleared.ok) return cleared;
  return changeEntry(db, input.id, (c) => ({ ...c, credential: input.credential, wrap }));
}

/** The administrator's own name, role and identifier (their credential stays the clinic passphrase). */
export async function saveAdministratorProfile(db: AppDatabase, profile: ClinicianProfile): Promise<Result<ClinicianDirectory, StorageError>> {
  return updateClinicianDirectory<never>(db, (d) => ok({ ...d, administrator: profile }));
}

/**
 * Unlocks as a named clinician with their own passphrase or PIN. The attempt counts against the same throttle as
 * the clinic passphrase before it is tried, so switching names does not buy more guesses.
 */
export async function unlockAsClinician(db: AppDatabase, id: string, secret: string, nowMs: number): Promise<Result<KeyRing, ClinicianChangeError>> {
  const directory = await readClinicianDirectory(db);
  if (!directory.ok) return err({ code: 'storage', error: directory.error });
  const entry = directory.value.clinicians.find((c) => c.id === id);
  if (!entry) return err({ code: 'unknown-clinician' });
  const counted = await countAttempt(db, nowMs);
  if (!counted.ok) return counted;
  const master = await unwrapMaster(entry.wrap, secret, wrapLabel(id));
  if (!master) return err({ code: 'wrong-passphrase', failures: counted.value.failures });
  const cleared = await clearFailures(db);
  if (!cleared.ok) {
    master.fill(0);
    return cleared;
  }
  return ok(await afterUnlock(db, await keyRingOf(master, actorOf(id, entry))));
}
