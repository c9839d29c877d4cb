import { describe, expect, it } from 'vitest';
import {
  acceptanceProbability,
  COST_MODELS,
  effortCost,
  logistic,
  logLikelihood,
  logLikelihoodTerms,
  poolTrials,
  subjectiveValue,
  type CostModel,
  type EbdmParameters,
  type EbdmTrial,
} from './model.ts';

const person: EbdmParameters = { rewardSensitivity: 1, effortSensitivity: 0.5, acceptanceBias: -1 };

describe('subjective value and P(accept) (hand-worked)', () => {
  it('costs effort as E² (parabolic) or E (linear) on the raw level', () => {
    expect(effortCost(3, 'parabolic')).toBe(9);
    expect(effortCost(3, 'linear')).toBe(3);
  });

  it('values 3 points for effort 2 at kR·R − kE·C(E): 3 − 0.5·4 = 1 (parabolic), 3 − 0.5·2 = 2 (linear)', () => {
    expect(subjectiveValue(person, { reward: 3, effort: 2 }, 'parabolic')).toBe(1);
    expect(subjectiveValue(person, { reward: 3, effort: 2 }, 'linear')).toBe(2);
  });

  it('discounts the reward multiplicatively in the exponential model: 3·e^(−0.5·2) = 3/e', () => {
    expect(subjectiveValue(person, { reward: 3, effort: 2 }, 'exponential')).toBeCloseTo(3 / Math.E, 12);
  });

  it('accepts with P = 1/(1 + e^−(a + SV)): a + SV = 0 gives one half', () => {
    expect(acceptanceProbability(person, { reward: 3, effort: 2 }, 'parabolic')).toBe(0.5);
  });

  it('keeps the logistic finite and exact in both tails', () => {
    expect(logistic(800)).toBe(1);
    expect(logistic(-800)).toBe(0);
    expect(logistic(-30)).toBeCloseTo(Math.exp(-30), 25);
  });
});

describe('log-likelihood', () => {
  it('matches a hand computation: accepted (3, 2) at η = 0 and rejected (2, 1) at η = 0.5', () => {
    const trials: EbdmTrial[] = [
      { reward: 3, effort: 2, accepted: true },
      { reward: 2, effort: 1, accepted: false },
    ];
    // η₁ = −1 + 3 − 0.5·4 = 0 → log ½; η₂ = −1 + 2 − 0.5·1 = 0.5 → log(1 − 1/(1 + e^−0.5)) = −log(1 + e^0.5).
    const expected = Math.log(0.5) - Math.log(1 + Math.exp(0.5));
    expect(logLikelihood(person, trials, 'parabolic')).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(-1.6672, 4);
  });

  it('stays finite when a choice is very unlikely (no log of 0)', () => {
    const steep = { rewardSensitivity: 0, effortSensitivity: 50, acceptanceBias: -10 };
    const value = logLikelihood(steep, [{ reward: 2, effort: 4, accepted: true }], 'parabolic');
    expect(value).toBeCloseTo(-810, 6);
  });

  it('gives the same terms for pooled offers as for the trials one by one', () => {
    const trials: EbdmTrial[] = [
      { reward: 2, effort: 1, accepted: true },
      { reward: 2, effort: 1, accepted: false },
      { reward: 5, effort: 4, accepted: true },
      { reward: 2, effort: 1, accepted: true },
    ];
    expect(poolTrials(trials)).toEqual([
      { reward: 2, effort: 1, offered: 3, accepted: 2 },
      { reward: 5, effort: 4, offered: 1, accepted: 1 },
    ]);
    const oneByOne = trials.reduce((sum, trial) => sum + logLikelihood(person, [trial], 'exponential'), 0);
    expect(logLikelihood(person, trials, 'exponential')).toBeCloseTo(oneByOne, 12);
  });
});

describe('analytic gradient and Hessian', () => {
  const trials: EbdmTrial[] = [
    { reward: 2, effort: 1, accepted: true },
    { reward: 3, effort: 4, accepted: false },
    { reward: 5, effort: 3, accepted: true },
    { reward: 4, effort: 2, accepted: false },
    { reward: 5, effort: 4, accepted: false },
    { reward: 2.5, effort: 1.5, accepted: true },
  ];
  const points: EbdmParameters[] = [
    { rewardSensitivity: 0.8, effortSensitivity: 0.3, acceptanceBias: -0.5 },
    { rewardSensitivity: 1.7, effortSensitivity: 0.05, acceptanceBias: 1.2 },
    { rewardSensitivity: 0.1, effortSensitivity: 1.1, acceptanceBias: -2.5 },
  ];
  const keys = ['rewardSensitivity', 'effortSensitivity', 'acceptanceBias'] as const;
  const nudge = (p: EbdmParameters, i: number, h: number): EbdmParameters => ({ ...p, [keys[i] as string]: p[keys[i] as keyof EbdmParameters] + h });
  const cases = COST_MODELS.flatMap((model) => points.map((point, index) => [model, index, point] as const));

  it.each(cases)('agree with central finite differences (%s, point %i)', (model: CostModel, _index: number, point: EbdmParameters) => {
    const h = 1e-5;
    const { gradient, hessian } = logLikelihoodTerms(point, trials, model);
    for (let i = 0; i < 3; i += 1) {
      const numeric = (logLikelihood(nudge(point, i, h), trials, model) - logLikelihood(nudge(point, i, -h), trials, model)) / (2 * h);
      expect(gradient[i]).toBeCloseTo(numeric, 6);
      const up = logLikelihoodTerms(nudge(point, i, h), trials, model).gradient;
      const down = logLikelihoodTerms(nudge(point, i, -h), trials, model).gradient;
      for (let j = 0; j < 3; j += 1) {
        expect(hessian[i]?.[j]).toBeCloseTo(((up[j] ?? 0) - (down[j] ?? 0)) / (2 * h), 5);
      }
    }
  });

  it('is symmetric and negative semi-definite for the additive models (concave log-likelihood)', () => {
    for (const model of ['parabolic', 'linear'] as const) {
      const { hessian: m } = logLikelihoodTerms(points[0] as EbdmParameters, trials, model);
      expect(m[0][1]).toBe(m[1][0]);
      expect(m[0][2]).toBe(m[2][0]);
      expect(m[1][2]).toBe(m[2][1]);
      // Leading principal minors of −H are ≥ 0.
      const det2 = m[0][0] * m[1][1] - m[0][1] * m[1][0];
      const det3 =
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
      expect(-m[0][0]).toBeGreaterThan(0);
      expect(det2).toBeGreaterThan(0);
      expect(-det3).toBeGreaterThanOrEqual(0);
    }
  });
});
