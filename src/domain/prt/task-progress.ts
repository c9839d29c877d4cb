import { rewardTaskTrials } from './task-config.ts';
import type { RewardTaskPhase, RewardTaskRecord } from './task-record.ts';
import type { PrtStimulus } from './prt-trial.ts';
import { NO_CARRY, rewardOutcome } from './reward-schedule.ts';
import type { Mouth } from './task-schedule.ts';

/**
 * The next unfinished step of a record: instructions → practice → main trials (with a rest between blocks) → done;
 * `skipped` ends the task from any step. Derived from the record alone, so a saved record resumes where it stopped
 * (an unanswered trial is simply shown again).
 */
export type RewardTaskStep =
  | { readonly kind: 'instructions' }
  | { readonly kind: 'practice'; readonly index: number; readonly of: number; readonly mouth: Mouth }
  | { readonly kind: 'trial'; readonly index: number; readonly block: number; readonly mouth: Mouth }
  | { readonly kind: 'block-break'; readonly afterBlock: number; readonly blocks: number }
  | { readonly kind: 'done' }
  | { readonly kind: 'skipped' };

/** `instructions` until `started` says the patient read them (not stored: re-reading after a reload costs nothing). */
export function nextRewardStep(record: RewardTaskRecord, started = true): RewardTaskStep {
  if (record.outcome.status === 'skipped') return { kind: 'skipped' };
  if (record.outcome.status === 'completed') return { kind: 'done' };
  const begun = record.practice.length > 0 || record.trials.length > 0;
  if (!begun && !started) return { kind: 'instructions' };
  const practiceMouth = record.practiceMouths[record.practice.length];
  if (practiceMouth && record.trials.length === 0) return { kind: 'practice', index: record.practice.length, of: record.practiceMouths.length, mouth: practiceMouth };
  const done = record.trials.length;
  if (done >= rewardTaskTrials(record.config)) return { kind: 'done' };
  const perBlock = record.config.trialsPerBlock;
  const afterBlock = done / perBlock;
  if (done > 0 && Number.isInteger(afterBlock) && !record.breaks.some((b) => b.afterBlock === afterBlock)) return { kind: 'block-break', afterBlock, blocks: record.config.blocks };
  const planned = record.schedule[done];
  return planned ? { kind: 'trial', index: done, block: Math.floor(done / perBlock) + 1, mouth: planned.mouth } : { kind: 'done' };
}

/** The phase a step belongs to, as recorded when the task is skipped there. Null once the task has ended. */
export function rewardPhaseOf(step: RewardTaskStep): RewardTaskPhase | null {
  switch (step.kind) {
    case 'instructions':
      return 'instructions';
    case 'practice':
      return 'practice';
    case 'trial':
    case 'block-break':
      return 'main';
    case 'done':
    case 'skipped':
      return null;
  }
}

/**
 * Rewards owed to each mouth after the trials so far in the current block (`rewardOutcome`'s carry-over rule,
 * replayed from the block's first trial: debts lapse with their block, so a block never pays more than it schedules).
 */
export function carriedRewards(record: Pick<RewardTaskRecord, 'trials' | 'schedule' | 'config' | 'assignment'>): Record<Mouth, number> {
  const done = record.trials.length;
  let carry = NO_CARRY;
  for (const trial of record.trials.slice(done - (done % record.config.trialsPerBlock))) {
    carry = rewardOutcome(carry, { stimulus: stimulusOf(record, trial.mouth), scheduledReward: record.schedule[trial.index]?.scheduledReward ?? false }, trial.correct).carry;
  }
  const rich = record.assignment.richMouth;
  return rich === 'short' ? { short: carry.rich, long: carry.lean } : { short: carry.lean, long: carry.rich };
}

/** Whether the answer to main trial `index` (the next one) is rewarded under the carry-over rule. */
export function isRewarded(record: Pick<RewardTaskRecord, 'trials' | 'schedule' | 'config' | 'assignment'>, index: number, correct: boolean): boolean {
  const planned = record.schedule[index];
  if (!planned) return false;
  const owed = carriedRewards(record);
  const stimulus = stimulusOf(record, planned.mouth);
  const carry = { rich: owed[record.assignment.richMouth], lean: owed[record.assignment.richMouth === 'short' ? 'long' : 'short'] };
  return rewardOutcome(carry, { stimulus, scheduledReward: planned.scheduledReward }, correct).rewarded;
}

/** The rich or lean stimulus a mouth is in this record. */
export function stimulusOf(record: Pick<RewardTaskRecord, 'assignment'>, mouth: Mouth): PrtStimulus {
  return mouth === record.assignment.richMouth ? 'rich' : 'lean';
}

/** Points won so far in the main task. */
export function rewardPoints(record: RewardTaskRecord): number {
  return record.trials.filter((t) => t.rewarded).length * record.config.rewardPoints;
}
