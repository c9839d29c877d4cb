import { createRandom, shuffled } from '../ebdm/random.ts';
import { generateRewardSchedule } from './reward-schedule.ts';
import type { RewardTaskConfig } from './task-config.ts';

export type Mouth = 'short' | 'long';
/** Which mouth is rewarded more often, and on which side the "short" button sits: drawn from the seed. */
export type RewardTaskAssignment = { readonly richMouth: Mouth; readonly shortSide: 'left' | 'right' };
/** One main-task trial as planned: its mouth and whether a correct answer to it is scheduled for a reward. */
export type ScheduledMouth = { readonly mouth: Mouth; readonly scheduledReward: boolean };

/** The counterbalanced assignment for a seed (drawn first, so it never depends on the schedule's size). */
export function assignmentFor(seed: number): RewardTaskAssignment {
  const random = createRandom(seed ^ 0x5bd1e995);
  return { richMouth: random() < 0.5 ? 'short' : 'long', shortSide: random() < 0.5 ? 'left' : 'right' };
}

/**
 * The main-task trials in mouths: `generateRewardSchedule` (rich/lean order with the run limit, 30/10 scheduled
 * rewards per block), the rich stimulus drawn as `richMouth`. Same seed and config, same schedule; the record also
 * stores it, so its order survives any change to the generator. A config the schema accepts always has a schedule.
 */
export function buildRewardSchedule(config: RewardTaskConfig, seed: number, richMouth: Mouth): ScheduledMouth[] {
  const { blocks, trialsPerBlock, richRewardsPerBlock: richRewards, leanRewardsPerBlock: leanRewards, maxSameInRow } = config;
  const schedule = generateRewardSchedule(seed, { blocks, trialsPerBlock, richRewards, leanRewards, maxSameInRow });
  if (!schedule.ok) throw new Error(`no reward schedule for this config: ${schedule.error}`);
  const leanMouth: Mouth = richMouth === 'short' ? 'long' : 'short';
  return schedule.value.map((t) => ({ mouth: t.stimulus === 'rich' ? richMouth : leanMouth, scheduledReward: t.scheduledReward }));
}

/** The unrewarded practice trials: half short and half long (one more short if odd), in a seeded order. */
export function buildPracticeMouths(count: number, seed: number): Mouth[] {
  const random = createRandom(seed ^ 0x27d4eb2f);
  const mouths = Array.from({ length: count }, (_, i): Mouth => (i % 2 === 0 ? 'short' : 'long'));
  return shuffled(mouths, random);
}
