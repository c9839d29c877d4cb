import { createRandom, shuffled, type Random } from '../ebdm/random.ts';
import { err, ok, type Result } from '../result.ts';
import type { PrtStimulus } from './prt-trial.ts';

/**
 * The PRT's trial order and reward schedule, as a pure seeded function the tablet task and the simulations share.
 *
 * Standard design (Pizzagalli et al. 2005; Huys et al. 2013 Fig. 1; Inquisit and TaskBeacon H000039): 3 blocks ×
 * 100 trials, 50 rich / 50 lean per block in a pseudorandom order with no more than three of one stimulus in a
 * row (Huys 2013 Fig. 1 legend: "avoiding more than three repetitions in a row"), and 30 rich / 10 lean correct
 * reward trials per block (the 3:1 ratio). 30/10 is from the Inquisit manual, TaskBeacon and cba-toolbox ports, not
 * read in a primary source (issue-22 research notes); Huys 2013's "75 % / 30 %" is per correct identification,
 * which is roughly what 30/10 gives at usual accuracy (the notes' inference, not confirmed).
 *
 * Which trials are reward trials is fixed before the task: `scheduledReward` marks them. A scheduled reward that
 * the person misses by answering wrongly is carried to the next correct answer to the same stimulus
 * (`rewardOutcome`), so a person earns close to the scheduled 30/10 however accurate they are.
 */
export type RewardScheduleConfig = {
  readonly blocks: number;
  readonly trialsPerBlock: number;
  /** Scheduled rewards for the rich stimulus per block (≤ half the block). */
  readonly richRewards: number;
  /** Scheduled rewards for the lean stimulus per block (≤ half the block). */
  readonly leanRewards: number;
  /** Longest run of one stimulus; default 3 (Huys 2013 Fig. 1). */
  readonly maxSameInRow?: number;
};

export const STANDARD_PRT_SCHEDULE: RewardScheduleConfig = { blocks: 3, trialsPerBlock: 100, richRewards: 30, leanRewards: 10, maxSameInRow: 3 };

export type ScheduledTrial = { readonly block: number; readonly stimulus: PrtStimulus; readonly scheduledReward: boolean };

/** Rewards owed per stimulus: scheduled rewards missed by a wrong answer and not yet paid. */
export type RewardCarry = Readonly<Record<PrtStimulus, number>>;

export const NO_CARRY: RewardCarry = { rich: 0, lean: 0 };

const MAX_ATTEMPTS = 1000;

/**
 * One block's stimulus order: each step draws rich or lean in proportion to what is left, never extending a run
 * past `maxSameInRow`; a draw that paints itself into a corner (only one stimulus left and its run full) starts
 * the block again from the same random stream, so a seed always gives the same order.
 */
function blockOrder(half: number, maxSameInRow: number, random: Random): PrtStimulus[] | null {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const left = { rich: half, lean: half };
    const order: PrtStimulus[] = [];
    let run = 0;
    let stuck = false;
    for (let i = 0; i < 2 * half; i += 1) {
      const last = order[order.length - 1];
      const allowed = (s: PrtStimulus) => left[s] > 0 && !(s === last && run >= maxSameInRow);
      const canRich = allowed('rich');
      const canLean = allowed('lean');
      if (!canRich && !canLean) {
        stuck = true;
        break;
      }
      const pick: PrtStimulus = canRich && canLean ? (random() < left.rich / (left.rich + left.lean) ? 'rich' : 'lean') : canRich ? 'rich' : 'lean';
      run = pick === last ? run + 1 : 1;
      left[pick] -= 1;
      order.push(pick);
    }
    if (!stuck) return order;
  }
  return null;
}

/**
 * The whole task's trials in order: per block an equal number of rich and lean trials and `richRewards` /
 * `leanRewards` of them, chosen at random, marked as reward trials. Seeded (mulberry32), so the same seed and
 * config give the same schedule on every machine; changing this function changes what a seed gives.
 */
export function generateRewardSchedule(seed: number, config: RewardScheduleConfig = STANDARD_PRT_SCHEDULE): Result<ScheduledTrial[], string> {
  const { blocks, trialsPerBlock, richRewards, leanRewards, maxSameInRow = 3 } = config;
  if (!Number.isInteger(blocks) || blocks < 1) return err(`blocks must be a whole number ≥ 1, not ${blocks}`);
  if (!Number.isInteger(trialsPerBlock) || trialsPerBlock < 2 || trialsPerBlock % 2 !== 0) {
    return err(`trialsPerBlock must be an even whole number ≥ 2, not ${trialsPerBlock}`);
  }
  const half = trialsPerBlock / 2;
  for (const [name, count] of [['richRewards', richRewards], ['leanRewards', leanRewards]] as const) {
    if (!Number.isInteger(count) || count < 0 || count > half) return err(`${name} must be a whole number from 0 to ${half}, not ${count}`);
  }
  if (!Number.isInteger(maxSameInRow) || maxSameInRow < 1) return err(`maxSameInRow must be a whole number ≥ 1, not ${maxSameInRow}`);
  const random = createRandom(seed);
  const trials: ScheduledTrial[] = [];
  for (let block = 1; block <= blocks; block += 1) {
    const order = blockOrder(half, maxSameInRow, random);
    if (!order) return err(`no order of ${half} rich and ${half} lean trials found with at most ${maxSameInRow} in a row`);
    const rewarded = {
      rich: new Set(shuffled([...Array(half).keys()], random).slice(0, richRewards)),
      lean: new Set(shuffled([...Array(half).keys()], random).slice(0, leanRewards)),
    };
    const seen = { rich: 0, lean: 0 };
    for (const stimulus of order) {
      trials.push({ block, stimulus, scheduledReward: rewarded[stimulus].has(seen[stimulus]) });
      seen[stimulus] += 1;
    }
  }
  return ok(trials);
}

/**
 * Applies the carry-over rule to one answered trial (Pizzagalli et al. 2005: a reward "was delivered on the next
 * correct response to the same stimulus" when a scheduled reward trial was answered wrongly).
 * - Correct on a reward trial: rewarded.
 * - Wrong on a reward trial: not rewarded; one reward is owed to that stimulus.
 * - Correct on another trial of a stimulus that is owed a reward: rewarded, and one owed reward is paid.
 * At most one reward per trial, so a reward trial answered correctly while a reward is owed pays its own and keeps
 * the debt. The caller chooses when debts lapse; the simulations start each block with `NO_CARRY`, so a block
 * never pays more than its scheduled rewards. This is TaskBeacon H000039's rule (a per-stimulus counter reset at each
 * block's start); the cba-toolbox port keeps at most one owed reward per stimulus instead. The primary text was not
 * read (issue-22 research notes), so which one Pizzagalli's software used is unconfirmed.
 */
export function rewardOutcome(carry: RewardCarry, trial: Pick<ScheduledTrial, 'stimulus' | 'scheduledReward'>, correct: boolean): { readonly rewarded: boolean; readonly carry: RewardCarry } {
  const owed = carry[trial.stimulus];
  if (trial.scheduledReward) {
    return correct ? { rewarded: true, carry } : { rewarded: false, carry: { ...carry, [trial.stimulus]: owed + 1 } };
  }
  if (correct && owed > 0) return { rewarded: true, carry: { ...carry, [trial.stimulus]: owed - 1 } };
  return { rewarded: false, carry };
}
