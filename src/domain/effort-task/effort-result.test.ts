import { describe, expect, it } from 'vitest';
import { playEffortTask, TEST_DEVICE } from '../../../tests/support/effort-task.ts';
import { applyEffortTaskEvent } from './task-events.ts';
import { createEffortTaskRecord } from './task-record.ts';
import { summariseEffortTask } from './effort-result.ts';

describe('summariseEffortTask', () => {
  it('fits a completed task: grid of acceptance by offer, three cost models, the parabolic one reported', () => {
    // Accepts unless the effort is high and the reward low: effort-sensitive, reward-sensitive.
    const record = playEffortTask((reward, effort) => reward * 1.2 - effort * effort * 0.4 > 0);
    const result = summariseEffortTask(record);
    if (result.status !== 'completed') throw new Error(result.status);
    expect(result.grid).toHaveLength(16);
    expect(result.grid.find((c) => c.reward === 2 && c.effort === 4)).toMatchObject({ offered: 4, accepted: 0 });
    expect(result.grid.find((c) => c.reward === 5 && c.effort === 1)).toMatchObject({ offered: 4, accepted: 4 });
    expect(result.fits.map((f) => f.model)).toEqual(['parabolic', 'linear', 'exponential']);
    expect(result.reported.model).toBe('parabolic');
    expect(result.reported.n).toBe(64);
    expect(result.reported.parameters.effortSensitivity).toBeGreaterThan(0.1);
    expect(result.reported.parameters.rewardSensitivity).toBeGreaterThan(0.1);
    expect(Math.min(...result.fits.map((f) => f.bic))).toBe(result.bestByBic.bic);
  });

  it('infers nothing from a skipped task', () => {
    const skipped = applyEffortTaskEvent(createEffortTaskRecord({ seed: 1, startedAt: 0, device: TEST_DEVICE }), { type: 'skip', reason: 'cannot-tap', at: 5 });
    if (!skipped.ok) throw new Error(skipped.error);
    expect(summariseEffortTask(skipped.value)).toEqual({ status: 'skipped', phase: 'calibration', reason: 'cannot-tap' });
  });

  it('reports an unfinished task as in progress', () => {
    expect(summariseEffortTask(createEffortTaskRecord({ seed: 1, startedAt: 0, device: TEST_DEVICE })).status).toBe('in-progress');
  });
});
