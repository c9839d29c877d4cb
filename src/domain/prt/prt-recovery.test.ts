import { describe, expect, it } from 'vitest';
import { PRT_GENERATING_RANGES, prtParameterRecovery } from './prt-recovery.ts';

/**
 * The bar is REWARD-TASK.md §7's: r ≥ 0.70 for ρ (log scale) at the standard 300 trials. Measured with 200
 * simulated people (seeds 1–5), r(ln ρ) was 0.805–0.829 at 300 trials and 0.857–0.901 at 600; with 100 people
 * 0.781–0.867 and 0.833–0.914. So seed 1 passing is no accident of the seed, and a broken fit (r near 0) fails.
 * It runs in well under a second (about 2 ms a fit).
 */
describe('prtParameterRecovery', () => {
  it('recovers ρ at r ≥ 0.70 (log scale) from the standard 300 trials, 200 simulated people', () => {
    const result = prtParameterRecovery({ agents: 200, trialsPerAgent: 300, seed: 1 });
    if (!result.ok) throw new Error(result.error);
    const { r, notConverged, truth } = result.value;
    expect(r.logRewardSensitivity).toBeGreaterThanOrEqual(0.7);
    // γ is well identified; ε is not (never shown per person), but the fit is not blind to it either.
    expect(r.instructionSensitivity).toBeGreaterThanOrEqual(0.85);
    expect(r.logitLearningRate).toBeGreaterThan(0.2);
    expect(notConverged).toBe(0);
    for (const person of truth) {
      expect(person.rewardSensitivity).toBeGreaterThanOrEqual(PRT_GENERATING_RANGES.rewardSensitivity[0]);
      expect(person.rewardSensitivity).toBeLessThan(PRT_GENERATING_RANGES.rewardSensitivity[1]);
    }
  });

  it('recovers ρ better from 600 trials than from 300', () => {
    const r = (trials: number) => {
      const result = prtParameterRecovery({ agents: 200, trialsPerAgent: trials, seed: 2 });
      if (!result.ok) throw new Error(result.error);
      return result.value.r.logRewardSensitivity;
    };
    expect(r(600)).toBeGreaterThan(r(300));
  });

  it('refuses a trial count that is not whole blocks of 100, and too few agents', () => {
    expect(prtParameterRecovery({ agents: 10, trialsPerAgent: 250, seed: 1 })).toMatchObject({ ok: false });
    expect(prtParameterRecovery({ agents: 2, trialsPerAgent: 300, seed: 1 })).toMatchObject({ ok: false });
  });
});
