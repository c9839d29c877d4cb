/**
 * The subjective-value model of the effort-based decision-making (EBDM) task: a person accepts
 * or rejects an offer of `reward` points for `effort` (a level). Following Mehrhof & Nord (eLife 96803,
 * https://doi.org/10.7554/eLife.96803) and their code (github.com/smehrhof/2024_effort_study), for each model
 *
 *   P(accept) = 1 / (1 + exp(−(a + SV)))
 *
 *   parabolic (their winning "full parabolic model"):  SV = kR·R − kE·E²
 *   linear:                                            SV = kR·R − kE·E
 *   exponential:                                       SV = kR·R·exp(−kE·E)
 *
 * with kR reward sensitivity, kE effort sensitivity and a the acceptance bias ("motivational tendency").
 *
 * Two deliberate differences from the authors' code:
 * - R and E are the raw levels (reward 2–5 points, effort 1–4), so a clinician reads them in the task's own units; the authors divide both by the SD
 *   of the levels 1–4 (`standardization()` in their `helper_funs.R`), so their kR and kE are on another scale.
 * - The exponential model is the authors' multiplicative discount (their `kR·R·exp(−kE·E)` in
 *   `task_simulation_fun.R` and the Stan models), not an additive cost; their fixed inverse temperature of 5 is
 *   absorbed into kR and a, which is the same family of curves on raw levels.
 *
 * Parameter vectors inside the maths are ordered [kR, kE, a] (see `PARAMETER_KEYS`).
 */
export const COST_MODELS = ['parabolic', 'linear', 'exponential'] as const;
export type CostModel = (typeof COST_MODELS)[number];

export type EbdmParameters = {
  /** kR, ≥ 0: how much one more point of reward raises the log-odds of accepting. */
  readonly rewardSensitivity: number;
  /** kE, ≥ 0: how steeply effort lowers the value of an offer (its unit depends on the model). */
  readonly effortSensitivity: number;
  /** a, any real: the log-odds of accepting an offer whose subjective value is 0. */
  readonly acceptanceBias: number;
};

export const PARAMETER_KEYS = ['rewardSensitivity', 'effortSensitivity', 'acceptanceBias'] as const;

/** One offer: reward in points (2–5 in the standard task) and effort level (1–4). Any positive finite value fits. */
export type EbdmOffer = { readonly reward: number; readonly effort: number };
export type EbdmTrial = EbdmOffer & { readonly accepted: boolean };

export type Vector3 = readonly [number, number, number];
export type Matrix3 = readonly [Vector3, Vector3, Vector3];

export function toVector(parameters: EbdmParameters): Vector3 {
  return [parameters.rewardSensitivity, parameters.effortSensitivity, parameters.acceptanceBias];
}

export function fromVector(vector: Vector3): EbdmParameters {
  return { rewardSensitivity: vector[0], effortSensitivity: vector[1], acceptanceBias: vector[2] };
}

/** C(E) of the additive models: E² (parabolic) or E (linear). The exponential model has no additive cost. */
export function effortCost(effort: number, model: 'parabolic' | 'linear'): number {
  return model === 'parabolic' ? effort * effort : effort;
}

/** SV of one offer, in log-odds units. */
export function subjectiveValue(parameters: EbdmParameters, offer: EbdmOffer, model: CostModel): number {
  const { rewardSensitivity: kR, effortSensitivity: kE } = parameters;
  if (model === 'exponential') return kR * offer.reward * Math.exp(-kE * offer.effort);
  return kR * offer.reward - kE * effortCost(offer.effort, model);
}

/** The logistic function, written so that neither tail overflows. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + eˣ) without overflow for large x or loss of precision for very negative x. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** P(accept) of one offer. */
export function acceptanceProbability(parameters: EbdmParameters, offer: EbdmOffer, model: CostModel): number {
  return logistic(parameters.acceptanceBias + subjectiveValue(parameters, offer, model));
}

/**
 * The linear predictor η = a + SV of one offer with its first and second derivatives in [kR, kE, a]. Only the
 * exponential model has second derivatives; the additive models are linear in their parameters.
 */
function predictor(theta: Vector3, offer: EbdmOffer, model: CostModel) {
  const [kR, kE, a] = theta;
  const { reward: r, effort: e } = offer;
  if (model === 'exponential') {
    const d = Math.exp(-kE * e);
    const eta = a + kR * r * d;
    const grad: Vector3 = [r * d, -kR * r * e * d, 1];
    // ∂²η/∂kR∂kE and ∂²η/∂kE²; every other second derivative is 0.
    return { eta, grad, crossRE: -r * e * d, secondE: kR * r * e * e * d };
  }
  const cost = effortCost(e, model);
  return { eta: a + kR * r - kE * cost, grad: [r, -cost, 1] as Vector3, crossRE: 0, secondE: 0 };
}

export type LogLikelihoodTerms = { readonly value: number; readonly gradient: Vector3; readonly hessian: Matrix3 };

/** All trials of one offer pooled: the likelihood depends on the choices only through these counts. */
export type EbdmCell = EbdmOffer & { readonly offered: number; readonly accepted: number };

/** Pools trials by offer, so a fit evaluates 16 offers rather than 64 or 128 trials per step. */
export function poolTrials(trials: readonly EbdmTrial[]): EbdmCell[] {
  const cells = new Map<string, { reward: number; effort: number; offered: number; accepted: number }>();
  for (const trial of trials) {
    const key = `${trial.reward}|${trial.effort}`;
    const cell = cells.get(key) ?? { reward: trial.reward, effort: trial.effort, offered: 0, accepted: 0 };
    cell.offered += 1;
    if (trial.accepted) cell.accepted += 1;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/**
 * The Bernoulli log-likelihood of the choices with its analytic gradient and Hessian in [kR, kE, a]:
 * ℓ = Σ y·η − log(1 + e^η);  ∇ℓ = Σ (y − p)·∇η;  ∇²ℓ = Σ −p(1 − p)·∇η∇ηᵀ + (y − p)·∇²η.
 * Summed over pooled offers: an offer made m times and accepted k times adds k·η − m·log(1 + e^η).
 */
export function pooledLogLikelihoodTerms(theta: Vector3, cells: readonly EbdmCell[], model: CostModel): LogLikelihoodTerms {
  let value = 0;
  let g0 = 0, g1 = 0, g2 = 0;
  let h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0;
  for (const cell of cells) {
    const { eta, grad, crossRE, secondE } = predictor(theta, cell, model);
    const m = cell.offered;
    const p = logistic(eta);
    value += cell.accepted * eta - m * softplus(eta);
    const residual = cell.accepted - m * p;
    const w = m * p * (1 - p);
    const [d0, d1, d2] = grad;
    g0 += residual * d0;
    g1 += residual * d1;
    g2 += residual * d2;
    h00 -= w * d0 * d0;
    h01 -= w * d0 * d1 - residual * crossRE;
    h02 -= w * d0 * d2;
    h11 -= w * d1 * d1 - residual * secondE;
    h12 -= w * d1 * d2;
    h22 -= w * d2 * d2;
  }
  return {
    value,
    gradient: [g0, g1, g2],
    hessian: [
      [h00, h01, h02],
      [h01, h11, h12],
      [h02, h12, h22],
    ],
  };
}

/** `pooledLogLikelihoodTerms` of unpooled trials. */
export function logLikelihoodTerms(parameters: EbdmParameters, trials: readonly EbdmTrial[], model: CostModel): LogLikelihoodTerms {
  return pooledLogLikelihoodTerms(toVector(parameters), poolTrials(trials), model);
}

/** The log-likelihood of the choices (natural log), ≤ 0. */
export function logLikelihood(parameters: EbdmParameters, trials: readonly EbdmTrial[], model: CostModel): number {
  return logLikelihoodTerms(parameters, trials, model).value;
}
