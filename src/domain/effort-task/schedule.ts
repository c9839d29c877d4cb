import { EFFORT_LEVELS, type EffortLevel, type EffortTaskConfig } from './task-config.ts';

/** One offer of the main task: points for accepting and the effort level it asks for. */
export type ScheduledOffer = { readonly reward: number; readonly effort: EffortLevel };

/**
 * A seeded pseudo-random generator (mulberry32): the same 32-bit seed always gives the same sequence of numbers
 * in [0, 1). Not for cryptography; it only orders offers reproducibly, so a record's seed explains its order.
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher–Yates) using `random` in [0, 1); the input is not changed. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/**
 * The main-task offers: `config.blocks` blocks, each holding every reward × effort pair exactly once in an order
 * shuffled by the seeded generator (Mehrhof & Nord 2025: 4 blocks of 16). Same seed and config, same schedule.
 */
export function buildSchedule(config: EffortTaskConfig, seed: number): ScheduledOffer[] {
  const random = createPrng(seed);
  const pairs = config.rewards.flatMap((reward) => EFFORT_LEVELS.map((effort) => ({ reward, effort })));
  const schedule: ScheduledOffer[] = [];
  for (let block = 0; block < config.blocks; block += 1) schedule.push(...shuffle(pairs, random));
  return schedule;
}
