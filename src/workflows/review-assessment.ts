import { acknowledgeAlerts, discardDraft, finishDraft, type Assessment, type TransitionProblem } from '../domain/assessment.ts';
import { asAssessmentId } from '../domain/ids.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { getAssessment, updateAssessment } from '../storage/assessment-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { audit, withAttribution } from './attribution.ts';
import type { Attribution } from '../domain/assessment-schema.ts';
import type { Actor, AuditAction } from '../domain/clinician.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** Why a clinician's change to an assessment did not happen: the change is not allowed now, or storage failed. */
export type ReviewFailure = { readonly kind: 'refused'; readonly problem: TransitionProblem } | { readonly kind: 'storage'; readonly error: StorageError };

/**
 * Reads the stored assessment (never a screen's possibly older copy, which could lack answers given since),
 * applies one domain transition and stores the result.
 */
async function changeAssessment(
  ctx: Pick<WorkflowContext, 'vault' | 'env'>,
  assessmentId: string,
  transition: (assessment: Assessment, now: string) => Result<Assessment, TransitionProblem>,
  attributed?: { readonly action: AuditAction; readonly change: (actor: Actor) => Attribution },
): Promise<Result<Assessment, ReviewFailure>> {
  const found = await getAssessment(ctx.vault, asAssessmentId(assessmentId));
  if (!found.ok) return err({ kind: 'storage', error: found.error });
  const changed = transition(found.value, ctx.env.now());
  if (!changed.ok) return err({ kind: 'refused', problem: changed.error });
  const after = attributed ? withAttribution(changed.value, ctx.vault, attributed.change) : changed.value;
  const saved = await updateAssessment(ctx.vault, after);
  if (!saved.ok) return err({ kind: 'storage', error: saved.error });
  if (attributed) await audit(ctx, { action: attributed.action, patientId: after.patientId, assessmentId: after.id });
  return ok(after);
}

/** "I have seen this alert": the open safety alerts of one assessment are marked acknowledged now. */
export const acknowledgeAlert = (ctx: Pick<WorkflowContext, 'vault' | 'env'>, assessmentId: string) =>
  changeAssessment(ctx, assessmentId, acknowledgeAlerts, { action: 'acknowledge-alert', change: (actor) => ({ acknowledgedBy: actor }) });

/** "Discard draft": the draft is set aside (refused while a safety alert on it is open). */
export const discardAssessmentDraft = (ctx: Pick<WorkflowContext, 'vault' | 'env'>, assessmentId: string) => changeAssessment(ctx, assessmentId, discardDraft);

/** "Finish and score": a fully answered draft is scored and stored as completed (refused while an item is unanswered). */
export const finishAndScoreDraft = (ctx: Pick<WorkflowContext, 'vault' | 'env' | 'catalogue'>, assessmentId: string) =>
  changeAssessment(ctx, assessmentId, (assessment, now) =>
    finishDraft(assessment, assessment.instruments.flatMap(({ id }) => ctx.catalogue.instruments.filter((i) => i.definition.id === id)), now),
  );
