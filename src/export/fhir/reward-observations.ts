import type { BundleEntry, FhirResource, Observation, ObservationComponent, Reference } from 'fhir/r4';
import type { Assessment } from '../../domain/assessment.ts';
import { summariseRewardTask } from '../../domain/prt/reward-result.ts';
import type { BlockSignalDetection, PrtSummary } from '../../domain/prt/signal-detection.ts';
import type { RewardSkipReason, RewardTaskPhase } from '../../domain/prt/task-record.ts';
import { quantity, RESEARCH, sig, SURVEY, withTaskProvenance } from './effort-observations.ts';
import { ASSESSMENT_ID_SYSTEM, CANONICAL_BASE } from './fhir-terms.ts';

/**
 * The Probabilistic Reward Task (PRT) has no LOINC or SNOMED code, so its results are coded in this project system,
 * as the effort task's are (`EFFORT_TASK_SYSTEM`): the model-free response bias and discriminability (the primary
 * outputs, REWARD-TASK.md §7), the learning model's reward sensitivity ρ (secondary), and the status of a skipped
 * task. Per-block values are components coded `<code>-block-<n>`. The learning rate ε and instruction sensitivity γ
 * are never sent: ε is weakly identified and mostly its prior's, not a per-person value (§5, §7); the research
 * CSV carries both.
 */
export const REWARD_TASK_SYSTEM = `${CANONICAL_BASE}/CodeSystem/reward-task`;

export const REWARD_CODES = ['response-bias', 'discriminability', 'reward-sensitivity', 'reward-task-status'] as const;
export type RewardCode = (typeof REWARD_CODES)[number];

/** The code of one block's value, a component of the overall Observation: `response-bias-block-2`. */
export const rewardBlockCode = (code: 'response-bias' | 'discriminability', block: number) => `${code}-block-${String(block)}`;

/** The business identifier of an assessment's reward task as a whole (its export group): `<assessment id>/reward-task`. */
export const rewardTaskIdentifier = (assessmentId: string) => `${assessmentId}/reward-task`;

/** The business identifier of one reward-task Observation: `<assessment id>/reward-task/<code>`, stable across exports. */
export const rewardIdentifier = (assessmentId: string, code: RewardCode) => `${rewardTaskIdentifier(assessmentId)}/${code}`;

export const PRT_METHOD = 'Probabilistic Reward Task (Pizzagalli et al. 2005)';

const PHASE_TEXT: Readonly<Record<RewardTaskPhase, string>> = { instructions: 'the instructions', practice: 'practice', main: 'the trials' };
const REASON_TEXT: Readonly<Record<RewardSkipReason, string>> = { 'cannot-see': 'cannot see the faces', declined: 'declined', other: 'another reason' };

/** The status text of a stopped reward task, as exported. */
export const skippedRewardStatusText = (phase: RewardTaskPhase, reason: RewardSkipReason) => `skipped during ${PHASE_TEXT[phase]}: ${REASON_TEXT[reason]}`;

const DISPLAY = { 'response-bias': 'Response bias (log b)', discriminability: 'Discriminability (log d)' } as const;

/** The trials analysed and excluded, and the hit rates, as one sentence of a note. */
function trialsText(summary: PrtSummary): string {
  const rate = (x: number) => (Number.isFinite(x) ? sig(x) : 'not available');
  const { overall } = summary;
  return (
    `n = ${String(summary.n)} trials, ${String(summary.excluded.length)} excluded (reaction time outside the task's window or a log-RT outlier); ` +
    `hit rates: rich ${rate(overall.richHitRate)}, lean ${rate(overall.leanHitRate)}.`
  );
}

/**
 * The reward task (PRT) of an assessment as FHIR entries linked by `urn:uuid`, to travel as their own group beside
 * the instruments' and the effort task's (see `toAssessmentExport`), on the effort task's pattern (`toEffortEntries`):
 * - completed: `response-bias` (log b) and `discriminability` (log d) over all blocks (dimensionless, UCUM `1`, three
 *   significant digits; base-10 logs with 0.5 added to every cell), each block's value as a component, the trials
 *   analysed and excluded in a note; then `reward-sensitivity` (ρ of the learning model's MAP fit, with its Laplace
 *   SE in a note as the effort parameters have theirs) when the model could be fitted; then a Provenance;
 * - skipped: one `reward-task-status` Observation saying in which phase and why (as chosen, nothing inferred), and
 *   its Provenance;
 * - no task or still in progress: nothing.
 * No interpretation and no reference range: there are no sourced reference data. Pure: `newUuid` supplies the full
 * URLs, `now` the Provenance's `recorded`.
 */
export function toRewardEntries(
  assessment: Pick<Assessment, 'id' | 'completedAt' | 'updatedAt' | 'rewardTask' | 'attribution'>,
  subject: Reference,
  meta: { readonly appVersion: string; readonly now: string; readonly newUuid: () => string },
): BundleEntry<FhirResource>[] {
  if (!assessment.rewardTask) return [];
  const result = summariseRewardTask(assessment.rewardTask);
  const taskVersion = assessment.rewardTask.taskVersion;
  const base = (code: RewardCode, display: string) =>
    ({
      resourceType: 'Observation',
      identifier: [{ system: ASSESSMENT_ID_SYSTEM, value: rewardIdentifier(assessment.id, code) }],
      status: 'final',
      category: [SURVEY],
      code: { coding: [{ system: REWARD_TASK_SYSTEM, code, display }], text: display },
      subject,
      effectiveDateTime: assessment.completedAt ?? assessment.updatedAt,
    }) satisfies Observation;

  let observations: Observation[];
  if (result.status === 'completed') {
    const { summary, fit } = result;
    const method = { text: `${PRT_METHOD}, Motivation Profile reward task ${taskVersion}` };
    const modelFree = (code: 'response-bias' | 'discriminability', pick: (d: PrtSummary['overall']) => number, meaning: string): Observation => ({
      ...base(code, DISPLAY[code]),
      ...quantity(pick(summary.overall), '1'),
      method,
      note: [{ text: `All blocks pooled; base-10 log with 0.5 added to every cell (Hautus 1995)${meaning}. ${trialsText(summary)} ${RESEARCH}` }],
      component: summary.blocks.map(
        (b: BlockSignalDetection): ObservationComponent => ({
          code: { coding: [{ system: REWARD_TASK_SYSTEM, code: rewardBlockCode(code, b.block), display: `${DISPLAY[code]}, block ${String(b.block)}` }], text: `${DISPLAY[code]}, block ${String(b.block)}` },
          ...quantity(pick(b), '1'),
        }),
      ),
    });
    observations = [
      modelFree('response-bias', (d) => d.logB, '; positive: a bias towards the more often rewarded (rich) mouth'),
      modelFree('discriminability', (d) => d.logD, ''),
    ];
    if (fit) {
      const rho = fit.parameters.rewardSensitivity;
      const seLog = fit.standardErrors.logRewardSensitivity;
      const seText = Number.isFinite(fit.rewardSensitivitySe)
        ? `Standard error ${sig(fit.rewardSensitivitySe)} (Laplace approximation on ln ρ, delta method); 95 % interval ${sig(rho * Math.exp(-1.96 * seLog))} to ${sig(rho * Math.exp(1.96 * seLog))}`
        : 'Standard error not available (the posterior curvature at the estimate is not positive definite)';
      observations.push({
        ...base('reward-sensitivity', 'Reward sensitivity (ρ)'),
        ...quantity(rho, '1'),
        method: { text: `${PRT_METHOD}, MAP fit of the reinforcement-learning model of Huys et al. 2013, Motivation Profile reward task ${taskVersion}` },
        note: [{ text: `${seText}; n = ${String(fit.n)} scored trials${fit.converged ? '' : '; the fit did not converge'}. ${RESEARCH}` }],
      });
    }
  } else if (result.status === 'skipped') {
    observations = [
      {
        ...base('reward-task-status', 'Reward task status'),
        valueCodeableConcept: { text: skippedRewardStatusText(result.phase, result.reason) },
        note: [{ text: 'Stopped by the patient or clinician, who chose the reason; nothing is inferred from a skipped task.' }],
      },
    ];
  } else {
    return [];
  }
  return withTaskProvenance(observations, `reward task ${taskVersion}`, assessment.attribution?.startedBy, meta);
}
