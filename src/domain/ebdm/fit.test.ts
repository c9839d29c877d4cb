import { describe, expect, it } from 'vitest';
import { bestByBic, checkTrials, EBDM_PRIORS, fitEbdm, laplaceStandardErrors, type EbdmFit } from './fit.ts';
import { COST_MODELS, logLikelihood, PARAMETER_KEYS, type CostModel, type EbdmParameters, type EbdmTrial } from './model.ts';
import { createRandom } from './random.ts';
import { simulateChoices, standardDesign } from './simulate.ts';

function fitted(trials: readonly EbdmTrial[], model: CostModel): EbdmFit {
  const result = fitEbdm(trials, model);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const truths: Record<CostModel, EbdmParameters> = {
  parabolic: { rewardSensitivity: 0.8, effortSensitivity: 0.2, acceptanceBias: -1 },
  linear: { rewardSensitivity: 0.8, effortSensitivity: 0.6, acceptanceBias: -1 },
  exponential: { rewardSensitivity: 0.8, effortSensitivity: 0.4, acceptanceBias: -1 },
};

describe('fitEbdm on simulated people', () => {
  it.each(COST_MODELS)('recovers the generating parameters of a %s agent from 4000 trials within 3.5 SE', (model) => {
    const random = createRandom(2024);
    const truth = truths[model];
    const fit = fitted(simulateChoices(truth, standardDesign(250, random), model, random), model);
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(4000);
    for (const key of PARAMETER_KEYS) {
      expect(fit.standardErrors[key]).toBeGreaterThan(0);
      expect(fit.standardErrors[key]).toBeLessThan(0.2);
      expect(Math.abs(fit.parameters[key] - truth[key])).toBeLessThan(3.5 * fit.standardErrors[key]);
    }
  });

  it('reports logLik at the estimate and BIC = 3·ln n − 2·logLik', () => {
    const random = createRandom(3);
    const trials = simulateChoices(truths.parabolic, standardDesign(4, random), 'parabolic', random);
    const fit = fitted(trials, 'parabolic');
    expect(fit.logLik).toBeCloseTo(logLikelihood(fit.parameters, trials, 'parabolic'), 10);
    expect(fit.bic).toBeCloseTo(3 * Math.log(64) - 2 * fit.logLik, 10);
    expect(fit.model).toBe('parabolic');
  });

  it('lands on the mode: the log-posterior is lower a small step away in every allowed direction', () => {
    const random = createRandom(9);
    const trials = simulateChoices(truths.parabolic, standardDesign(4, random), 'parabolic', random);
    const fit = fitted(trials, 'parabolic');
    const priors = EBDM_PRIORS.parabolic;
    const logPosterior = (p: EbdmParameters) =>
      logLikelihood(p, trials, 'parabolic') - PARAMETER_KEYS.reduce((sum, key) => sum + 0.5 * ((p[key] - priors[key].mean) / priors[key].sd) ** 2, 0);
    const best = logPosterior(fit.parameters);
    for (const key of PARAMETER_KEYS) {
      for (const step of [-1e-3, 1e-3]) {
        const moved = { ...fit.parameters, [key]: fit.parameters[key] + step };
        if (moved[key] < priors[key].lower) continue;
        expect(logPosterior(moved)).toBeLessThan(best);
      }
    }
  });

  it('finds the exponential mode where a search from a typical start stalls in the corner kR = kE = 0', () => {
    // Seed 6 gives 7 acceptances of 64; a single Newton search from (0.5, 0.2, 0) ends at kR = kE = 0.
    const trials = simulateChoices({ rewardSensitivity: 0.6, effortSensitivity: 0.6, acceptanceBias: -3 }, standardDesign(4), 'exponential', createRandom(6));
    const fit = fitted(trials, 'exponential');
    const k = trials.filter((t) => t.accepted).length;
    // With kR = 0 the model is a constant P(accept); its best log-likelihood is the Bernoulli one.
    const cornerBest = k * Math.log(k / 64) + (64 - k) * Math.log(1 - k / 64);
    expect(fit.parameters.rewardSensitivity).toBeGreaterThan(0.1);
    expect(fit.parameters.effortSensitivity).toBeGreaterThan(0.1);
    expect(fit.logLik).toBeGreaterThan(cornerBest);
  });
});

describe('fitEbdm on one-sided data', () => {
  const design = standardDesign(4);
  const cases = COST_MODELS.flatMap((model) => [
    [model, 'every offer accepted', true],
    [model, 'every offer rejected', false],
  ] as const);

  it.each(cases)('%s: %s converges to finite values with finite standard errors', (model, _label, accepted) => {
    const fit = fitted(design.map((offer) => ({ ...offer, accepted })), model);
    expect(fit.converged).toBe(true);
    for (const key of PARAMETER_KEYS) {
      expect(Number.isFinite(fit.parameters[key])).toBe(true);
      expect(Number.isFinite(fit.standardErrors[key])).toBe(true);
      expect(fit.standardErrors[key]).toBeGreaterThan(0);
    }
    // The priors, not the data, stop the bias: it stays within a few prior SDs.
    expect(Math.abs(fit.parameters.acceptanceBias)).toBeLessThan(3 * EBDM_PRIORS[model].acceptanceBias.sd);
    expect(Math.sign(fit.parameters.acceptanceBias)).toBe(accepted ? 1 : -1);
    expect(Number.isFinite(fit.bic)).toBe(true);
  });

  it('gives an effort sensitivity of exactly 0 to a person who accepts everything', () => {
    const fit = fitted(design.map((offer) => ({ ...offer, accepted: true })), 'parabolic');
    expect(fit.parameters.effortSensitivity).toBe(0);
  });
});

describe('fitEbdm input checks', () => {
  const good = { reward: 3, effort: 2, accepted: true };
  it('refuses an empty trial list', () => {
    expect(fitEbdm([], 'parabolic')).toEqual({ ok: false, error: { code: 'no-trials', message: 'there are no trials to fit' } });
  });

  it.each([
    ['a reward of 0', { reward: 0, effort: 2, accepted: true }, 'reward 0'],
    ['a negative effort', { reward: 3, effort: -1, accepted: false }, 'effort -1'],
    ['a NaN reward', { reward: Number.NaN, effort: 2, accepted: true }, 'reward NaN'],
    ['an infinite effort', { reward: 3, effort: Number.POSITIVE_INFINITY, accepted: true }, 'effort Infinity'],
    ['a choice that is not a boolean', { reward: 3, effort: 2, accepted: 1 as unknown as boolean }, 'accepted'],
  ])('refuses %s and names the trial', (_label, bad, text) => {
    const result = fitEbdm([good, bad], 'linear');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-trial');
      expect(result.error.message).toContain('trial 2');
      expect(result.error.message).toContain(text);
    }
  });

  it('accepts any positive finite reward and effort, not only the task levels', () => {
    expect(checkTrials([{ reward: 7.5, effort: 0.5, accepted: true }]).ok).toBe(true);
  });
});

describe('helpers', () => {
  it('picks the lowest BIC, the first of equals', () => {
    expect(bestByBic([{ bic: 3, id: 'a' }, { bic: 1, id: 'b' }, { bic: 1, id: 'c' }])?.id).toBe('b');
    expect(bestByBic([])).toBeUndefined();
  });

  it('falls back to the free block when the Hessian at a bounded mode is indefinite', () => {
    // Indefinite in (kR, kE); kR sits on its bound at 0.
    const hessian = [
      [1, -3, 0],
      [-3, 1, 0],
      [0, 0, 4],
    ];
    const se = laplaceStandardErrors(hessian, [0, 0.5, 1], [0, 0, -Infinity]);
    expect(se[0]).toBeCloseTo(1, 12);
    expect(se[1]).toBeCloseTo(1, 12);
    expect(se[2]).toBeCloseTo(0.5, 12);
  });
});
