import type { PrtAnalysisTrial } from './prt-trial.ts';

/**
 * The stimulus–action learning model of the PRT after Huys, Pizzagalli, Bogdan & Dayan 2013 (Biol Mood Anxiety
 * Disord 3:12, doi:10.1186/2045-5380-3-12), with the perceptual belief ζ fixed at 1 (REWARD-TASK.md §4–5: ζ
 * recovered at r = 0.39 in simulation, so it is not estimated per person):
 *
 *   P(a | s) = exp(Q(a,s) + γ·I(a,s)) / Σ_a' exp(Q(a',s) + γ·I(a',s))      I(a,s) = 1 when a is the right answer to s
 *   Q(a,s) ← Q(a,s) + ε·(ρ·r − Q(a,s))   for the shown s and the given answer a; r = 1 when rewarded, else 0
 *
 * with Q = 0 at the start. The paper's equations were not read; the issue-22 research notes read Huys's own toolbox
 * code (github.com/mpc-ucl/emfit, mProbabilisticReward/llbgeq0.m, "stimulus-action" model), which has
 * P(a|s) ∝ exp(ρ·Q(a,s) + γ·I(a,s)) with Q ← Q + ε(r − Q): the same likelihood as above when Q starts at 0. Two
 * differences, on purpose: (1) the code has a fourth parameter q0, an initial bias towards one response key; a
 * `PrtAnalysisTrial` carries the rich/lean class, not the key, and a fourth parameter would cost ρ precision, so q0
 * is 0; (2) the code constrains γ = exp(x) > 0; here γ is any real, so a person answering below chance is fitted
 * rather than pinned at γ ≈ 0. A wrong answer is never rewarded, so its Q stays
 * 0 and P(correct | s) = σ(γ + Q(s,s)). Writing Q(s,s) = ρ·m_s, m_s is an exponentially weighted average (rate ε)
 * of the rewards after correct answers to s: ρ scales what a reward is worth (reward sensitivity, > 0), ε sets how
 * fast that is learnt (0..1), γ is how strongly the person follows the instruction (any real).
 *
 * The fit works on x = [ln ρ, logit ε, γ] (`PRT_PARAMETER_KEYS` order), so ρ > 0 and 0 < ε < 1 need no bounds;
 * `prtLogLikelihood` returns the exact gradient and Hessian in x, from the recursions
 *   m ← (1−ε)m + ε·r,   m' ← (1−ε)m' + r − m,   m'' ← (1−ε)m'' − 2m'   (derivatives in ε, right-hand sides old).
 */
export type PrtParameters = {
  /** ρ > 0: the value of one reward in log-odds units. The clinically meaningful one (Huys 2013: lower in MDD/anhedonia). */
  readonly rewardSensitivity: number;
  /** ε in (0, 1): learning rate. Poorly recovered per person (REWARD-TASK.md §5): research exports only. */
  readonly learningRate: number;
  /** γ: log-odds of the right answer before any reward is learnt. */
  readonly instructionSensitivity: number;
};

export const PRT_PARAMETER_KEYS = ['rewardSensitivity', 'learningRate', 'instructionSensitivity'] as const;

export type PrtVector = readonly [logRho: number, logitEpsilon: number, gamma: number];

export function toPrtVector(p: PrtParameters): PrtVector {
  return [Math.log(p.rewardSensitivity), Math.log(p.learningRate / (1 - p.learningRate)), p.instructionSensitivity];
}

export function fromPrtVector(x: readonly number[]): PrtParameters {
  return { rewardSensitivity: Math.exp(x[0] ?? 0), learningRate: 1 / (1 + Math.exp(-(x[1] ?? 0))), instructionSensitivity: x[2] ?? 0 };
}

/** What the learner needs of a trial; `scored` false leaves it out of the likelihood but still learns from it. */
export type PrtLearningTrial = Pick<PrtAnalysisTrial, 'stimulus' | 'response' | 'rewarded'> & { readonly scored?: boolean };

export type PrtTerms = { readonly value: number; readonly gradient: number[]; readonly hessian: number[][] };

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** P(correct | s) = σ(γ + ρ·m_s) for a simulated person, with m_s the learnt reward average of `stimulus`. */
export function correctProbability(p: PrtParameters, learnt: number): number {
  return 1 / (1 + Math.exp(-(p.instructionSensitivity + p.rewardSensitivity * learnt)));
}

/**
 * The log-likelihood (natural log) of the answers in `trials`, in order, with its gradient and Hessian in x =
 * [ln ρ, logit ε, γ]. Trials with `scored: false` (excluded by RT) update the learning but add no term.
 */
export function prtLogLikelihood(x: PrtVector, trials: readonly PrtLearningTrial[]): PrtTerms {
  const [u, v, gamma] = x;
  const rho = Math.exp(u);
  const eps = 1 / (1 + Math.exp(-v));
  // Per stimulus: m, dm/dε, d²m/dε².
  const state = { rich: [0, 0, 0], lean: [0, 0, 0] };
  let value = 0;
  // Derivatives in (ρ, ε, γ) first; turned into x's units at the end.
  let gr = 0, ge = 0, gg = 0;
  let hrr = 0, hre = 0, hrg = 0, hee = 0, heg = 0, hgg = 0;
  for (const trial of trials) {
    const s = state[trial.stimulus];
    const [m = 0, m1 = 0, m2 = 0] = s;
    const correct = trial.response === trial.stimulus;
    if (trial.scored !== false) {
      const z = gamma + rho * m;
      const y = correct ? 1 : 0;
      value += y * z - softplus(z);
      const p = 1 / (1 + Math.exp(-z));
      const d = y - p;
      const w = p * (1 - p);
      // ∇z = (m, ρm', 1); ∇²z has ρε = m', εε = ρm''.
      const zr = m, ze = rho * m1;
      gr += d * zr;
      ge += d * ze;
      gg += d;
      hrr -= w * zr * zr;
      hre += -w * zr * ze + d * m1;
      hrg -= w * zr;
      hee += -w * ze * ze + d * rho * m2;
      heg -= w * ze;
      hgg -= w;
    }
    if (correct) {
      const r = trial.rewarded ? 1 : 0;
      s[0] = (1 - eps) * m + eps * r;
      s[1] = (1 - eps) * m1 + r - m;
      s[2] = (1 - eps) * m2 - 2 * m1;
    }
  }
  // Chain rule: dρ/du = ρ = d²ρ/du²; dε/dv = ε(1−ε) = e1, d²ε/dv² = e1(1−2ε).
  const e1 = eps * (1 - eps);
  const e2 = e1 * (1 - 2 * eps);
  const gradient = [gr * rho, ge * e1, gg];
  const huu = hrr * rho * rho + gr * rho;
  const huv = hre * rho * e1;
  const hug = hrg * rho;
  const hvv = hee * e1 * e1 + ge * e2;
  const hvg = heg * e1;
  return {
    value,
    gradient,
    hessian: [
      [huu, huv, hug],
      [huv, hvv, hvg],
      [hug, hvg, hgg],
    ],
  };
}
