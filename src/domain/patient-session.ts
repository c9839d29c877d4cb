import type { AnswerRecord, AssessmentAnswers } from './answer.ts';
import { alertsForAnswer, effortTaskPending, findResumePoint, hasUnacknowledgedAlert, rewardTaskPending } from './assessment-progress.ts';
import type { AdministeredText, Assessment } from './assessment-schema.ts';
import { totalTrials } from './effort-task/task-size.ts';
import type { EffortTaskRecord } from './effort-task/task-record.ts';
import type { InstrumentDefinition } from './instrument-schema.ts';
import type { RewardTaskRecord } from './prt/task-record.ts';

/**
 * What patient mode knows of the assessment it gives. Patient mode holds no key that opens a record (it seals each
 * answer to the clinic's inbox public key), so after a reload it knows which items were answered but not the
 * answers (`answeredEarlier`); it knows the values only of the answers given since it opened (`answers`), or all
 * of them right after the hand-over (the clinician's opened assessment is handed to it in memory).
 */
export type PatientSession = {
  readonly assessmentId: string;
  /** As the assessment lists them, with the parts left out (`notAsked`): the items asked. */
  readonly instruments: Assessment['instruments'];
  readonly language: string;
  readonly texts: Readonly<Record<string, AdministeredText>>;
  readonly answers: AssessmentAnswers;
  /** Instrument id → ids of items answered before a reload, whose answers this tablet cannot read. */
  readonly answeredEarlier: Readonly<Record<string, readonly string[]>>;
  /** A safety alert is open (raised now or before): the patient is asked to call staff and no game follows. */
  readonly alertOpen: boolean;
  /** The effort task still to give, as far as patient mode can give it. */
  readonly effortTask: EffortTaskRecord | null;
  /** The effort task was begun before a reload: its record is sealed for the clinic, so staff continue it. */
  readonly effortTaskWithStaff: boolean;
  /** The reward task still to give (after the effort task), as far as patient mode can give it. */
  readonly rewardTask: RewardTaskRecord | null;
  /** The reward task was begun before a reload: its record is sealed for the clinic, so staff continue it. */
  readonly rewardTaskWithStaff: boolean;
  readonly finished: boolean;
};

/**
 * The effort task as a hand-over stores it in the clear: `fresh` only while it holds no answer of the patient (its
 * settings, seed and schedule); once begun, only sealed to the clinic's inbox key.
 */
export type HandoverTask<R> = { readonly kind: 'none' } | { readonly kind: 'fresh'; readonly record: R } | { readonly kind: 'begun'; readonly sealed: string | null };
export type HandoverEffortTask = HandoverTask<EffortTaskRecord>;

/** How the hand-over stores an assessment's effort task. */
export function effortTaskAtHandover(assessment: Pick<Assessment, 'effortTask'>): HandoverEffortTask {
  const task = assessment.effortTask;
  if (!task || !effortTaskPending(assessment)) return { kind: 'none' };
  const untouched =
    task.calibration.rounds.length === 0 &&
    task.practice.length === 0 &&
    task.comprehension.length === 0 &&
    task.trials.length === 0 &&
    task.pendingChoice === null &&
    task.abandonedChoices.length === 0 &&
    task.breaks.length === 0;
  return untouched ? { kind: 'fresh', record: task } : { kind: 'begun', sealed: null };
}

/** How the hand-over stores an assessment's reward task: in the clear only before its first answer (as the effort task). */
export function rewardTaskAtHandover(assessment: Pick<Assessment, 'rewardTask'>): HandoverTask<RewardTaskRecord> {
  const task = assessment.rewardTask;
  if (!task || !rewardTaskPending(assessment)) return { kind: 'none' };
  const untouched = task.practice.length === 0 && task.trials.length === 0 && task.breaks.length === 0;
  return untouched ? { kind: 'fresh', record: task } : { kind: 'begun', sealed: null };
}

/** Patient mode right after the hand-over: the clinician's opened assessment, every answer known. */
export function sessionFromAssessment(assessment: Assessment): PatientSession {
  return {
    assessmentId: assessment.id,
    instruments: assessment.instruments,
    language: assessment.language,
    texts: assessment.texts,
    answers: assessment.answers,
    answeredEarlier: {},
    alertOpen: hasUnacknowledgedAlert(assessment),
    effortTask: effortTaskPending(assessment) ? assessment.effortTask : null,
    effortTaskWithStaff: false,
    rewardTask: rewardTaskPending(assessment) ? (assessment.rewardTask ?? null) : null,
    rewardTaskWithStaff: false,
    finished: false,
  };
}

/** Every answered item, known or not: instrument id → item id → true. */
export function answeredItems(session: Pick<PatientSession, 'answers' | 'answeredEarlier'>): Record<string, Record<string, true>> {
  const out: Record<string, Record<string, true>> = {};
  for (const [instrumentId, ids] of Object.entries(session.answeredEarlier)) out[instrumentId] = Object.fromEntries(ids.map((id) => [id, true as const]));
  for (const [instrumentId, answers] of Object.entries(session.answers)) {
    out[instrumentId] = { ...(out[instrumentId] ?? {}), ...Object.fromEntries(Object.keys(answers).map((id) => [id, true as const])) };
  }
  return out;
}

/**
 * Whether patient mode opens straight at the next question rather than at its welcome ("Begin"): the patient had
 * begun the questions and some are left, so the tablet reloaded, or the tab was closed, mid-questionnaire. A "Begin"
 * with the whole battery's length would then read as starting over. `definitions`: the items asked (`asGiven`).
 */
export function opensMidQuestionnaire(session: Pick<PatientSession, 'answers' | 'answeredEarlier'>, definitions: readonly InstrumentDefinition[]): boolean {
  const answered = answeredItems(session);
  const begun = Object.values(answered).some((items) => Object.keys(items).length > 0);
  return begun && findResumePoint({ answers: answered }, definitions) !== null;
}

/** Records one answer in memory; returns the session and the safety alerts the answer raises on its own. */
export function recordPatientAnswer(session: PatientSession, def: InstrumentDefinition, itemId: string, answer: AnswerRecord): { readonly session: PatientSession; readonly raised: readonly string[] } {
  const raised = alertsForAnswer(def, itemId, answer.code);
  return {
    session: {
      ...session,
      answers: { ...session.answers, [def.id]: { ...(session.answers[def.id] ?? {}), [itemId]: answer } },
      alertOpen: session.alertOpen || raised.length > 0,
    },
    raised,
  };
}

/**
 * Planning figures for the welcome screen ("about N minutes"), not measurements: 12 s per question, and for the
 * effort game about 9 s per offer (task-config.ts) plus 2 minutes of calibration, practice and instructions; for the
 * reward game each trial's fixed parts (fixation, face, feedback) plus 0.8 s to answer, and 1 minute of
 * instructions and practice (300 trials: about 19 minutes). Each rounded to whole minutes, at least 1.
 */
const SECONDS_PER_QUESTION = 12;
const SECONDS_PER_OFFER = 9;
const GAME_SET_UP_SECONDS = 120;
const REWARD_ANSWER_MS = 800;
const REWARD_SET_UP_SECONDS = 60;

export function sittingEstimate(
  session: Pick<PatientSession, 'answers' | 'answeredEarlier' | 'effortTask'> & Partial<Pick<PatientSession, 'rewardTask'>>,
  definitions: readonly InstrumentDefinition[],
): { readonly questions: number; readonly questionMinutes: number; readonly gameMinutes: number | null; readonly rewardMinutes: number | null } {
  const answered = answeredItems(session);
  // Every question still to come, optional ones too, as the progress bar counts them.
  const questions = definitions.reduce((n, def) => n + def.items.filter((item) => !answered[def.id]?.[item.id]).length, 0);
  const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));
  const task = session.effortTask?.outcome.status === 'in-progress' ? session.effortTask : null;
  const offersLeft = task ? totalTrials(task.config) - task.trials.length : 0;
  return {
    questions,
    questionMinutes: minutes(questions * SECONDS_PER_QUESTION),
    gameMinutes: task ? minutes(offersLeft * SECONDS_PER_OFFER + (task.trials.length === 0 ? GAME_SET_UP_SECONDS : 0)) : null,
    rewardMinutes: rewardMinutesLeft(session.rewardTask ?? null),
  };
}

/** Minutes the reward task still takes (see `sittingEstimate`); counted here, not with task-config.ts (zod). */
function rewardMinutesLeft(task: RewardTaskRecord | null): number | null {
  if (task?.outcome.status !== 'in-progress') return null;
  const { blocks, trialsPerBlock, fixationMs, faceMs, feedbackMs } = task.config;
  const left = blocks * trialsPerBlock - task.trials.length;
  const seconds = (left * (fixationMs + faceMs + feedbackMs + REWARD_ANSWER_MS)) / 1000 + (task.trials.length === 0 ? REWARD_SET_UP_SECONDS : 0);
  return Math.max(1, Math.round(seconds / 60));
}
