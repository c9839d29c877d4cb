import { ok, type Result } from '../domain/result.ts';
import type { AppDatabase } from '../storage/database.ts';
import { readHandover, resumeHandover } from '../storage/handover-record.ts';
import { forgetSessionSecret, readSessionSecret } from '../storage/session-secret.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { NO_KEYS, type KeyRing } from '../storage/vault.ts';

/** What the tablet shows when the app opens: a running hand-over (with its keys, when this tab kept them) or none. */
export type PatientModeOnOpen =
  | { readonly kind: 'none' }
  | { readonly kind: 'resumed'; readonly assessmentId: string; readonly keys: KeyRing }
  /** The tab that kept the session secret was closed: staff take the tablet back with the passphrase. */
  | { readonly kind: 'waiting-for-staff'; readonly assessmentId: string };

/** On opening the app: resume patient mode after a reload, so a reload never leads to clinician data. */
export async function resumePatientMode(db: AppDatabase): Promise<Result<PatientModeOnOpen, StorageError>> {
  const found = await readHandover(db);
  if (!found.ok) return found;
  const running = found.value;
  if (!running) return ok({ kind: 'none' });
  const secret = readSessionSecret(running.keyId);
  const session = secret ? await resumeHandover(running, secret) : null;
  return ok(session?.ok ? { kind: 'resumed', assessmentId: running.assessmentId, keys: session.value } : { kind: 'waiting-for-staff', assessmentId: running.assessmentId });
}

/** Patient mode went idle (or staff were called after a failure): forget even the session key. */
export function lockPatientMode(): KeyRing {
  forgetSessionSecret();
  return NO_KEYS;
}

