import { openJson, openWithPrivateKey, type WorkingKeys } from './crypto-envelope.ts';
import type { AppDatabase } from './database.ts';
import type { DataKeyId } from './records.ts';
import type { Actor } from '../domain/clinician.ts';

/** A hand-over key of an earlier build (hand-over version 1): it opens only the one assessment handed over. */
export type SessionKey = { readonly assessmentId: string; readonly keyId: `session:${string}`; readonly key: CryptoKey };

/**
 * The keys held in memory, never stored unwrapped. Locked and patient mode: none (patient mode holds only the
 * clinic's inbox public key, which opens nothing). Clinician: the working keys. Only while a tablet is being taken
 * back, also the inbox private key (`inbox`, for rows patient mode sealed) or an earlier build's session key.
 */
export type KeyRing = {
  readonly working: WorkingKeys | null;
  readonly session: SessionKey | null;
  readonly inbox?: CryptoKey;
  /** Who unlocked (the administrator with the clinic passphrase, or a named clinician): every action's actor. */
  readonly holder?: Actor;
};

export const NO_KEYS: KeyRing = { working: null, session: null };

/** The database and the keys to open it: what every repository of personal data takes. */
export type Vault = { readonly db: AppDatabase; readonly keys: KeyRing };

/** Thrown inside repository operations and turned into the `locked` / `undecryptable` storage errors by `attempt`. */
export class LockedError extends Error {
  override name = 'LockedError';
}
export class UndecryptableError extends Error {
  override name = 'UndecryptableError';
}

function keyById(keys: KeyRing, keyId: Exclude<DataKeyId, 'inbox'>): CryptoKey {
  if (keyId === 'data') {
    if (keys.working) return keys.working.data;
  } else if (keys.session?.keyId === keyId) {
    return keys.session.key;
  }
  throw new LockedError(`no key ${keyId} in memory`);
}

/** The key new data for an assessment is sealed with: its hand-over key while one is running, else the record key. */
export function sealingKeyFor(keys: KeyRing, assessmentId: string | null): { readonly keyId: DataKeyId; readonly key: CryptoKey } {
  if (assessmentId !== null && keys.session?.assessmentId === assessmentId) return { keyId: keys.session.keyId, key: keys.session.key };
  return { keyId: 'data', key: keyById(keys, 'data') };
}

/** Opens a sealed value. The shape is trusted: AES-GCM authenticates it as written by this app under this label. */
export async function openValue<T>(keys: KeyRing, keyId: DataKeyId, sealed: Uint8Array, label: string): Promise<T> {
  const opened = keyId === 'inbox' ? await openInbox(keys, sealed, label) : await openJson(keyById(keys, keyId), sealed, label);
  if (!opened.ok) throw new UndecryptableError(`${label} does not open with key ${keyId}`);
  return opened.value as T;
}

export function requireWorkingKeys(keys: KeyRing): WorkingKeys {
  if (!keys.working) throw new LockedError('clinician keys are not in memory');
  return keys.working;
}

async function openInbox(keys: KeyRing, sealed: Uint8Array, label: string) {
  if (!keys.inbox) throw new LockedError('no inbox key in memory');
  const opened = await openWithPrivateKey(keys.inbox, sealed, label);
  return opened.ok ? { ok: true as const, value: JSON.parse(new TextDecoder().decode(opened.value)) as unknown } : opened;
}
