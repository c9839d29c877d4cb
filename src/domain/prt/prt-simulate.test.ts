import { describe, expect, it } from 'vitest';
import { createRandom } from '../ebdm/random.ts';
import { simulatePrt } from './prt-simulate.ts';
import { generateRewardSchedule } from './reward-schedule.ts';
import { summarisePrt } from './signal-detection.ts';

const schedule = generateRewardSchedule(11);
if (!schedule.ok) throw new Error(schedule.error);

describe('simulatePrt', () => {
  it('is reproducible from the seed and keeps every trial inside the exclusion window', () => {
    const p = { rewardSensitivity: 2, learningRate: 0.2, instructionSensitivity: 1 };
    const a = simulatePrt(p, schedule.value, createRandom(1));
    expect(simulatePrt(p, schedule.value, createRandom(1))).toEqual(a);
    expect(a).toHaveLength(300);
    expect(summarisePrt(a).excluded).toEqual([]);
  });

  it('never pays more than the schedule per block, and a perfect answerer gets exactly 30 rich and 10 lean', () => {
    const perfect = simulatePrt({ rewardSensitivity: 1, learningRate: 0.2, instructionSensitivity: 40 }, schedule.value, createRandom(2));
    for (const block of summarisePrt(perfect).blocks) expect(block.rewards).toEqual({ rich: 30, lean: 10 });
    const sloppy = simulatePrt({ rewardSensitivity: 0.5, learningRate: 0.2, instructionSensitivity: 0 }, schedule.value, createRandom(3));
    for (const block of summarisePrt(sloppy).blocks) {
      expect(block.rewards.rich).toBeLessThanOrEqual(30);
      expect(block.rewards.lean).toBeLessThanOrEqual(10);
    }
  });

  it('develops a bias towards rich when rewards matter, and none when they do not', () => {
    const bias = (rho: number) => {
      let total = 0;
      for (let seed = 0; seed < 20; seed += 1) total += summarisePrt(simulatePrt({ rewardSensitivity: rho, learningRate: 0.2, instructionSensitivity: 1 }, schedule.value, createRandom(seed))).overall.logB;
      return total / 20;
    };
    expect(bias(4)).toBeGreaterThan(0.2);
    expect(Math.abs(bias(0.01))).toBeLessThan(0.05);
  });
});
