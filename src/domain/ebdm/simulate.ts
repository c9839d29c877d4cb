import { acceptanceProbability, EFFORT_LEVELS, REWARD_LEVELS, type CostModel, type EbdmOffer, type EbdmParameters, type EbdmTrial } from './model.ts';
import { shuffled, type Random } from './random.ts';

/**
 * The standard design: each of the 16 reward × effort pairs offered `repeats` times (4 → the 64 trials of
 * Mehrhof & Nord's task, 8 → 128), in a random order when `random` is given, else in reward-major order.
 * Their task staircased offers within each pair; a fixed balanced design keeps every pair equally informative.
 */
export function standardDesign(repeats: number, random?: Random): EbdmOffer[] {
  const pairs = REWARD_LEVELS.flatMap((reward) => EFFORT_LEVELS.map((effort) => ({ reward, effort })));
  const offers = Array.from({ length: repeats }, () => pairs).flat();
  return random ? shuffled(offers, random) : offers;
}

/** A simulated person's choices: each offer accepted with the model's P(accept), drawn from `random`. */
export function simulateChoices(parameters: EbdmParameters, offers: readonly EbdmOffer[], model: CostModel, random: Random): EbdmTrial[] {
  return offers.map((offer) => ({ ...offer, accepted: random() < acceptanceProbability(parameters, offer, model) }));
}
