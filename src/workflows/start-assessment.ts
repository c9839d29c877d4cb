import { startAssessment, type AdministrationMode } from '../domain/assessment.ts';
import { checkStart, type EffortChoice, type StartProblem, type StartRequest } from '../domain/check-start.ts';
import { DEFAULT_EFFORT_TASK_CONFIG } from '../domain/effort-task/task-config.ts';
import { createEffortTaskRecord, type EffortTaskRecord } from '../domain/effort-task/task-record.ts';
import { createRewardTaskRecord } from '../domain/prt/task-record.ts';
import { asAssessmentId, type AssessmentId, type Environment, type PatientId } from '../domain/ids.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { storeStartedAssessment } from '../storage/assessment-start.ts';
import { getPatient } from '../storage/patient-repository.ts';
import { readCustomBatteries } from '../storage/settings-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { audit, withAttribution } from './attribution.ts';
import type { WorkflowContext } from './workflow-context.ts';

export type StartFailure = { readonly kind: 'invalid'; readonly problem: StartProblem } | { readonly kind: 'storage'; readonly error: StorageError };

/** Blocks of 16 offers per variant: 8 (128, recommended clinically), 4 (the published 64), or 1. */
const EFFORT_BLOCKS: Readonly<Record<Exclude<EffortChoice, 'none'>, number>> = { long: 8, standard: DEFAULT_EFFORT_TASK_CONFIG.blocks, short: 1 };

/** A fresh effort-task record for the chosen variant (see `EffortChoice`). */
function newEffortTask(choice: EffortChoice, env: Environment): EffortTaskRecord | null {
  if (choice === 'none') return null;
  const config = { ...DEFAULT_EFFORT_TASK_CONFIG, blocks: EFFORT_BLOCKS[choice] };
  return createEffortTaskRecord({ seed: env.newSeed(), startedAt: env.nowMs(), device: env.device(), config });
}

/**
 * "Start an assessment" for one patient: checks the choice (`checkStart`), then stores the new draft, the battery
 * the clinician asked to save, and the patient's last activity in one transaction. Returns the new assessment's id
 * and who answers it (patient: hand the tablet over; clinician: key the answers in).
 */
export async function startNewAssessment(
  ctx: WorkflowContext,
  input: { readonly patientId: PatientId; readonly request: StartRequest },
): Promise<Result<{ readonly assessmentId: AssessmentId; readonly mode: AdministrationMode }, StartFailure>> {
  const { vault, env, catalogue } = ctx;
  const saved = await readCustomBatteries(vault.db);
  if (!saved.ok) return err({ kind: 'storage', error: saved.error });
  const checked = checkStart(input.request, catalogue, saved.value);
  if (!checked.ok) return err({ kind: 'invalid', problem: checked.error });
  const plan = checked.value;
  // The birth year on the record today goes with the visit: a score converted by age group (CFPB) reads it.
  const patient = await getPatient(vault, input.patientId);
  if (!patient.ok) return err({ kind: 'storage', error: patient.error });
  const now = env.now();
  const started = startAssessment({
    id: asAssessmentId(env.newId()),
    patientId: input.patientId,
    batteryName: plan.batteryName,
    definitions: plan.definitions,
    mode: plan.mode,
    informantRelation: plan.informantRelation,
    language: plan.language,
    texts: plan.texts,
    now,
    effortTask: newEffortTask(plan.effort, env),
    rewardTask: plan.reward === 'none' ? null : createRewardTaskRecord({ seed: env.newSeed(), startedAt: env.nowMs(), device: env.device() }),
    birthYear: patient.value.birthYear,
    notAsked: plan.notAsked,
  });
  const assessment = withAttribution(started, vault, (actor) => ({ startedBy: actor }));
  const batteries = plan.saveBattery ? [...saved.value, { id: env.newId(), ...plan.saveBattery }] : null;
  const stored = await storeStartedAssessment(vault, assessment, batteries, now);
  if (!stored.ok) return err({ kind: 'storage', error: stored.error });
  await audit(ctx, { action: 'start-assessment', patientId: assessment.patientId, assessmentId: assessment.id, detail: plan.batteryName });
  return ok({ assessmentId: assessment.id, mode: plan.mode });
}
