import { describe, expect, it } from 'vitest';
import { createRandom } from '../ebdm/random.ts';
import { fitPrt, PRT_PRIORS } from './prt-fit.ts';
import { simulatePrt } from './prt-simulate.ts';
import { generateRewardSchedule, STANDARD_PRT_SCHEDULE } from './reward-schedule.ts';

const schedule = generateRewardSchedule(21, { ...STANDARD_PRT_SCHEDULE, blocks: 6 });
if (!schedule.ok) throw new Error(schedule.error);

describe('fitPrt', () => {
  it('recovers a simulated person of 600 trials within about two standard errors, and converges', () => {
    const truth = { rewardSensitivity: 3, learningRate: 0.15, instructionSensitivity: 1.2 };
    const fit = fitPrt(simulatePrt(truth, schedule.value, createRandom(4)));
    if (!fit.ok) throw new Error(fit.error.message);
    const { parameters, standardErrors, converged, n } = fit.value;
    expect(converged).toBe(true);
    expect(n).toBe(600);
    expect(Math.abs(Math.log(parameters.rewardSensitivity) - Math.log(3))).toBeLessThan(2.5 * standardErrors.logRewardSensitivity);
    expect(Math.abs(parameters.instructionSensitivity - 1.2)).toBeLessThan(2.5 * standardErrors.instructionSensitivity);
    expect(standardErrors.logRewardSensitivity).toBeGreaterThan(0);
    expect(fit.value.rewardSensitivitySe).toBeCloseTo(parameters.rewardSensitivity * standardErrors.logRewardSensitivity, 12);
    expect(fit.value.logLik).toBeLessThan(0);
  });

  it('tells a reward-driven person from an indifferent one', () => {
    const driven = fitPrt(simulatePrt({ rewardSensitivity: 4, learningRate: 0.2, instructionSensitivity: 1 }, schedule.value, createRandom(8)));
    const flat = fitPrt(simulatePrt({ rewardSensitivity: 0.3, learningRate: 0.2, instructionSensitivity: 1 }, schedule.value, createRandom(8)));
    if (!driven.ok || !flat.ok) throw new Error('fit failed');
    expect(driven.value.parameters.rewardSensitivity).toBeGreaterThan(2 * flat.value.parameters.rewardSensitivity);
  });

  it('returns the prior mode for a person with no informative answers, and an error for no scored trials', () => {
    const trials = simulatePrt({ rewardSensitivity: 2, learningRate: 0.2, instructionSensitivity: 1 }, schedule.value, createRandom(1));
    const none = fitPrt(trials.map((t) => ({ ...t, scored: false })));
    expect(none).toMatchObject({ ok: false, error: { code: 'no-trials' } });
    const one = fitPrt(trials.slice(0, 1));
    if (!one.ok) throw new Error(one.error.message);
    // One first trial (no learning yet) says nothing about ρ: the fit stays at the prior's centre.
    expect(Math.log(one.value.parameters.rewardSensitivity)).toBeCloseTo(PRT_PRIORS[0].mean, 6);
  });

  it('leaves unscored trials out of n and the likelihood', () => {
    const trials = simulatePrt({ rewardSensitivity: 2, learningRate: 0.2, instructionSensitivity: 1 }, schedule.value, createRandom(2));
    const fit = fitPrt(trials.map((t, i) => ({ ...t, scored: i >= 10 })));
    if (!fit.ok) throw new Error(fit.error.message);
    expect(fit.value.n).toBe(590);
  });
});
