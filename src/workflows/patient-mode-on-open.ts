import { ok, type Result } from '../domain/result.ts';
import type { AppDatabase } from '../storage/database.ts';
import { forgetLegacySessionSecret, isHandoverV2, readHandedOverInstruments, readHandover } from '../storage/handover-record.ts';
import type { StorageError } from '../storage/storage-error.ts';

/** What the tablet shows when the app opens: a running hand-over (patient mode) or none. */
export type PatientModeOnOpen =
  | { readonly kind: 'none' }
  /** `instrumentIds`: the questionnaires handed over (the assessment row's clear list). */
  | { readonly kind: 'resumed'; readonly assessmentId: string; readonly instrumentIds: readonly string[] }
  /** A hand-over this build cannot resume (an earlier build's): staff take the tablet back with the passphrase. */
  | { readonly kind: 'waiting-for-staff'; readonly assessmentId: string };

/**
 * On opening the app: resume patient mode after a reload, a closed tab or a restarted browser, so none of them leads
 * to clinician data. Nothing secret is read: patient mode needs only the hand-over's plan (handover-record.ts).
 */
export async function resumePatientMode(db: AppDatabase): Promise<Result<PatientModeOnOpen, StorageError>> {
  forgetLegacySessionSecret();
  const found = await readHandover(db);
  if (!found.ok) return found;
  const running = found.value;
  if (!running) return ok({ kind: 'none' });
  if (!isHandoverV2(running)) return ok({ kind: 'waiting-for-staff', assessmentId: running.assessmentId });
  const instrumentIds = await readHandedOverInstruments(db, running.assessmentId);
  return instrumentIds.ok ? ok({ kind: 'resumed', assessmentId: running.assessmentId, instrumentIds: instrumentIds.value }) : instrumentIds;
}
