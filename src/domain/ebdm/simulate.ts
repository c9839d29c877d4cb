import { DEFAULT_EFFORT_TASK_CONFIG, EFFORT_LEVELS } from '../effort-task/task-config.ts';
import { acceptanceProbability, type CostModel, type EbdmOffer, type EbdmParameters, type EbdmTrial } from './model.ts';
import { shuffled, type Random } from './random.ts';

/**
 * The standard design, from the tablet task's own rewards and effort levels: each of the 16 pairs offered
 * `repeats` times (4 → the 64 trials of Mehrhof & Nord's task, 8 → 128), in a random order when `random` is
 * given, else in reward-major order.
 * Their task staircased offers within each pair; a fixed balanced design keeps every pair equally informative.
 */
export function standardDesign(repeats: number, random?: Random): EbdmOffer[] {
  const pairs = DEFAULT_EFFORT_TASK_CONFIG.rewards.flatMap((reward) => EFFORT_LEVELS.map((effort) => ({ reward, effort })));
  const offers = Array.from({ length: repeats }, () => pairs).flat();
  return random ? shuffled(offers, random) : offers;
}

/** A simulated person's choices: each offer accepted with the model's P(accept), drawn from `random`. */
export function simulateChoices(parameters: EbdmParameters, offers: readonly EbdmOffer[], model: CostModel, random: Random): EbdmTrial[] {
  return offers.map((offer) => ({ ...offer, accepted: random() < acceptanceProbability(parameters, offer, model) }));
}
