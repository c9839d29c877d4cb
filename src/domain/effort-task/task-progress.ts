import { computeCalibration, type CalibrationError } from './calibration.ts';
import { COMPREHENSION_QUESTIONS, type ComprehensionQuestionId } from './comprehension.ts';
import { EFFORT_LEVELS, levelConfig, totalTrials, trialsPerBlock, type EffortLevel } from './task-config.ts';
import type { EffortTaskRecord, TaskPhase } from './task-record.ts';
import { requiredTaps } from './trial.ts';

/** What one effort level asks of this patient: taps within a window. */
export type EffortRequirement = { readonly tapsRequired: number; readonly durationMs: number };

/** One main-task offer with everything needed to run it. */
export type EffortOffer = EffortRequirement & {
  readonly index: number;
  /** 1-based. */
  readonly block: number;
  readonly reward: number;
  readonly effort: EffortLevel;
};

/**
 * The next unfinished step of a record. Phases run calibration → practice → comprehension → main → done;
 * `skipped` ends the task from any phase. Steps are derived from the record alone, so a saved record resumes
 * where it stopped; anything unfinished (a round, an attempt, an effort) is simply done again.
 */
export type EffortTaskStep =
  | { readonly kind: 'calibration'; readonly round: number; readonly rounds: number; readonly attempt: number }
  | { readonly kind: 'calibration-failed'; readonly error: CalibrationError }
  | { readonly kind: 'practice'; readonly effort: EffortLevel; readonly attempt: number; readonly requirement: EffortRequirement }
  | { readonly kind: 'comprehension'; readonly question: ComprehensionQuestionId; readonly retry: boolean }
  | { readonly kind: 'trial'; readonly offer: EffortOffer }
  | { readonly kind: 'block-break'; readonly afterBlock: number; readonly blocks: number }
  | { readonly kind: 'done' }
  | { readonly kind: 'skipped' };

/** Calibration rounds of the current (latest) calibration attempt. */
export function currentCalibrationRounds(record: EffortTaskRecord): EffortTaskRecord['calibration']['rounds'] {
  return record.calibration.rounds.filter((r) => r.attempt === record.calibration.restarts);
}

/** Taps and window for an effort level, or null before a usable calibration. */
export function effortRequirement(record: EffortTaskRecord, effort: EffortLevel): EffortRequirement | null {
  const rate = record.calibration.ratePerSecond;
  if (rate === null) return null;
  const level = levelConfig(record.config, effort);
  return { tapsRequired: requiredTaps(rate, level), durationMs: level.durationMs };
}

/** Practice at one level is finished when passed, or after the configured number of failed attempts. */
export function practiceStatus(record: EffortTaskRecord, effort: EffortLevel): { readonly attempts: number; readonly passed: boolean; readonly finished: boolean } {
  const attempts = record.practice.filter((p) => p.effort === effort);
  const passed = attempts.some((p) => p.success);
  return { attempts: attempts.length, passed, finished: passed || attempts.length >= record.config.practiceMaxAttempts };
}

/** The next step to show (see `EffortTaskStep`). */
export function nextStep(record: EffortTaskRecord): EffortTaskStep {
  if (record.outcome.status === 'skipped') return { kind: 'skipped' };
  if (record.outcome.status === 'completed') return { kind: 'done' };

  const { rounds } = record.config.calibration;
  const current = currentCalibrationRounds(record);
  if (current.length < rounds) {
    return { kind: 'calibration', round: current.length + 1, rounds, attempt: record.calibration.restarts };
  }
  const calibration = computeCalibration(current, record.config);
  if (!calibration.ok) return { kind: 'calibration-failed', error: calibration.error };

  for (const effort of EFFORT_LEVELS) {
    const status = practiceStatus(record, effort);
    const requirement = effortRequirement(record, effort);
    if (!status.finished && requirement) return { kind: 'practice', effort, attempt: status.attempts + 1, requirement };
  }

  for (const question of COMPREHENSION_QUESTIONS) {
    const answers = record.comprehension.filter((a) => a.question === question);
    if (!answers.some((a) => a.correct)) return { kind: 'comprehension', question, retry: answers.length > 0 };
  }

  const done = record.trials.length;
  if (done >= totalTrials(record.config)) return { kind: 'done' };
  const perBlock = trialsPerBlock(record.config);
  const afterBlock = done / perBlock;
  if (done > 0 && Number.isInteger(afterBlock) && !record.breaks.some((b) => b.afterBlock === afterBlock)) {
    return { kind: 'block-break', afterBlock, blocks: record.config.blocks };
  }
  const offer = offerAt(record, done);
  return offer ? { kind: 'trial', offer } : { kind: 'done' };
}

/** The scheduled offer at `index` with its requirement, or null past the end or before calibration. */
export function offerAt(record: EffortTaskRecord, index: number): EffortOffer | null {
  const scheduled = record.schedule[index];
  if (!scheduled) return null;
  const requirement = effortRequirement(record, scheduled.effort);
  if (!requirement) return null;
  return { index, block: Math.floor(index / trialsPerBlock(record.config)) + 1, ...scheduled, ...requirement };
}

/** The phase a step belongs to, as recorded when the task is skipped there. Null once the task has ended. */
export function phaseOf(step: EffortTaskStep): TaskPhase | null {
  switch (step.kind) {
    case 'calibration':
    case 'calibration-failed':
      return 'calibration';
    case 'practice':
      return 'practice';
    case 'comprehension':
      return 'comprehension';
    case 'trial':
    case 'block-break':
      return 'main';
    case 'done':
    case 'skipped':
      return null;
  }
}

/** Points won so far in the main task. */
export function totalPoints(record: EffortTaskRecord): number {
  return record.trials.reduce((sum, t) => sum + t.points, 0);
}

/**
 * The completed main-task choices for the model fit, in the order given. A skipped or unfinished record gives the
 * trials it has: check `record.outcome.status` before fitting.
 */
export function trialsForModel(record: EffortTaskRecord): { reward: number; effort: EffortLevel; accepted: boolean }[] {
  return record.trials.map((t) => ({ reward: t.reward, effort: t.effort, accepted: t.accepted }));
}
