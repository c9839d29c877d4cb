import { invertSpd, minimiseWithBounds, type Objective } from '../ebdm/projected-newton.ts';
import { err, ok, type Result } from '../result.ts';
import { fromPrtVector, prtLogLikelihood, type PrtLearningTrial, type PrtParameters, type PrtVector } from './learning-model.ts';

/** A normal prior on one coordinate of x = [ln ρ, logit ε, γ]. */
export type PrtPrior = { readonly mean: number; readonly sd: number };
export type PrtPriors = readonly [logRho: PrtPrior, logitEpsilon: PrtPrior, gamma: PrtPrior];

/**
 * Our own weakly informative priors, on the scales the fit works in (learning-model.ts): not Huys 2013's, which
 * were group-level (empirical Bayes over 392 sessions) and cannot be reproduced one person at a time.
 * - ln ρ ~ N(ln 1.5, 1²): 95 % of the prior between ρ ≈ 0.2 and 10.6. ρ = 10 puts the rich and lean answers
 *   ~4.5 log-odds apart at the end of a block, beyond any real person; ρ = 0.2 is a person rewards barely move.
 * - logit ε ~ N(logit 0.15, 1²): 95 % between ε ≈ 0.02 and 0.57, centred near the ε ≈ 0.12 of Huys's own example
 *   simulation (emfit generateExampleDataset.m, issue-22 research notes). The most informative of the three, on
 *   purpose: ε is weakly identified by 300 trials (it only shapes how fast the bias grows), and ρ·m trades off
 *   against it (a slow learner with a high ρ looks like a fast one with a low ρ early on). Pulling ε gently to a
 *   typical value removes most of that ridge, and ρ — the parameter we report — is recovered better for it:
 *   in our simulations (prt-recovery.ts, 100 people, 300 trials, seeds 1–3) r(ln ρ) was 0.80–0.83 with these
 *   priors and 0.73–0.79 with every prior SD widened to 3. The price is that ε itself is mostly the prior's: it is
 *   never a per-person clinical value (REWARD-TASK.md §5, §7).
 * - γ ~ N(1, 2²): γ = 1 is ~73 % right before any reward is learnt; ±2 SD spans ~5 % to ~99 %.
 * Fitting ln ρ and logit ε rather than ρ and ε keeps both in range without bounds and makes the posterior closer
 * to Gaussian, so the Laplace standard errors mean more.
 */
export const PRT_PRIORS: PrtPriors = [
  { mean: Math.log(1.5), sd: 1 },
  { mean: Math.log(0.15 / 0.85), sd: 1 },
  { mean: 1, sd: 2 },
];

export type PrtFit = {
  /** The maximum a posteriori (MAP) estimate. ε is for research exports, never a per-person clinical value. */
  readonly parameters: PrtParameters;
  /**
   * Laplace standard errors on the fitted scales: √diag of the inverse Hessian of the negative log-posterior at
   * the mode, for ln ρ, logit ε and γ. An interval for ρ is exp(ln ρ ± 1.96·se): asymmetric, as ρ > 0.
   */
  readonly standardErrors: { readonly logRewardSensitivity: number; readonly logitLearningRate: number; readonly instructionSensitivity: number };
  /** ρ's SE by the delta method (ρ·se of ln ρ), for a reader who wants one number on ρ's own scale. */
  readonly rewardSensitivitySe: number;
  /** The log-likelihood (natural log, priors excluded) at the MAP estimate, over the scored trials. */
  readonly logLik: number;
  /** Scored trials (the ones in the likelihood). */
  readonly n: number;
  readonly converged: boolean;
  /** Newton steps, summed over the starts. */
  readonly iterations: number;
};

export type PrtFitError = { readonly code: 'no-trials'; readonly message: string };

/** Starting points for logit ε; the best mode of the three searches is kept (the posterior need not be concave in ε). */
const EPSILON_STARTS = [-3, -1.5, 0];

/**
 * Fits one person's PRT answers by MAP under `priors` with Newton's method on x = [ln ρ, logit ε, γ] from three
 * starting learning rates, keeping the best mode. `trials` are in the order they were done; a trial with
 * `scored: false` teaches the learner but is left out of the likelihood.
 * Read ρ beside log d: a person who presses one side throughout (log d ≈ 0) is explained by the model as a very
 * large ρ with a negative γ (in simulation, always "rich" gave ρ ≈ 45), which is a disengaged person, not a
 * reward-sensitive one. Timing with 300 trials: about 1–2 ms per person (bench/reward-model.ts).
 */
export function fitPrt(trials: readonly PrtLearningTrial[], priors: PrtPriors = PRT_PRIORS): Result<PrtFit, PrtFitError> {
  const n = trials.filter((t) => t.scored !== false).length;
  if (n === 0) return err({ code: 'no-trials', message: 'there are no trials to fit' });
  const objective: Objective = (x) => {
    const terms = prtLogLikelihood(x as unknown as PrtVector, trials);
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
  const lower = [-Infinity, -Infinity, -Infinity];
  const searches = EPSILON_STARTS.map((v) => minimiseWithBounds(objective, [priors[0].mean, v, priors[2].mean], { lower, maxIterations: 200, gradientTolerance: 1e-6 }));
  const best = searches.reduce((a, b) => (b.value < a.value - 1e-9 ? b : a));
  const x = best.x as unknown as PrtVector;
  const inverse = invertSpd(objective(x).hessian);
  const se = (i: number) => {
    const v = inverse?.[i]?.[i];
    return v !== undefined && v > 0 ? Math.sqrt(v) : Number.NaN;
  };
  const parameters = fromPrtVector(x);
  return ok({
    parameters,
    standardErrors: { logRewardSensitivity: se(0), logitLearningRate: se(1), instructionSensitivity: se(2) },
    rewardSensitivitySe: parameters.rewardSensitivity * se(0),
    logLik: prtLogLikelihood(x, trials).value,
    n,
    converged: best.converged,
    iterations: searches.reduce((sum, s) => sum + s.iterations, 0),
  });
}
