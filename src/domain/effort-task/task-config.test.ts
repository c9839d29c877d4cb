import { describe, expect, it } from 'vitest';
import { DEFAULT_EFFORT_TASK_CONFIG, effortTaskConfigSchema, MEHRHOF_NORD_2025_CONFIG, totalTrials } from './task-config.ts';

describe('effortTaskConfigSchema', () => {
  it('accepts the default and the published design', () => {
    expect(effortTaskConfigSchema.safeParse(DEFAULT_EFFORT_TASK_CONFIG).success).toBe(true);
    expect(effortTaskConfigSchema.safeParse(MEHRHOF_NORD_2025_CONFIG).success).toBe(true);
    expect(totalTrials(DEFAULT_EFFORT_TASK_CONFIG)).toBe(64);
  });

  it.each([
    ['repeated rewards', { rewards: [2, 2] }],
    ['an averaged calibration with one round', { calibration: { rounds: 1, durationMs: 5000, reference: 'mean-after-first' } }],
    ['a level that asks for less than the one below', { levels: [{ rateFraction: 0.5, durationMs: 5000 }, { rateFraction: 0.4, durationMs: 5000 }, { rateFraction: 0.6, durationMs: 5000 }, { rateFraction: 0.7, durationMs: 5000 }] }],
    ['three levels', { levels: DEFAULT_EFFORT_TASK_CONFIG.levels.slice(0, 3) }],
    ['zero blocks', { blocks: 0 }],
  ])('rejects %s', (_name, change) => {
    expect(effortTaskConfigSchema.safeParse({ ...DEFAULT_EFFORT_TASK_CONFIG, ...change }).success).toBe(false);
  });
});
