import { asAssessmentId, type PatientId } from '../domain/ids.ts';
import { ok, type Result } from '../domain/result.ts';
import { getAssessment } from '../storage/assessment-repository.ts';
import { beginHandover, endHandover } from '../storage/handover-repository.ts';
import { forgetSessionSecret, keepSessionSecret } from '../storage/session-secret.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { KeyRing } from '../storage/vault.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Handing the tablet to the patient and taking it back. Patient mode holds only the session key of the one
 * handed-over assessment (see storage/handover-repository.ts); the clinician's keys leave memory until the
 * passphrase is typed again. Opening the app in patient mode is `patient-mode-on-open.ts` (on the start page;
 * this file loads when a clinician hands over or takes back).
 */

/** Hands the tablet over for one assessment: returns the keys patient mode keeps (the session key alone). */
export async function handOver(ctx: Pick<WorkflowContext, 'vault' | 'env'>, assessmentId: string): Promise<Result<KeyRing, StorageError>> {
  const begun = await beginHandover(ctx.vault, assessmentId, ctx.env.now(), ctx.env.newId);
  if (!begun.ok) return begun;
  const { session } = begun.value.keys;
  if (session) keepSessionSecret(session.keyId, begun.value.sessionSecret);
  return ok({ working: null, session });
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
