import { createRandom, shuffled } from '../ebdm/random.ts';
import { EFFORT_LEVELS, type EffortLevel, type EffortTaskConfig } from './task-config.ts';

/** One offer of the main task: points for accepting and the effort level it asks for. */
export type ScheduledOffer = { readonly reward: number; readonly effort: EffortLevel };

/**
 * The main-task offers: `config.blocks` blocks, each holding every reward × effort pair exactly once in an order
 * shuffled by the seeded generator (Mehrhof & Nord 2025: 4 blocks of 16). Same seed and config, same schedule;
 * the record also stores the offers, so its order survives any change to the generator or the shuffle.
 */
export function buildSchedule(config: EffortTaskConfig, seed: number): ScheduledOffer[] {
  const random = createRandom(seed);
  const pairs = config.rewards.flatMap((reward) => EFFORT_LEVELS.map((effort) => ({ reward, effort })));
  const schedule: ScheduledOffer[] = [];
  for (let block = 0; block < config.blocks; block += 1) schedule.push(...shuffled(pairs, random));
  return schedule;
}
