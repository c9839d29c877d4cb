import { createRandom, shuffled, type Random } from '../ebdm/random.ts';
import type { RewardTaskConfig } from './task-config.ts';

export type Mouth = 'short' | 'long';
/** Which mouth is rewarded more often, and on which side the "short" button sits: drawn from the seed. */
export type RewardTaskAssignment = { readonly richMouth: Mouth; readonly shortSide: 'left' | 'right' };
/** One main-task trial as planned: its mouth and whether a correct answer to it is scheduled for a reward. */
export type ScheduledTrial = { readonly mouth: Mouth; readonly scheduledReward: boolean };

const MOUTHS: readonly Mouth[] = ['short', 'long'];

/** The counterbalanced assignment for a seed (drawn first, so it never depends on the schedule's size). */
export function assignmentFor(seed: number): RewardTaskAssignment {
  const random = createRandom(seed ^ 0x5bd1e995);
  return { richMouth: random() < 0.5 ? 'short' : 'long', shortSide: random() < 0.5 ? 'left' : 'right' };
}

/**
 * The main-task trials: each block shows each mouth `trialsPerBlock / 2` times in a seeded pseudo-random order that
 * never repeats a mouth more than `maxSameInRow` times in a row, and schedules `richRewardsPerBlock` rewards among the
 * rich mouth's trials and `leanRewardsPerBlock` among the lean one's, chosen at random. Same seed and config, same
 * schedule; the record stores it too, so its order survives any change to this generator.
 */
export function buildRewardSchedule(config: RewardTaskConfig, seed: number, richMouth: Mouth): ScheduledTrial[] {
  const random = createRandom(seed);
  const out: ScheduledTrial[] = [];
  for (let block = 0; block < config.blocks; block += 1) {
    const order = mouthOrder(config.trialsPerBlock, config.maxSameInRow, random);
    const positions = (mouth: Mouth) => order.flatMap((m, i) => (m === mouth ? [i] : []));
    const rewarded = new Set([
      ...shuffled(positions(richMouth), random).slice(0, config.richRewardsPerBlock),
      ...shuffled(positions(richMouth === 'short' ? 'long' : 'short'), random).slice(0, config.leanRewardsPerBlock),
    ]);
    order.forEach((mouth, i) => out.push({ mouth, scheduledReward: rewarded.has(i) }));
  }
  return out;
}

/**
 * Half short, half long, no run longer than `maxRun`: built left to right, each step drawing between the mouths
 * still available in proportion to how many are left, and forced when a run is full or the other mouth would no
 * longer fit without a too-long run at the end.
 */
function mouthOrder(length: number, maxRun: number, random: Random): Mouth[] {
  const left: Record<Mouth, number> = { short: length / 2, long: length / 2 };
  const order: Mouth[] = [];
  let run = 0;
  for (let i = 0; i < length; i += 1) {
    const last = order.at(-1);
    const allowed = MOUTHS.filter((m) => left[m] > 0 && !(m === last && run >= maxRun));
    // Placing the other mouth now leaves room for at most maxRun of this one per other mouth still to come: when
    // this one has more left than that, it must be placed now.
    const urgent = allowed.find((m) => left[m] > left[m === 'short' ? 'long' : 'short'] * maxRun);
    const weights = allowed.map((m) => left[m]);
    const total = weights.reduce((a, b) => a + b, 0);
    let pick = urgent ?? allowed[0] ?? 'short';
    if (!urgent && allowed.length > 1) pick = random() * total < (weights[0] ?? 0) ? (allowed[0] ?? 'short') : (allowed[1] ?? 'long');
    run = pick === last ? run + 1 : 1;
    left[pick] -= 1;
    order.push(pick);
  }
  return order;
}

/** The unrewarded practice trials: half short and half long (one more short if odd), in a seeded order. */
export function buildPracticeMouths(count: number, seed: number): Mouth[] {
  const random = createRandom(seed ^ 0x27d4eb2f);
  const mouths = Array.from({ length: count }, (_, i): Mouth => (i % 2 === 0 ? 'short' : 'long'));
  return shuffled(mouths, random);
}
