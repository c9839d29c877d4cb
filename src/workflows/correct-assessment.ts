import type { Assessment } from '../domain/assessment.ts';
import type { RevisionReason } from '../domain/assessment-schema.ts';
import { asAssessmentId } from '../domain/ids.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { amendAnswers, voidVisit, type Correction, type CorrectionProblem } from '../domain/revision.ts';
import { getAssessment, listAssessmentsForPatient } from '../storage/assessment-repository.ts';
import { storeImportedAssessments } from '../storage/imported-assessments.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { audit, withAttribution } from './attribution.ts';
import { holderOf } from '../domain/clinician.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** Why a correction was not made: the domain refused it (in words on screen), or storage failed. */
export type CorrectionFailure = { readonly kind: 'refused'; readonly problem: CorrectionProblem } | { readonly kind: 'storage'; readonly error: StorageError };

/** What the clinician asks: the corrected answers (instrument → item → code), or that the visit is voided, and why. */
export type CorrectionRequest =
  | { readonly kind: 'amend'; readonly changes: Readonly<Record<string, Readonly<Record<string, string>>>>; readonly note: string }
  | { readonly kind: 'void'; readonly reason: Exclude<RevisionReason, 'wrong-answer'>; readonly note: string };

/**
 * "Correct this visit": reads the stored visit and every assessment of its patient (the domain checks it is the
 * visit's current version), makes the next version — corrected answers re-scored, or voided — and stores it as a
 * new sealed record beside the old one, which stays as it was. The new version is this tablet's own: "Send to the
 * EHR" sends it as new versions of the same resources with a Provenance saying why.
 * Who corrects is whoever unlocked (`by`: their name; `attribution.correctedBy`: their actor), and an audit line.
 */
export async function correctAssessment(
  ctx: WorkflowContext,
  input: { readonly assessmentId: string; readonly request: CorrectionRequest },
): Promise<Result<Assessment, CorrectionFailure>> {
  const { vault, env, catalogue } = ctx;
  const found = await getAssessment(vault, asAssessmentId(input.assessmentId));
  if (!found.ok) return err({ kind: 'storage', error: found.error });
  const all = await listAssessmentsForPatient(vault, found.value.patientId);
  if (!all.ok) return err({ kind: 'storage', error: all.error });
  const { request } = input;
  const correction: Correction = { reason: request.kind === 'amend' ? 'wrong-answer' : request.reason, note: request.note, at: env.now(), by: holderOf(vault.keys).name, newId: env.newId() };
  const next =
    request.kind === 'amend' ? amendAnswers(found.value, all.value, catalogue.instruments, request.changes, correction) : voidVisit(found.value, all.value, correction);
  if (!next.ok) return err({ kind: 'refused', problem: next.error });
  const corrected = withAttribution(next.value, vault, (actor) => ({ correctedBy: actor }));
  const stored = await storeImportedAssessments(vault, [corrected]);
  if (!stored.ok) return err({ kind: 'storage', error: stored.error });
  await audit(ctx, { action: request.kind === 'amend' ? 'amend' : 'void', patientId: corrected.patientId, assessmentId: corrected.id, detail: correction.reason });
  return ok(corrected);
}
