import { asAssessmentId, type PatientId } from '../domain/ids.ts';
import { ok, type Result } from '../domain/result.ts';
import { getAssessment } from '../storage/assessment-repository.ts';
import type { AppDatabase } from '../storage/database.ts';
import { beginHandover, endHandover, readHandover, resumeHandover } from '../storage/handover-repository.ts';
import { forgetSessionSecret, keepSessionSecret, readSessionSecret } from '../storage/session-secret.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { NO_KEYS, type KeyRing } from '../storage/vault.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Handing the tablet to the patient and taking it back. Patient mode holds only the session key of the one
 * handed-over assessment (see storage/handover-repository.ts); the clinician's keys leave memory until the
 * passphrase is typed again.
 */

/** Hands the tablet over for one assessment: returns the keys patient mode keeps (the session key alone). */
export async function handOver(ctx: Pick<WorkflowContext, 'vault' | 'env'>, assessmentId: string): Promise<Result<KeyRing, StorageError>> {
  const begun = await beginHandover(ctx.vault, assessmentId, ctx.env.now(), ctx.env.newId);
  if (!begun.ok) return begun;
  const { session } = begun.value.keys;
  if (session) keepSessionSecret(session.keyId, begun.value.sessionSecret);
  return ok({ working: null, session });
}

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

/**
 * Staff took the tablet back (`unlocked`: the keys the passphrase gave; `session`: patient mode's key, if still in
 * memory): the assessment goes back under the record key and the hand-over ends. Returns the clinician's keys and
 * the handed-over assessment's patient, to open their page.
 */
export async function takeBack(
  ctx: Pick<WorkflowContext, 'vault'>,
  unlocked: KeyRing,
  handedOverId: string | null,
): Promise<Result<{ readonly keys: KeyRing; readonly patientId: PatientId | null }, StorageError>> {
  const ended = await endHandover({ db: ctx.vault.db, keys: { working: unlocked.working, session: ctx.vault.keys.session } });
  if (!ended.ok) return ended;
  forgetSessionSecret();
  const keys = ended.value;
  if (!handedOverId) return ok({ keys, patientId: null });
  const assessment = await getAssessment({ db: ctx.vault.db, keys }, asAssessmentId(handedOverId));
  return ok({ keys, patientId: assessment.ok ? assessment.value.patientId : null });
}
