import { describe, expect, it } from 'vitest';
import { DEFAULT_REWARD_TASK_CONFIG } from './task-config.ts';
import { assignmentFor, buildPracticeMouths, buildRewardSchedule } from './task-schedule.ts';

const longestRun = (mouths: readonly string[]) => mouths.reduce((acc, m, i) => ({ run: m === mouths[i - 1] ? acc.run + 1 : 1, max: Math.max(acc.max, m === mouths[i - 1] ? acc.run + 1 : 1) }), { run: 0, max: 0 }).max;

describe('the reward task schedule', () => {
  it('shows each mouth 50 times a block, rewards 30 rich and 10 lean, and never repeats a mouth more than 3 times', () => {
    for (const seed of [1, 2, 3, 42, 0xffffffff, 123456789]) {
      const { richMouth } = assignmentFor(seed);
      const schedule = buildRewardSchedule(DEFAULT_REWARD_TASK_CONFIG, seed, richMouth);
      expect(schedule).toHaveLength(300);
      for (let b = 0; b < 3; b += 1) {
        const block = schedule.slice(b * 100, b * 100 + 100);
        expect(block.filter((t) => t.mouth === 'short')).toHaveLength(50);
        expect(block.filter((t) => t.mouth === richMouth && t.scheduledReward)).toHaveLength(30);
        expect(block.filter((t) => t.mouth !== richMouth && t.scheduledReward)).toHaveLength(10);
        expect(longestRun(block.map((t) => t.mouth))).toBeLessThanOrEqual(3);
      }
    }
  });

  it('gives the same schedule for the same seed and a different one for another seed', () => {
    const a = buildRewardSchedule(DEFAULT_REWARD_TASK_CONFIG, 7, 'short');
    expect(buildRewardSchedule(DEFAULT_REWARD_TASK_CONFIG, 7, 'short')).toEqual(a);
    expect(buildRewardSchedule(DEFAULT_REWARD_TASK_CONFIG, 8, 'short')).not.toEqual(a);
  });

  it('keeps the run limit with the tightest setting', () => {
    for (let seed = 0; seed < 200; seed += 1) {
      const schedule = buildRewardSchedule({ ...DEFAULT_REWARD_TASK_CONFIG, maxSameInRow: 2, trialsPerBlock: 20, blocks: 1, richRewardsPerBlock: 6, leanRewardsPerBlock: 2 }, seed, 'long');
      expect(longestRun(schedule.map((t) => t.mouth))).toBeLessThanOrEqual(2);
      expect(schedule.filter((t) => t.mouth === 'long')).toHaveLength(10);
    }
  });

  it('counterbalances the rich mouth and the button sides across seeds', () => {
    const assignments = Array.from({ length: 400 }, (_, seed) => assignmentFor(seed));
    const richShort = assignments.filter((a) => a.richMouth === 'short').length;
    const shortLeft = assignments.filter((a) => a.shortSide === 'left').length;
    expect(richShort).toBeGreaterThan(160);
    expect(richShort).toBeLessThan(240);
    expect(shortLeft).toBeGreaterThan(160);
    expect(shortLeft).toBeLessThan(240);
  });

  it('practises both mouths equally', () => {
    const mouths = buildPracticeMouths(8, 99);
    expect(mouths.filter((m) => m === 'short')).toHaveLength(4);
  });
});
