import type { BundleEntry, FhirResource, Observation, Provenance, Quantity, Reference } from 'fhir/r4';
import type { Assessment } from '../../domain/assessment.ts';
import type { Actor } from '../../domain/clinician.ts';
import type { EbdmParameters } from '../../domain/ebdm/model.ts';
import { summariseEffortTask } from '../../domain/effort-task/effort-result.ts';
import type { SkipReason, TaskPhase } from '../../domain/effort-task/task-record.ts';
import { ASSESSMENT_ID_SYSTEM, CANONICAL_BASE } from './fhir-terms.ts';
import { practitionerAgent } from './practitioner.ts';

/**
 * The effort-based decision task has no LOINC or SNOMED code, so its results are coded in this project system:
 * the three parameters of the reported (parabolic) fit, the acceptance rate, and the status of a skipped task.
 */
export const EFFORT_TASK_SYSTEM = `${CANONICAL_BASE}/CodeSystem/effort-task`;

export const EFFORT_CODES = ['reward-sensitivity', 'effort-sensitivity', 'acceptance-bias', 'acceptance-rate', 'effort-task-status'] as const;
export type EffortCode = (typeof EFFORT_CODES)[number];

/** The business identifier of an assessment's effort task as a whole (its export group): `<assessment id>/effort-task`. */
export const effortTaskIdentifier = (assessmentId: string) => `${assessmentId}/effort-task`;

/** The business identifier of one effort Observation: `<assessment id>/effort-task/<code>`, stable across exports. */
export const effortIdentifier = (assessmentId: string, code: EffortCode) => `${effortTaskIdentifier(assessmentId)}/${code}`;

export const SURVEY = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] };
export const UCUM = 'http://unitsofmeasure.org';
/** The note every objective-task Observation ends with: there are no sourced reference data for these measures. */
export const RESEARCH = 'Research measure; no reference data.';

const PARAMETERS: readonly { readonly key: keyof EbdmParameters; readonly code: EffortCode; readonly display: string }[] = [
  { key: 'rewardSensitivity', code: 'reward-sensitivity', display: 'Reward sensitivity (kR)' },
  { key: 'effortSensitivity', code: 'effort-sensitivity', display: 'Effort sensitivity (kE)' },
  { key: 'acceptanceBias', code: 'acceptance-bias', display: 'Acceptance bias (a)' },
];
/** Only kR and kE are bounded (at 0, by their priors). */
const BOUNDED: ReadonlySet<keyof EbdmParameters> = new Set(['rewardSensitivity', 'effortSensitivity']);

/** The words of the clinician's view (messages-en `effortResult.phase.*`, `effort.skip.reason.*`), in English. */
const PHASE_TEXT: Readonly<Record<TaskPhase, string>> = { calibration: 'calibration', practice: 'practice', comprehension: 'the instructions', main: 'the offers' };
const REASON_TEXT: Readonly<Record<SkipReason, string>> = { 'cannot-tap': 'cannot tap (hand, tremor or pain)', declined: 'declined', other: 'another reason' };

/** The status text of a stopped task, as exported (and read back, exactly, by `fromEffortObservations`). */
export const skippedStatusText = (phase: TaskPhase, reason: SkipReason) => `skipped during ${PHASE_TEXT[phase]}: ${REASON_TEXT[reason]}`;

/** Three significant digits, as text. */
export const sig = (x: number) => String(Number(x.toPrecision(3)));

/** A fitted parameter to three significant digits, as the clinician's view shows it (the fit is not more precise); a rate as given. */
export const quantity = (value: number, unit: '1' | '%'): Pick<Observation, 'valueQuantity' | 'dataAbsentReason'> =>
  Number.isFinite(value)
    ? { valueQuantity: { value: unit === '1' ? Number(value.toPrecision(3)) : value, unit, system: UCUM, code: unit } satisfies Quantity }
    : { dataAbsentReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'not-a-number', display: 'Not a Number (NaN)' }] } };

/**
 * The effort task of an assessment as FHIR entries linked by `urn:uuid`, to travel as their own group beside the
 * instruments' (see `toAssessmentExport`):
 * - completed: four Observations (category survey, coded in `EFFORT_TASK_SYSTEM`): reward sensitivity, effort
 *   sensitivity and acceptance bias of the reported parabolic MAP fit (dimensionless, UCUM `1`), each with its
 *   Laplace standard error and n in a note, and the acceptance rate in %, then a Provenance naming the app;
 * - skipped: one `effort-task-status` Observation saying in which phase and why (as chosen, nothing inferred),
 *   and its Provenance;
 * - no task, still in progress or not fitted: nothing.
 * No interpretation and no reference range: there are no sourced reference data for these parameters.
 * Pure: `newUuid` supplies the full URLs, `now` the Provenance's `recorded`.
 */
export function toEffortEntries(
  assessment: Pick<Assessment, 'id' | 'completedAt' | 'updatedAt' | 'effortTask' | 'attribution'>,
  subject: Reference,
  meta: { readonly appVersion: string; readonly now: string; readonly newUuid: () => string },
): BundleEntry<FhirResource>[] {
  if (!assessment.effortTask) return [];
  const result = summariseEffortTask(assessment.effortTask);
  const taskVersion = assessment.effortTask.taskVersion;
  const base = (code: EffortCode, display: string) =>
    ({
      resourceType: 'Observation',
      identifier: [{ system: ASSESSMENT_ID_SYSTEM, value: effortIdentifier(assessment.id, code) }],
      status: 'final',
      category: [SURVEY],
      code: { coding: [{ system: EFFORT_TASK_SYSTEM, code, display }], text: display },
      subject,
      effectiveDateTime: assessment.completedAt ?? assessment.updatedAt,
    }) satisfies Observation;

  let observations: Observation[];
  if (result.status === 'completed') {
    const { reported, bestByBic, acceptanceRate } = result;
    const method = { text: `MAP fit, parabolic effort cost SV = kR·R − kE·E², Motivation Profile effort task ${taskVersion}` };
    const comparison =
      bestByBic.model === reported.model
        ? `Of the parabolic, linear and exponential effort costs, BIC also prefers the parabolic one.`
        : `Of the parabolic, linear and exponential effort costs, BIC prefers the ${bestByBic.model} one (BIC ${sig(bestByBic.bic)} vs ${sig(reported.bic)}); the parabolic fit is reported whatever BIC prefers.`;
    const parameters = PARAMETERS.map(({ key, code, display }): Observation => {
      const value = reported.parameters[key];
      const se = reported.standardErrors[key];
      const seText = Number.isFinite(se) ? `Standard error ${sig(se)} (Laplace approximation)` : 'Standard error not available (the posterior curvature at the estimate is not positive definite)';
      const bound = BOUNDED.has(key) && value === 0 ? '; the estimate is at its lower bound 0, so the standard error describes the curvature there, not a symmetric interval' : '';
      return {
        ...base(code, display),
        ...quantity(value, '1'),
        method,
        note: [{ text: `${seText}${bound}; n = ${String(reported.n)} offers. ${comparison} ${RESEARCH}` }],
      };
    });
    const accepted = Math.round(acceptanceRate * reported.n);
    const rate: Observation = {
      ...base('acceptance-rate', 'Acceptance rate'),
      ...quantity(Math.round(acceptanceRate * 1000) / 10, '%'),
      method: { text: `Proportion of offers accepted, Motivation Profile effort task ${taskVersion}` },
      note: [{ text: `${String(accepted)} of ${String(reported.n)} offers accepted. ${RESEARCH}` }],
    };
    observations = [...parameters, rate];
  } else if (result.status === 'skipped') {
    const text = skippedStatusText(result.phase, result.reason);
    observations = [
      {
        ...base('effort-task-status', 'Effort task status'),
        valueCodeableConcept: { text },
        note: [{ text: 'Stopped by the patient or clinician, who chose the reason; nothing is inferred from a skipped task.' }],
      },
    ];
  } else {
    return [];
  }

  return withTaskProvenance(observations, `effort task ${taskVersion}`, assessment.attribution?.startedBy, meta);
}

/**
 * A task's Observations as entries named by `urn:uuid`, then a Provenance targeting them all: its author the app
 * as a Device (`Motivation Profile <app version> (<task>)`), its performer the clinician who started the visit.
 */
export function withTaskProvenance(
  observations: readonly Observation[],
  task: string,
  startedBy: Actor | undefined,
  meta: { readonly appVersion: string; readonly now: string; readonly newUuid: () => string },
): BundleEntry<FhirResource>[] {
  const urls = observations.map(() => `urn:uuid:${meta.newUuid()}`);
  const provenance: Provenance = {
    resourceType: 'Provenance',
    target: urls.map((reference) => ({ reference })),
    recorded: meta.now,
    agent: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }] },
        who: { type: 'Device', display: `Motivation Profile ${meta.appVersion} (${task})` },
      },
      ...(startedBy ? [practitionerAgent(startedBy, 'performer')] : []),
    ],
  };
  return [...observations.map((resource, i) => ({ fullUrl: urls[i] ?? '', resource })), { fullUrl: `urn:uuid:${meta.newUuid()}`, resource: provenance }];
}
