import { err, ok, type Result } from '../result.ts';
import { bestByBic, fitEbdm } from './fit.ts';
import { COST_MODELS, PARAMETER_KEYS, type CostModel, type EbdmParameters } from './model.ts';
import { createRandom, uniform, type Random } from './random.ts';
import { simulateChoices, standardDesign } from './simulate.ts';

export type GeneratingRange = Readonly<Record<keyof EbdmParameters, readonly [low: number, high: number]>>;

/**
 * Uniform ranges the simulated people are drawn from. Our choice, tuned so that acceptance looks like a clinic's
 * rather than a textbook's: over the 16 standard offers the expected acceptance rate has median 0.57 / 0.58 /
 * 0.50 (parabolic / linear / exponential), quartiles about 0.33–0.78, and about 80 % of people fall between 20 %
 * and 90 %, the rest near all-reject or all-accept, as some patients are. Linear kE spans 3× the parabolic one
 * because the mean of E over the design is a third of the mean of E² (2.5 vs 7.5).
 */
export const GENERATING_RANGES: Readonly<Record<CostModel, GeneratingRange>> = {
  parabolic: { rewardSensitivity: [0.2, 1.5], effortSensitivity: [0.02, 0.4], acceptanceBias: [-3, 1] },
  linear: { rewardSensitivity: [0.2, 1.5], effortSensitivity: [0.1, 1.2], acceptanceBias: [-3, 1] },
  exponential: { rewardSensitivity: [0.2, 1.5], effortSensitivity: [0.1, 1], acceptanceBias: [-3, 1] },
};

/** One simulated person's parameters, uniform within `GENERATING_RANGES[model]`. */
export function drawParameters(model: CostModel, random: Random): EbdmParameters {
  const range = GENERATING_RANGES[model];
  return {
    rewardSensitivity: uniform(random, ...range.rewardSensitivity),
    effortSensitivity: uniform(random, ...range.effortSensitivity),
    acceptanceBias: uniform(random, ...range.acceptanceBias),
  };
}

/** Pearson's r; NaN when either list is constant or the lists are shorter than 2. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return Number.NaN;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i += 1) {
    mx += xs[i] ?? 0;
    my += ys[i] ?? 0;
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

export type RecoveryOptions = { readonly agents: number; readonly trialsPerAgent: number; readonly seed: number };

export type ParameterRecovery = {
  readonly model: CostModel;
  readonly agents: number;
  readonly trialsPerAgent: number;
  /** Pearson r of true vs recovered, per parameter. */
  readonly r: EbdmParameters;
  /** Fits that did not meet the convergence tolerance (they still count in r). */
  readonly notConverged: number;
  /** Mean observed acceptance rate of the simulated people, to show the range was realistic. */
  readonly meanAcceptance: number;
  readonly truth: readonly EbdmParameters[];
  readonly recovered: readonly EbdmParameters[];
};

function checkOptions(options: RecoveryOptions, minimumAgents: number): Result<number, string> {
  const { agents, trialsPerAgent } = options;
  if (!Number.isInteger(agents) || agents < minimumAgents) return err(`agents must be a whole number ≥ ${minimumAgents}, not ${agents}`);
  if (!Number.isInteger(trialsPerAgent) || trialsPerAgent < 16 || trialsPerAgent % 16 !== 0) {
    return err(`trialsPerAgent must be a positive multiple of 16 (the standard design), not ${trialsPerAgent}`);
  }
  return ok(trialsPerAgent / 16);
}

/**
 * Parameter recovery: draws `agents` people from `GENERATING_RANGES[model]`, simulates the standard design
 * (shuffled per person) and refits each with the same model. Seeded, so it is reproducible.
 */
export function parameterRecovery(options: RecoveryOptions & { readonly model: CostModel }): Result<ParameterRecovery, string> {
  const repeats = checkOptions(options, 3);
  if (!repeats.ok) return repeats;
  const { agents, trialsPerAgent, seed, model } = options;
  const random = createRandom(seed);
  const truth: EbdmParameters[] = [];
  const recovered: EbdmParameters[] = [];
  let notConverged = 0;
  let accepted = 0;
  for (let agent = 0; agent < agents; agent += 1) {
    const parameters = drawParameters(model, random);
    const trials = simulateChoices(parameters, standardDesign(repeats.value, random), model, random);
    const fit = fitEbdm(trials, model);
    if (!fit.ok) return err(fit.error.message); // cannot happen with simulated trials; a bug if it does
    truth.push(parameters);
    recovered.push(fit.value.parameters);
    if (!fit.value.converged) notConverged += 1;
    accepted += trials.filter((t) => t.accepted).length;
  }
  const correlation = (key: keyof EbdmParameters) => pearson(truth.map((p) => p[key]), recovered.map((p) => p[key]));
  const [kR, kE, a] = PARAMETER_KEYS.map(correlation);
  return ok({
    model,
    agents,
    trialsPerAgent,
    r: { rewardSensitivity: kR ?? Number.NaN, effortSensitivity: kE ?? Number.NaN, acceptanceBias: a ?? Number.NaN },
    notConverged,
    meanAcceptance: accepted / (agents * trialsPerAgent),
    truth,
    recovered,
  });
}

/** counts[generating][winner]: how often each model won by BIC on data simulated from each model. */
export type ConfusionMatrix = Readonly<Record<CostModel, Readonly<Record<CostModel, number>>>>;

export type ModelRecovery = {
  readonly agentsPerModel: number;
  readonly trialsPerAgent: number;
  /** Per person: which model had the lowest BIC. */
  readonly counts: ConfusionMatrix;
  /**
   * Per group: BIC summed over the people simulated from each model (rows) for each fitted model (columns), the
   * fixed-effects group comparison. A group tells the models apart far better than one person of 64 trials can.
   */
  readonly summedBic: ConfusionMatrix;
};

/**
 * Model recovery: for each generating model, simulates `agents` people from its range, fits all three models and
 * counts which wins by BIC (equal k, so this is the best log-likelihood). Seeded, so it is reproducible.
 */
export function modelRecovery(options: RecoveryOptions): Result<ModelRecovery, string> {
  const repeats = checkOptions(options, 1);
  if (!repeats.ok) return repeats;
  const random = createRandom(options.seed);
  const counts = {} as Record<CostModel, Record<CostModel, number>>;
  const summedBic = {} as Record<CostModel, Record<CostModel, number>>;
  for (const generating of COST_MODELS) {
    const row = { parabolic: 0, linear: 0, exponential: 0 };
    const bic = { parabolic: 0, linear: 0, exponential: 0 };
    for (let agent = 0; agent < options.agents; agent += 1) {
      const trials = simulateChoices(drawParameters(generating, random), standardDesign(repeats.value, random), generating, random);
      const fits = COST_MODELS.flatMap((model) => {
        const fit = fitEbdm(trials, model);
        return fit.ok ? [fit.value] : [];
      });
      for (const fit of fits) bic[fit.model] += fit.bic;
      const winner = bestByBic(fits);
      if (winner) row[winner.model] += 1;
    }
    counts[generating] = row;
    summedBic[generating] = bic;
  }
  return ok({ agentsPerModel: options.agents, trialsPerAgent: options.trialsPerAgent, counts, summedBic });
}
