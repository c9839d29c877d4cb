import { err, ok, type Result } from '../result.ts';
import { fromVector, pooledLogLikelihoodTerms, poolTrials, type CostModel, type EbdmParameters, type EbdmTrial, type Vector3 } from './model.ts';
import { invertSpd, minimiseWithBounds, type Objective } from './projected-newton.ts';

/** A normal prior on one parameter, truncated below at `lower` (−Infinity for none). */
export type NormalPrior = { readonly mean: number; readonly sd: number; readonly lower: number };
export type EbdmPriors = Readonly<Record<keyof EbdmParameters, NormalPrior>>;

/**
 * Our own weakly informative priors, not the paper's. Mehrhof & Nord fitted a hierarchical Stan model (group
 * means and SDs; kR, kE in [0, 5] and a in [−10, 10] through a Phi_approx transform) on standardised levels;
 * that cannot be reproduced one person at a time, so each person's fit stands alone with these priors on the raw
 * levels. Their job is to keep the estimate finite when the data say "infinitely" (all accepted or all rejected)
 * while moving a typical fit of 64 trials very little.
 * - kR ~ N(0, 2²) truncated at 0: kR = 4 (2 SD) makes 5 points worth 20 logits, far beyond any real person.
 * - kE ~ N(0, s²) truncated at 0, with s chosen so that 1 SD costs 8 logits at the hardest level (E = 4):
 *   s = 0.5 for E² and 2 for E. For the exponential model kE is a discount rate per level: s = 1, so 1 SD
 *   leaves e⁻⁴ ≈ 2 % of the reward's value at E = 4.
 * - a ~ N(0, 3²): ±6 logits (2 SD) spans acceptance from 0.25 % to 99.75 % at SV = 0.
 * Non-negativity of kR and kE is a bound (not a log transform), so a person who ignores effort gets kE = 0
 * exactly, and the additive models keep a concave log-posterior with a single mode.
 */
export const EBDM_PRIORS: Readonly<Record<CostModel, EbdmPriors>> = {
  parabolic: {
    rewardSensitivity: { mean: 0, sd: 2, lower: 0 },
    effortSensitivity: { mean: 0, sd: 0.5, lower: 0 },
    acceptanceBias: { mean: 0, sd: 3, lower: -Infinity },
  },
  linear: {
    rewardSensitivity: { mean: 0, sd: 2, lower: 0 },
    effortSensitivity: { mean: 0, sd: 2, lower: 0 },
    acceptanceBias: { mean: 0, sd: 3, lower: -Infinity },
  },
  exponential: {
    rewardSensitivity: { mean: 0, sd: 2, lower: 0 },
    effortSensitivity: { mean: 0, sd: 1, lower: 0 },
    acceptanceBias: { mean: 0, sd: 3, lower: -Infinity },
  },
};

export type EbdmFit = {
  readonly model: CostModel;
  /** The maximum a posteriori (MAP) estimate. */
  readonly parameters: EbdmParameters;
  /**
   * Laplace approximation: √diag of the inverse Hessian of the negative log-posterior at the mode. For a
   * parameter at its bound (kE = 0) it describes the curvature there, not a symmetric interval: the posterior is
   * cut at 0. See `laplaceStandardErrors` for the rare mode where that Hessian is not positive definite.
   */
  readonly standardErrors: EbdmParameters;
  /** The log-likelihood (natural log, priors excluded) at the MAP estimate. */
  readonly logLik: number;
  /** k·ln n − 2·logLik with k = 3 for every model, so BICs of the three models compare directly. */
  readonly bic: number;
  readonly n: number;
  /** The search met its projected-gradient tolerance. */
  readonly converged: boolean;
  /** Newton steps taken (summed over the searches of the exponential model). */
  readonly iterations: number;
};

export type EbdmFitError = { readonly code: 'no-trials' | 'invalid-trial'; readonly message: string };

const KEYS = ['rewardSensitivity', 'effortSensitivity', 'acceptanceBias'] as const;

/** Checks that there is at least one trial and every reward and effort is a positive finite number. */
export function checkTrials(trials: readonly EbdmTrial[]): Result<readonly EbdmTrial[], EbdmFitError> {
  if (trials.length === 0) return err({ code: 'no-trials', message: 'there are no trials to fit' });
  for (const [index, trial] of trials.entries()) {
    const problem = !(Number.isFinite(trial.reward) && trial.reward > 0)
      ? `reward ${String(trial.reward)} is not a positive finite number`
      : !(Number.isFinite(trial.effort) && trial.effort > 0)
        ? `effort ${String(trial.effort)} is not a positive finite number`
        : typeof trial.accepted !== 'boolean'
          ? 'accepted is not true or false'
          : null;
    if (problem !== null) return err({ code: 'invalid-trial', message: `trial ${index + 1}: ${problem}` });
  }
  return ok(trials);
}

/**
 * Fits one person's choices by MAP under `EBDM_PRIORS[model]` with a projected Newton method (kR, kE ≥ 0).
 * The additive models have a concave log-posterior, so the mode is unique and found in a few steps; the
 * exponential one is not concave, so the start is a typical person rather than the origin.
 */
export function fitEbdm(trials: readonly EbdmTrial[], model: CostModel = 'parabolic'): Result<EbdmFit, EbdmFitError> {
  const checked = checkTrials(trials);
  if (!checked.ok) return checked;
  const priors = KEYS.map((key) => EBDM_PRIORS[model][key]);
  const cells = poolTrials(trials);
  const objective: Objective = (x) => {
    const terms = pooledLogLikelihoodTerms(x as unknown as Vector3, cells, model);
    let value = -terms.value;
    const gradient = terms.gradient.map((g) => -g);
    const hessian = terms.hessian.map((row) => row.map((h) => -h));
    priors.forEach((prior, i) => {
      const z = ((x[i] ?? 0) - prior.mean) / prior.sd;
      value += 0.5 * z * z;
      gradient[i] = (gradient[i] ?? 0) + z / prior.sd;
      (hessian[i] as number[])[i] = (hessian[i]?.[i] ?? 0) + 1 / (prior.sd * prior.sd);
    });
    return { value, gradient, hessian };
  };
  const minimum = findMode(model, objective, priors.map((p) => p.lower));
  const theta = minimum.x as unknown as Vector3;
  const se = laplaceStandardErrors(objective(theta).hessian, minimum.x, priors.map((p) => p.lower));
  const logLik = pooledLogLikelihoodTerms(theta, cells, model).value;
  return ok({
    model,
    parameters: fromVector(theta),
    standardErrors: fromVector(se),
    logLik,
    bic: KEYS.length * Math.log(trials.length) - 2 * logLik,
    n: trials.length,
    converged: minimum.converged,
    iterations: minimum.iterations,
  });
}

/** Effort sensitivities at which the exponential model is refitted with kE held fixed (see `findMode`). */
const EXPONENTIAL_GRID = [0, 0.25, 0.5, 1, 2];

/**
 * The MAP estimate. The additive models have a concave log-posterior, so one start at a typical person finds the
 * one mode. The exponential model is not concave: at kR = 0 its kE has no effect, and a search can stall on that
 * edge when few offers are accepted, though a steep discounter fits better. With kE fixed the model is linear in
 * kR and a, hence concave; so when the first search ends on a bound, the model is refitted at a grid of fixed kE
 * and searched again from the best of those, and the better mode is kept. In simulation (3000 people from all
 * three models, 64 and 128 trials) this matched the best of ten scattered starts in all but one.
 */
function findMode(model: CostModel, objective: Objective, lower: readonly number[]) {
  const first = minimiseWithBounds(objective, [0.5, EBDM_PRIORS[model].effortSensitivity.sd / 5, 0], { lower });
  const onEdge = first.x.slice(0, 2).some((v, i) => v <= (lower[i] ?? 0) + 1e-12);
  if (model !== 'exponential' || !onEdge) return first;
  const profiled = EXPONENTIAL_GRID.map((kE) =>
    minimiseWithBounds(objective, [0.5, kE, 0], { lower: [lower[0] ?? 0, kE, lower[2] ?? -Infinity], upper: [Infinity, kE, Infinity] }),
  );
  const profileBest = profiled.reduce((best, next) => (next.value < best.value ? next : best));
  const second = minimiseWithBounds(objective, profileBest.x, { lower });
  const best = second.value < first.value - 1e-9 ? second : first;
  // Every Newton step taken counts, so `iterations` reflects the work done, not just the last search.
  const iterations = [first, ...profiled, second].reduce((sum, search) => sum + search.iterations, 0);
  return { ...best, iterations };
}

/**
 * √diag(H⁻¹). At a mode on a bound the full Hessian need not be positive definite (the exponential model at
 * kR = 0, where kE has no effect on the likelihood, so raising both bends the surface down), although the
 * bounded mode is a true minimum. Then the free parameters get √diag of their own block's inverse and each
 * parameter at its bound 1/√H_ii, its curvature with the others held; NaN only if even that fails.
 */
export function laplaceStandardErrors(hessian: readonly (readonly number[])[], x: readonly number[], lower: readonly number[]): Vector3 {
  const full = invertSpd(hessian);
  const se = (value: number | undefined) => (value !== undefined && value > 0 ? Math.sqrt(value) : Number.NaN);
  if (full) return [se(full[0]?.[0]), se(full[1]?.[1]), se(full[2]?.[2])];
  const free = [0, 1, 2].filter((i) => (x[i] ?? 0) > (lower[i] ?? -Infinity) + 1e-12);
  const block = invertSpd(free.map((i) => free.map((j) => hessian[i]?.[j] ?? 0)));
  const result = [0, 1, 2].map((i) => {
    const k = free.indexOf(i);
    if (k < 0) return se(1 / (hessian[i]?.[i] ?? 0));
    return block ? se(block[k]?.[k]) : Number.NaN;
  });
  return [result[0] ?? Number.NaN, result[1] ?? Number.NaN, result[2] ?? Number.NaN];
}

/** The fit with the lowest BIC (the first of equals), or undefined for none. */
export function bestByBic<T extends Pick<EbdmFit, 'bic'>>(fits: readonly T[]): T | undefined {
  return fits.reduce<T | undefined>((best, fit) => (best === undefined || fit.bic < best.bic ? fit : best), undefined);
}
