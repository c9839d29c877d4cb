import { describe, expect, it } from 'vitest';
import { createRandom, shuffled } from '../ebdm/random.ts';
import { buildSchedule } from './schedule.ts';
import { DEFAULT_EFFORT_TASK_CONFIG, type EffortTaskConfig } from './task-config.ts';

const pairKey = (o: { reward: number; effort: number }) => `${o.reward}x${o.effort}`;

describe('createRandom, the seeded generator of the schedule', () => {
  it('gives the same sequence for the same seed and numbers in [0, 1)', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(990);
  });

  it('gives a different sequence for a different seed', () => {
    const a = createRandom(1);
    const b = createRandom(2);
    expect(Array.from({ length: 5 }, () => a())).not.toEqual(Array.from({ length: 5 }, () => b()));
  });
});

describe('shuffled, the shuffle of each block', () => {
  it('returns a permutation and leaves the input alone', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = shuffled(input, createRandom(7));
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort((x, y) => x - y)).toEqual(input);
    expect(out).not.toEqual(input);
  });
});

describe('buildSchedule', () => {
  it('gives 64 offers in 4 blocks by default, each block holding every reward × effort pair once', () => {
    const schedule = buildSchedule(DEFAULT_EFFORT_TASK_CONFIG, 123456);
    expect(schedule).toHaveLength(64);
    const all = [2, 3, 4, 5].flatMap((r) => [1, 2, 3, 4].map((e) => `${r}x${e}`)).sort();
    for (let block = 0; block < 4; block += 1) {
      expect(schedule.slice(block * 16, block * 16 + 16).map(pairKey).sort()).toEqual(all);
    }
  });

  it('is the same for the same seed, and differs between seeds and between blocks', () => {
    const a = buildSchedule(DEFAULT_EFFORT_TASK_CONFIG, 99);
    expect(buildSchedule(DEFAULT_EFFORT_TASK_CONFIG, 99)).toEqual(a);
    expect(buildSchedule(DEFAULT_EFFORT_TASK_CONFIG, 100).map(pairKey)).not.toEqual(a.map(pairKey));
    expect(a.slice(0, 16).map(pairKey)).not.toEqual(a.slice(16, 32).map(pairKey));
  });

  it('follows a shortened config: fewer rewards and blocks', () => {
    const short: EffortTaskConfig = { ...DEFAULT_EFFORT_TASK_CONFIG, rewards: [5], blocks: 2 };
    const schedule = buildSchedule(short, 5);
    expect(schedule).toHaveLength(8);
    expect(schedule.slice(0, 4).map((o) => o.effort).sort()).toEqual([1, 2, 3, 4]);
    expect(schedule.slice(4).map((o) => o.effort).sort()).toEqual([1, 2, 3, 4]);
  });
});
