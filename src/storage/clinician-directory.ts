import type { ClinicianProfile, CredentialKind, PractitionerIdentifier } from '../domain/clinician.ts';
import { ok, type Result } from '../domain/result.ts';
import { isIntIn, isRecord, isString } from '../domain/value-checks.ts';
import type { AppDatabase } from './database.ts';
import { attempt, type StorageError } from './storage-error.ts';

/**
 * The clinic's named clinicians, in the clear setting `clinicians`: the unlock screen lists them before anyone has
 * unlocked. Each has a profile (name, role, optional practitioner identifier: staff details, no patient data) and
 * their own wrap of the clinic's master secret (salt, iterations, AES-GCM ciphertext under a key derived from their
 * passphrase or PIN). Removing a clinician deletes their wrap. The administrator's profile (name, role,
 * identifier) is here too; their credential stays the clinic passphrase in `keyring`.
 */
export const CLINICIANS_KEY = 'clinicians';

export type ClinicianWrap = { readonly salt: string; readonly iterations: number; readonly wrapped: string };
export type ClinicianEntry = ClinicianProfile & {
  readonly id: string;
  readonly credential: CredentialKind;
  readonly wrap: ClinicianWrap;
  readonly addedAt: string;
};
export type ClinicianDirectory = { readonly administrator: ClinicianProfile | null; readonly clinicians: readonly ClinicianEntry[] };

export const EMPTY_DIRECTORY: ClinicianDirectory = { administrator: null, clinicians: [] };

const readIdentifier = (value: unknown): PractitionerIdentifier | undefined =>
  isRecord(value) && isString(value.system) && isString(value.value) && value.system !== '' && value.value !== '' ? { system: value.system, value: value.value } : undefined;

function readProfile(value: unknown): ClinicianProfile | null {
  if (!isRecord(value) || !isString(value.name) || !isString(value.role)) return null;
  const identifier = readIdentifier(value.identifier);
  return { name: value.name, role: value.role, ...(identifier ? { identifier } : {}) };
}

function readEntry(value: unknown): ClinicianEntry | null {
  const profile = readProfile(value);
  if (!profile || !isRecord(value) || !isString(value.id) || !isString(value.addedAt)) return null;
  if (value.credential !== 'passphrase' && value.credential !== 'pin') return null;
  const wrap = value.wrap;
  if (!isRecord(wrap) || !isString(wrap.salt) || !isIntIn(wrap.iterations, 1) || !isString(wrap.wrapped)) return null;
  return { ...profile, id: value.id, credential: value.credential, wrap: { salt: wrap.salt, iterations: wrap.iterations, wrapped: wrap.wrapped }, addedAt: value.addedAt };
}

/** Reads the stored value; an entry that does not read is left out (it cannot unlock), the rest kept. */
export function readDirectoryValue(value: unknown): ClinicianDirectory {
  if (!isRecord(value) || value.formatVersion !== 1) return EMPTY_DIRECTORY;
  const clinicians = Array.isArray(value.clinicians) ? value.clinicians.map(readEntry).filter((e): e is ClinicianEntry => e !== null) : [];
  return { administrator: readProfile(value.administrator), clinicians };
}

export async function readClinicianDirectory(db: AppDatabase): Promise<Result<ClinicianDirectory, StorageError>> {
  const row = await attempt(() => db.settings.get(CLINICIANS_KEY));
  return row.ok ? ok(readDirectoryValue(row.value?.value)) : row;
}

/**
 * Changes the directory in one transaction (read, change, write), so two tabs or two quick taps cannot lose an
 * entry. `change` returns the new directory, or a refusal that leaves it as it was.
 */
export async function updateClinicianDirectory<E>(
  db: AppDatabase,
  change: (directory: ClinicianDirectory) => Result<ClinicianDirectory, E>,
): Promise<Result<ClinicianDirectory, E | StorageError>> {
  const done = await attempt(() =>
    db.transaction('rw', db.settings, async (): Promise<Result<ClinicianDirectory, E>> => {
      const changed = change(readDirectoryValue((await db.settings.get(CLINICIANS_KEY))?.value));
      if (changed.ok) await db.settings.put({ key: CLINICIANS_KEY, value: { formatVersion: 1, ...changed.value } });
      return changed;
    }),
  );
  return done.ok ? done.value : done;
}
