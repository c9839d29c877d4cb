import { describe, expect, it } from 'vitest';
import { playRewardTask } from '../../../tests/support/reward-task.ts';
import { applyRewardTaskEvent } from './task-events.ts';
import { createRewardTaskRecord } from './task-record.ts';
import { analysisTrials, summariseRewardTask } from './reward-result.ts';

const device = { screenWidthPx: 768, screenHeightPx: 1024, pointer: 'coarse' as const, userAgent: 'test' };

describe('the reward task result', () => {
  it('maps mouths to rich and lean by the record’s counterbalancing', () => {
    const record = playRewardTask(4);
    const trials = analysisTrials(record);
    record.trials.forEach((t, i) => expect(trials[i]?.stimulus).toBe(t.mouth === record.assignment.richMouth ? 'rich' : 'lean'));
  });

  it('gives a completed task a positive response bias, its exclusions, a fitted ρ with SE and the mouth timing', () => {
    const result = summariseRewardTask(playRewardTask(4));
    if (result.status !== 'completed') throw new Error(result.status);
    expect(result.summary.n).toBe(300);
    expect(result.summary.excluded.filter((e) => e.reason === 'rt-too-fast')).toHaveLength(3);
    expect(result.summary.overall.logB).toBeGreaterThan(0.1);
    expect(result.summary.blocks.map((b) => b.block)).toEqual([1, 2, 3]);
    expect(result.fit?.converged).toBe(true);
    expect(result.fit?.rewardSensitivitySe).toBeGreaterThan(0);
    expect(result.timing.medianFrames).toBe(6);
    expect(result.timing.medianShownMs).toBeGreaterThan(99.8);
    expect(result.timing.medianShownMs).toBeLessThan(100.8);
    expect(result.points).toBe(result.summary.blocks.reduce((n, b) => n + b.rewards.rich + b.rewards.lean, 0) * 5);
  });

  it('infers nothing from an unfinished or skipped task', () => {
    const fresh = createRewardTaskRecord({ seed: 1, startedAt: 0, device });
    expect(summariseRewardTask(fresh)).toEqual({ status: 'in-progress', trialsDone: 0, timing: null });
    const skipped = applyRewardTaskEvent(fresh, { type: 'skip', reason: 'declined', at: 5 });
    if (!skipped.ok) throw new Error(skipped.error);
    expect(summariseRewardTask(skipped.value)).toEqual({ status: 'skipped', phase: 'instructions', reason: 'declined', trialsDone: 0, timing: null });
  });
});
