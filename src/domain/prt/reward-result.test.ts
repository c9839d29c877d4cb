import { describe, expect, it } from 'vitest';
import { createRandom } from '../ebdm/random.ts';
import { DEFAULT_REWARD_TASK_CONFIG } from './task-config.ts';
import { applyRewardTaskEvent } from './task-events.ts';
import { nextRewardStep } from './task-progress.ts';
import { createRewardTaskRecord, type RewardTaskRecord } from './task-record.ts';
import { analysisTrials, summariseRewardTask } from './reward-result.ts';

const device = { screenWidthPx: 768, screenHeightPx: 1024, pointer: 'coarse' as const, userAgent: 'test' };

/** A patient who answers "rich" more often than the mouth says: 90 % right on the rich mouth, 60 % on the lean one. */
function biasedPatient(seed: number): RewardTaskRecord {
  const random = createRandom(seed);
  let record = createRewardTaskRecord({ seed, startedAt: 0, device, config: { ...DEFAULT_REWARD_TASK_CONFIG, practiceTrials: 0 } });
  for (;;) {
    const step = nextRewardStep(record);
    if (step.kind === 'block-break') {
      const r = applyRewardTaskEvent(record, { type: 'break-end', afterBlock: step.afterBlock, shownAt: 1, endedAt: 2 });
      if (!r.ok) throw new Error(r.error);
      record = r.value;
      continue;
    }
    if (step.kind !== 'trial') break;
    const rich = step.mouth === record.assignment.richMouth;
    const right = random() < (rich ? 0.9 : 0.6);
    const other = step.mouth === 'short' ? 'long' : 'short';
    // One too-fast answer per block, which the analysis leaves out.
    const rtMs = step.index % 100 === 5 ? 90 : 450 + 300 * random();
    const r = applyRewardTaskEvent(record, { type: 'answer', phase: 'main', index: step.index, response: right ? step.mouth : other, rtMs, display: { frames: 6, shownMs: 99.8 + random(), frameMs: 16.7 }, at: 1000 + step.index });
    if (!r.ok) throw new Error(r.error);
    record = r.value;
  }
  return record;
}

describe('the reward task result', () => {
  it('maps mouths to rich and lean by the record’s counterbalancing', () => {
    const record = biasedPatient(4);
    const trials = analysisTrials(record);
    record.trials.forEach((t, i) => expect(trials[i]?.stimulus).toBe(t.mouth === record.assignment.richMouth ? 'rich' : 'lean'));
  });

  it('gives a completed task a positive response bias, its exclusions, a fitted ρ with SE and the mouth timing', () => {
    const result = summariseRewardTask(biasedPatient(4));
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
