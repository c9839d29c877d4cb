import { completeAsGiven, reconcileAlerts, type Assessment } from '../domain/assessment.ts';
import { effortTaskRecordSchema } from '../domain/effort-task/task-record.ts';
import { rewardTaskRecordSchema } from '../domain/prt/task-record.ts';
import { asAssessmentId, type PatientId } from '../domain/ids.ts';
import { effortTaskAtHandover, rewardTaskAtHandover, sessionFromAssessment, type PatientSession } from '../domain/patient-session.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { getAssessment, updateAssessment } from '../storage/assessment-repository.ts';
import type { HandoverV2 } from '../storage/handover-record.ts';
import { beginHandover, closeHandover, openHandover } from '../storage/handover-repository.ts';
import { ensureInboxKey } from '../storage/inbox-key.ts';
import { patientSealOf, type PatientSeal } from '../storage/patient-inbox.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { KeyRing } from '../storage/vault.ts';
import { audit, withAttribution } from './attribution.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Handing the tablet to the patient and taking it back. Patient mode holds no key that opens a record: only the
 * clinic's inbox public key, which every answer is sealed to (storage/patient-inbox.ts). The clinician's keys
 * leave memory until the passphrase is typed again; then the take-back opens what the patient answered, scores
 * it if the patient finished, and puts it all back under the record key. Opening the app in patient mode is
 * `patient-mode-on-open.ts` (on the start page; this file loads when a clinician hands over or takes back).
 */

/** What patient mode starts with: the seal, and the assessment as the clinician had it open (kept in memory only). */
export type HandedOver = { readonly seal: PatientSeal; readonly session: PatientSession };

/** Hands the tablet over for one assessment. */
export async function handOver(ctx: Pick<WorkflowContext, 'vault' | 'env' | 'catalogue'>, assessmentId: string): Promise<Result<HandedOver, StorageError>> {
  const found = await getAssessment(ctx.vault, asAssessmentId(assessmentId));
  if (!found.ok) return found;
  // Alerts re-derived and stored first, so the clear `alertOpen` bit patient mode reads matches the sealed alerts.
  const definitions = found.value.instruments.flatMap(({ id }) => ctx.catalogue.instruments.filter((i) => i.definition.id === id).map((i) => i.definition));
  const assessment = reconcileAlerts(found.value, definitions);
  const stored = await updateAssessment(ctx.vault, assessment);
  if (!stored.ok) return stored;
  const sealTo = await ensureInboxKey(ctx.vault);
  if (!sealTo.ok) return sealTo;
  const handover: HandoverV2 = {
    v: 2,
    assessmentId,
    startedAt: ctx.env.now(),
    sealTo: sealTo.value,
    language: assessment.language,
    texts: assessment.texts,
    effortTask: effortTaskAtHandover(assessment),
    rewardTask: rewardTaskAtHandover(assessment),
    finishedAt: null,
  };
  const begun = await beginHandover(ctx.vault, handover);
  if (!begun.ok) return begun;
  const seal = await patientSealOf(handover);
  return seal.ok ? ok({ seal: seal.value, session: sessionFromAssessment(assessment) }) : seal;
}

/**
 * Staff took the tablet back (`unlocked`: the keys the passphrase gave): the patient's answers are opened and put
 * back under the record key, the assessment scored if the patient finished, and the hand-over ends. Returns the
 * clinician's keys, the handed-over assessment's patient (to open their page) and the assessment (its risk flags
 * can be sent now: `sendRiskFlags`).
 */
export async function takeBack(
  ctx: Pick<WorkflowContext, 'vault' | 'catalogue' | 'env'>,
  unlocked: KeyRing,
): Promise<Result<{ readonly keys: KeyRing; readonly patientId: PatientId | null; readonly assessmentId: string | null }, StorageError>> {
  const vault = { db: ctx.vault.db, keys: unlocked };
  const opened = await openHandover(vault);
  if (!opened.ok) return opened;
  if (!opened.value) return ok({ keys: unlocked, patientId: null, assessmentId: null });
  const { handover, effortTask, rewardTask } = opened.value;
  const instruments = opened.value.assessment.instruments.flatMap(({ id }) => ctx.catalogue.instruments.filter((i) => i.definition.id === id));
  const definitions = instruments.map((i) => i.definition);
  let assessment: Assessment = reconcileAlerts(opened.value.assessment, definitions);
  if (effortTask !== undefined) {
    const checked = effortTaskRecordSchema.safeParse(effortTask);
    if (!checked.success) return err({ code: 'undecryptable', detail: `the effort task patient mode stored does not read: ${checked.error.issues[0]?.message ?? ''}` });
    assessment = { ...assessment, effortTask: checked.data };
  }
  if (rewardTask !== undefined) {
    const checked = rewardTaskRecordSchema.safeParse(rewardTask);
    if (!checked.success) return err({ code: 'undecryptable', detail: `the reward task patient mode stored does not read: ${checked.error.issues[0]?.message ?? ''}` });
    assessment = { ...assessment, rewardTask: checked.data };
  }
  const finishedAt = 'v' in handover ? handover.finishedAt : null;
  if (finishedAt && assessment.status === 'draft') assessment = completeAsGiven(assessment, instruments, finishedAt);
  assessment = withAttribution(assessment, vault, (actor) => ({ takenBackBy: actor }));
  const closed = await closeHandover(vault, assessment);
  if (!closed.ok) return closed;
  await audit({ vault: { db: vault.db, keys: closed.value }, env: ctx.env }, { action: 'take-back', patientId: assessment.patientId, assessmentId: assessment.id });
  return ok({ keys: closed.value, patientId: assessment.patientId, assessmentId: assessment.id });
}
