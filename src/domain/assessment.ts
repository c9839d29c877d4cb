import type { AnswerRecord } from './answer.ts';
import type { AssessmentId, PatientId } from './ids.ts';
import type { Instrument } from './instrument-catalogue.ts';
import type { InstrumentDefinition } from './instrument-schema.ts';
import { scoreAssessment, type Respondent, type ScoreResult } from './score-assessment.ts';
import { detectQualityFlags, type QualityFlag } from './quality-flags.ts';
import type { EffortTaskRecord } from './effort-task/task-record.ts';
import type { RewardTaskRecord } from './prt/task-record.ts';
import type { AdministeredText, AdministrationMode, Assessment } from './assessment-schema.ts';
import { err, ok, type Result } from './result.ts';

export { alertsForAnswer, asGiven, askedItems, countProgress, notAskedOf, effortTaskPending, rewardTaskPending, findResumePoint, givenPack, givenText, hasUnacknowledgedAlert } from './assessment-progress.ts';
import { alertsForAnswer, asGiven, askedItems, findResumePoint, givenPack, givenText, hasUnacknowledgedAlert, notAskedOf } from './assessment-progress.ts';

// The assessment's types are zod-first, in assessment-schema.ts (storage and backups read through that schema).
export type { AdministeredText, AdministrationMode, Assessment, AssessmentStatus, TextReading } from './assessment-schema.ts';

export type StartAssessment = {
  readonly id: AssessmentId;
  readonly patientId: PatientId;
  readonly batteryName: string;
  readonly definitions: readonly InstrumentDefinition[];
  readonly mode: AdministrationMode;
  readonly informantRelation?: string | null;
  /** The language the patient reads. */
  readonly language: string;
  /**
   * The text each instrument is given in (the start's plan, `checkStart`). Absent only where no pack is at hand
   * (tests, tools): then each is recorded in `language`, its pack not recorded (as `textsRecordedBefore`).
   */
  readonly texts?: Readonly<Record<string, AdministeredText>>;
  readonly now: string;
  /** A fresh effort-task record when the battery includes the task. */
  readonly effortTask?: EffortTaskRecord | null;
  /** A fresh reward-task record when the clinician chose it. */
  readonly rewardTask?: RewardTaskRecord | null;
  /** The patient's birth year at the start (null: not recorded), for scores converted by age group (`lookup`). */
  readonly birthYear?: number | null;
  /** Instrument id → the parts the clinician left out as not applicable (instrument.json `parts`). */
  readonly notAsked?: Readonly<Record<string, readonly string[]>>;
};

/** A new draft assessment with no answers. */
export function startAssessment(start: StartAssessment): Assessment {
  return {
    id: start.id,
    patientId: start.patientId,
    batteryName: start.batteryName,
    instruments: start.definitions.map((d) => {
      const notAsked = (start.notAsked?.[d.id] ?? []).filter((part) => d.parts?.some((p) => p.id === part));
      return notAsked.length > 0 ? { id: d.id, version: d.version, notAsked } : { id: d.id, version: d.version };
    }),
    mode: start.mode,
    informantRelation: start.informantRelation ?? null,
    language: start.language,
    texts: start.texts ?? textsRecordedBefore(start.definitions, start.language),
    status: 'draft',
    createdAt: start.now,
    updatedAt: start.now,
    completedAt: null,
    answers: {},
    results: null,
    qualityFlags: {},
    alerts: [],
    alertsAcknowledgedAt: null,
    effortTask: start.effortTask ?? null,
    ...(start.rewardTask ? { rewardTask: start.rewardTask } : {}),
    ...(start.birthYear !== undefined ? { birthYear: start.birthYear } : {}),
  };
}

/**
 * The respondent as a lookup score needs it: the possible ages on the day (a birth year alone gives two, before and
 * after the birthday) and how the questionnaire was administered (handed over: self; keyed in by a clinician, who
 * reads or asks it: interviewer). No birth year recorded: no age, and the score says so.
 */
export function respondentOf(assessment: Pick<Assessment, 'birthYear' | 'mode'>, on: string): Respondent {
  const year = Number(on.slice(0, 4));
  const birthYear = assessment.birthYear ?? null;
  return {
    age: birthYear === null || !Number.isInteger(year) ? null : { min: year - birthYear - 1, max: year - birthYear },
    administration: assessment.mode === 'patient' ? 'self' : 'interviewer',
  };
}

/**
 * The texts of an assessment stored before each instrument's text was recorded (sealed version 2 and older, backups
 * before it): every instrument in the assessment's one language, read by the respondent, its pack unknown (null).
 * Only English packs existed then, so that language is English in practice; the hash was never recorded and is
 * not guessed.
 */
export function textsRecordedBefore(instruments: readonly { readonly id: string; readonly version: string }[], language: string): Record<string, AdministeredText> {
  return Object.fromEntries(instruments.map((i) => [i.id, { language, version: i.version, packHash: null, reading: 'respondent' as const }]));
}

/**
 * The answers that raised a flag, for quoting it: the item's number on the form, the option's words in the text
 * the patient was given (verbatim from the pack), and when it was answered. Empty when none is stored.
 */
export function flagAnswers(
  assessment: Pick<Assessment, 'answers' | 'texts' | 'language' | 'instruments'>,
  instrument: Instrument,
  flag: string,
): { readonly itemNumber: string; readonly answer: string; readonly answeredAt: string }[] {
  const def = instrument.definition;
  const pack = givenPack(assessment, instrument);
  return def.flags
    .filter((f) => f.code === flag && 'answeredWith' in f.when)
    .flatMap((f) => {
      const item = def.items.find((i) => i.id === f.item);
      const answer = item ? assessment.answers[def.id]?.[item.id] : undefined;
      if (!item || !answer) return [];
      return [{ itemNumber: String(item.number), answer: pack.optionSets[item.optionSet]?.[answer.code] ?? answer.code, answeredAt: answer.answeredAt }];
    });
}

/** Records one answer (replacing an earlier one to the same item) and any alert it raises. */
export function recordAnswer(
  assessment: Assessment,
  def: InstrumentDefinition,
  itemId: string,
  answer: AnswerRecord,
): Assessment {
  const forInstrument = { ...(assessment.answers[def.id] ?? {}), [itemId]: answer };
  const raised = alertsForAnswer(def, itemId, answer.code)
    .filter((flag) => !assessment.alerts.some((a) => a.instrumentId === def.id && a.flag === flag))
    .map((flag) => ({ instrumentId: def.id, flag }));
  return {
    ...assessment,
    answers: { ...assessment.answers, [def.id]: forInstrument },
    alerts: [...assessment.alerts, ...raised],
    alertsAcknowledgedAt: raised.length > 0 ? null : assessment.alertsAcknowledgedAt,
    updatedAt: answer.answeredAt,
  };
}

/**
 * Adds any alert the stored answers raise but the assessment does not list (never removes one), so an alert
 * cannot be lost between an answer and its bookkeeping. Returns the same object when nothing is missing.
 */
export function reconcileAlerts(assessment: Assessment, definitions: readonly InstrumentDefinition[]): Assessment {
  const missing = definitions.flatMap((def) =>
    Object.entries(assessment.answers[def.id] ?? {}).flatMap(([itemId, answer]) =>
      alertsForAnswer(def, itemId, answer.code)
        .filter((flag) => !assessment.alerts.some((a) => a.instrumentId === def.id && a.flag === flag))
        .map((flag) => ({ instrumentId: def.id, flag })),
    ),
  );
  if (missing.length === 0) return assessment;
  return { ...assessment, alerts: [...assessment.alerts, ...missing], alertsAcknowledgedAt: null };
}


/**
 * Completes an assessment: scores every instrument from its answers and computes the response-quality flags.
 * Quality flags inform the clinician; they never change a score.
 */
export function completeAssessment(
  assessment: Assessment,
  definitions: readonly InstrumentDefinition[],
  itemTexts: (def: InstrumentDefinition) => Readonly<Record<string, string>>,
  now: string,
): Assessment {
  const results: Record<string, ScoreResult> = {};
  const qualityFlags: Record<string, readonly QualityFlag[]> = {};
  for (const def of definitions) {
    const answers = assessment.answers[def.id] ?? {};
    // The result's provenance names the language of the text the answers were given to.
    const codes = Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, a.code]));
    results[def.id] = scoreAssessment(def, codes, givenText(assessment, def.id).language, respondentOf(assessment, now), notAskedOf(assessment, def.id));
    // Straight-lining is judged over the items asked: a part left out is not a run of unanswered items.
    qualityFlags[def.id] = detectQualityFlags({ ...def, items: [...askedItems(def, notAskedOf(assessment, def.id))] }, answers, itemTexts(def));
  }
  return reconcileAlerts({ ...assessment, status: 'completed', completedAt: now, updatedAt: now, results, qualityFlags }, definitions);
}

/**
 * Completes an assessment with each instrument's items timed in the text recorded for it (language and pack), as
 * the quality flags need: what every finish uses (clinician entry, taking a tablet back, "Finish and score").
 */
export function completeAsGiven(assessment: Assessment, instruments: readonly Instrument[], now: string): Assessment {
  const itemTexts = (def: InstrumentDefinition) => {
    const instrument = instruments.find((i) => i.definition.id === def.id);
    return instrument ? givenPack(assessment, instrument).items : {};
  };
  return completeAssessment(assessment, instruments.map((i) => i.definition), itemTexts, now);
}

/**
 * "Finish and score" on a draft whose every required item is answered (e.g. left at the last item by the idle
 * lock): refused for anything but a draft, and while a required item has no answer.
 */
export function finishDraft(assessment: Assessment, instruments: readonly Instrument[], now: string): Result<Assessment, TransitionProblem> {
  if (assessment.status !== 'draft') return err('not-a-draft');
  if (findResumePoint(assessment, asGiven(assessment, instruments).map((i) => i.definition)) !== null) return err('unanswered');
  return ok(completeAsGiven(assessment, instruments, now));
}

/** Why an assessment cannot change as asked (a clinic action returns it; the screen says it in words). */
export type TransitionProblem = 'no-open-alert' | 'not-a-draft' | 'alert-open' | 'unanswered';

/** A clinician has seen the open safety alerts: they stay on the record, marked acknowledged at `now`. */
export function acknowledgeAlerts(assessment: Assessment, now: string): Result<Assessment, TransitionProblem> {
  if (!hasUnacknowledgedAlert(assessment)) return err('no-open-alert');
  return ok({ ...assessment, alertsAcknowledgedAt: now });
}

/**
 * A draft is set aside (soft-deleted: its answers stay stored). Refused for a completed assessment, and while a
 * safety alert is open, so a risk answer can never be discarded unseen.
 */
export function discardDraft(assessment: Assessment, now: string): Result<Assessment, TransitionProblem> {
  if (assessment.status !== 'draft') return err('not-a-draft');
  if (hasUnacknowledgedAlert(assessment)) return err('alert-open');
  return ok({ ...assessment, status: 'discarded', updatedAt: now });
}
