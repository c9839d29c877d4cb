import { describe, expect, it } from 'vitest';
import { createRandom } from '../ebdm/random.ts';
import { fromPrtVector, prtLogLikelihood, toPrtVector, type PrtLearningTrial, type PrtVector } from './learning-model.ts';
import { simulatePrt } from './prt-simulate.ts';
import { generateRewardSchedule } from './reward-schedule.ts';

const schedule = generateRewardSchedule(3);
if (!schedule.ok) throw new Error(schedule.error);
const trials: PrtLearningTrial[] = simulatePrt({ rewardSensitivity: 2, learningRate: 0.2, instructionSensitivity: 1 }, schedule.value, createRandom(5)).map((t, i) => ({
  ...t,
  scored: i % 17 !== 0,
}));

describe('prtLogLikelihood', () => {
  it('matches a hand-computed three-trial sequence', () => {
    // ρ = 2, ε = 0.5, γ = 0.5. Trial 1 rich, correct, rewarded: P = σ(0.5), then m_rich = 0.5.
    // Trial 2 rich, wrong: P(wrong) = 1 − σ(0.5 + 2·0.5) = 1 − σ(1.5); no learning. Trial 3 lean, correct: P = σ(0.5).
    const x = toPrtVector({ rewardSensitivity: 2, learningRate: 0.5, instructionSensitivity: 0.5 });
    const sigma = (z: number) => 1 / (1 + Math.exp(-z));
    const three: PrtLearningTrial[] = [
      { stimulus: 'rich', response: 'rich', rewarded: true },
      { stimulus: 'rich', response: 'lean', rewarded: false },
      { stimulus: 'lean', response: 'lean', rewarded: false },
    ];
    expect(prtLogLikelihood(x, three).value).toBeCloseTo(Math.log(sigma(0.5)) + Math.log(1 - sigma(1.5)) + Math.log(sigma(0.5)), 12);
  });

  it('has the gradient and Hessian of finite differences, unscored trials included', () => {
    const x: PrtVector = [Math.log(1.7), -1.2, 0.8];
    const { gradient, hessian } = prtLogLikelihood(x, trials);
    const h = 1e-5;
    for (let i = 0; i < 3; i += 1) {
      const shifted = (d: number) => x.map((v, k) => (k === i ? v + d : v)) as unknown as PrtVector;
      const plus = prtLogLikelihood(shifted(h), trials);
      const minus = prtLogLikelihood(shifted(-h), trials);
      expect(gradient[i]).toBeCloseTo((plus.value - minus.value) / (2 * h), 4);
      for (let j = 0; j < 3; j += 1) {
        expect(hessian[i]?.[j]).toBeCloseTo(((plus.gradient[j] ?? 0) - (minus.gradient[j] ?? 0)) / (2 * h), 4);
      }
    }
  });

  it('leaves unscored trials out of the sum', () => {
    const x: PrtVector = [0, -1, 1];
    const all = prtLogLikelihood(x, trials.map((t) => ({ ...t, scored: true }))).value;
    const some = prtLogLikelihood(x, trials).value;
    expect(some).toBeGreaterThan(all);
  });
});

describe('toPrtVector / fromPrtVector', () => {
  it('round-trips the parameters', () => {
    const p = { rewardSensitivity: 3.2, learningRate: 0.07, instructionSensitivity: -0.4 };
    const back = fromPrtVector(toPrtVector(p));
    expect(back.rewardSensitivity).toBeCloseTo(3.2, 12);
    expect(back.learningRate).toBeCloseTo(0.07, 12);
    expect(back.instructionSensitivity).toBeCloseTo(-0.4, 12);
  });
});
