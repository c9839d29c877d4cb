import { err, ok, type Result } from '../result.ts';
import { computeCalibration } from './calibration.ts';
import { isCorrectAnswer, type ComprehensionOption, type ComprehensionQuestionId } from './comprehension.ts';
import type { EffortLevel } from './task-config.ts';
import type { EffortTaskRecord, SkipReason } from './task-record.ts';
import { currentCalibrationRounds, nextStep, phaseOf, type EffortTaskStep } from './task-progress.ts';
import { isEffortSuccessful, pointsForTrial } from './trial.ts';

/**
 * What can happen in the task. Each finished step is one event; `applyEffortTaskEvent` appends it to the record.
 * Times are from the caller's clock (ms); `taps` are the taps counted inside the effort window.
 */
export type EffortTaskEvent =
  | { readonly type: 'calibration-round'; readonly taps: number; readonly durationMs: number; readonly startedAt: number }
  | { readonly type: 'calibration-restart' }
  | { readonly type: 'practice-attempt'; readonly effort: EffortLevel; readonly taps: number; readonly startedAt: number; readonly endedAt: number }
  | { readonly type: 'comprehension-answer'; readonly question: ComprehensionQuestionId; readonly answer: ComprehensionOption; readonly at: number }
  | { readonly type: 'choice'; readonly index: number; readonly accepted: boolean; readonly offerShownAt: number; readonly choiceAt: number }
  /** The end of the effort (accepted: `taps` counted) or of the matched wait (rejected: `taps` null). */
  | { readonly type: 'effort-end'; readonly index: number; readonly taps: number | null; readonly effortStartAt: number; readonly effortEndAt: number }
  | { readonly type: 'break-end'; readonly afterBlock: number; readonly shownAt: number; readonly endedAt: number }
  | { readonly type: 'skip'; readonly reason: SkipReason; readonly at: number };

/**
 * Why an event was not applied: the task has ended (`finished`), the event does not belong to the current step
 * (`out-of-order`, e.g. a late timer after the patient stopped), or it carries impossible values (`invalid`).
 */
export type EffortTaskEventError = 'finished' | 'out-of-order' | 'invalid';

const ms = (t: number) => Math.max(0, Math.round(t));
const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/** The record with `event` appended, or why it does not fit. Never changes its input. */
export function applyEffortTaskEvent(record: EffortTaskRecord, event: EffortTaskEvent): Result<EffortTaskRecord, EffortTaskEventError> {
  const step = nextStep(record);
  if (step.kind === 'done' || step.kind === 'skipped') return err('finished');
  if (event.type === 'skip') {
    const phase = phaseOf(step);
    if (!phase) return err('finished');
    return ok({ ...record, pendingChoice: null, abandonedChoices: abandon(record), outcome: { status: 'skipped', at: ms(event.at), phase, reason: event.reason } });
  }
  return applyStepEvent(record, step, event);
}

function applyStepEvent(record: EffortTaskRecord, step: EffortTaskStep, event: Exclude<EffortTaskEvent, { type: 'skip' }>): Result<EffortTaskRecord, EffortTaskEventError> {
  switch (event.type) {
    case 'calibration-round': {
      if (step.kind !== 'calibration') return err('out-of-order');
      if (!isCount(event.taps) || !(event.durationMs > 0)) return err('invalid');
      const round = { attempt: record.calibration.restarts, taps: event.taps, durationMs: ms(event.durationMs), startedAt: ms(event.startedAt) };
      const rounds = [...record.calibration.rounds, round];
      const current = [...currentCalibrationRounds(record), round];
      const calibration = current.length === step.rounds ? computeCalibration(current, record.config) : null;
      const ratePerSecond = calibration?.ok ? calibration.value.ratePerSecond : null;
      return ok({ ...record, calibration: { ...record.calibration, rounds, ratePerSecond } });
    }
    case 'calibration-restart':
      if (step.kind !== 'calibration-failed') return err('out-of-order');
      return ok({ ...record, calibration: { ...record.calibration, restarts: record.calibration.restarts + 1, ratePerSecond: null } });
    case 'practice-attempt': {
      if (step.kind !== 'practice' || step.effort !== event.effort) return err('out-of-order');
      if (!isCount(event.taps)) return err('invalid');
      const { tapsRequired } = step.requirement;
      const attempt = { effort: event.effort, attempt: step.attempt, tapsRequired, tapsAchieved: event.taps, success: isEffortSuccessful(event.taps, tapsRequired), startedAt: ms(event.startedAt), endedAt: ms(event.endedAt) };
      return ok({ ...record, practice: [...record.practice, attempt] });
    }
    case 'comprehension-answer': {
      if (step.kind !== 'comprehension' || step.question !== event.question) return err('out-of-order');
      const answer = { question: event.question, answer: event.answer, correct: isCorrectAnswer(event.question, event.answer), at: ms(event.at) };
      return ok({ ...record, comprehension: [...record.comprehension, answer] });
    }
    case 'choice': {
      if (step.kind !== 'trial' || step.offer.index !== event.index) return err('out-of-order');
      const choice = { index: event.index, accepted: event.accepted, offerShownAt: ms(event.offerShownAt), choiceAt: ms(event.choiceAt) };
      return ok({ ...record, pendingChoice: choice, abandonedChoices: abandon(record) });
    }
    case 'effort-end':
      return endEffort(record, step, event);
    case 'break-end':
      if (step.kind !== 'block-break' || step.afterBlock !== event.afterBlock) return err('out-of-order');
      return ok({ ...record, breaks: [...record.breaks, { afterBlock: event.afterBlock, shownAt: ms(event.shownAt), endedAt: ms(event.endedAt) }] });
  }
}

function endEffort(record: EffortTaskRecord, step: EffortTaskStep, event: Extract<EffortTaskEvent, { type: 'effort-end' }>): Result<EffortTaskRecord, EffortTaskEventError> {
  const choice = record.pendingChoice;
  if (step.kind !== 'trial' || step.offer.index !== event.index || choice?.index !== event.index) return err('out-of-order');
  if (choice.accepted !== (event.taps !== null) || (event.taps !== null && !isCount(event.taps))) return err('invalid');
  const { offer } = step;
  const success = event.taps === null ? null : isEffortSuccessful(event.taps, offer.tapsRequired);
  const trial = {
    index: offer.index,
    block: offer.block,
    reward: offer.reward,
    effort: offer.effort,
    accepted: choice.accepted,
    decisionMs: Math.max(0, choice.choiceAt - choice.offerShownAt),
    success,
    tapsAchieved: event.taps,
    tapsRequired: offer.tapsRequired,
    points: pointsForTrial(record.config, { accepted: choice.accepted, success, reward: offer.reward }),
    offerShownAt: choice.offerShownAt,
    choiceAt: choice.choiceAt,
    effortStartAt: ms(event.effortStartAt),
    effortEndAt: ms(event.effortEndAt),
  };
  const trials = [...record.trials, trial];
  const last = trials.length === record.schedule.length;
  return ok({ ...record, trials, pendingChoice: null, outcome: last ? { status: 'completed', at: trial.effortEndAt } : record.outcome });
}

/** An unfinished choice is kept in `abandonedChoices` when a new choice or a skip replaces it. */
function abandon(record: EffortTaskRecord): EffortTaskRecord['abandonedChoices'] {
  return record.pendingChoice ? [...record.abandonedChoices, record.pendingChoice] : record.abandonedChoices;
}
