import { describe, expect, it } from 'vitest';
import { DEFAULT_REWARD_TASK_CONFIG, type RewardTaskConfig } from './task-config.ts';
import { applyRewardTaskEvent, type RewardTaskEvent } from './task-events.ts';
import { carriedRewards, nextRewardStep, rewardPoints } from './task-progress.ts';
import { createRewardTaskRecord, rewardTaskRecordSchema, type RewardTaskRecord } from './task-record.ts';
import type { Mouth } from './task-schedule.ts';

const device = { screenWidthPx: 768, screenHeightPx: 1024, pointer: 'coarse' as const, userAgent: 'test' };
const display = { frames: 6, shownMs: 100.1, frameMs: 16.7 };
const small: RewardTaskConfig = { ...DEFAULT_REWARD_TASK_CONFIG, blocks: 2, trialsPerBlock: 10, richRewardsPerBlock: 3, leanRewardsPerBlock: 1, practiceTrials: 2 };

function apply(record: RewardTaskRecord, event: RewardTaskEvent): RewardTaskRecord {
  const result = applyRewardTaskEvent(record, event);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}
const other = (m: Mouth): Mouth => (m === 'short' ? 'long' : 'short');
function answerStep(record: RewardTaskRecord, right: boolean, at = 1000): RewardTaskRecord {
  const step = nextRewardStep(record);
  if (step.kind !== 'practice' && step.kind !== 'trial') throw new Error(`no trial: ${step.kind}`);
  return apply(record, { type: 'answer', phase: step.kind === 'practice' ? 'practice' : 'main', index: step.index, response: right ? step.mouth : other(step.mouth), rtMs: 512.34, display, at });
}

describe('the reward task record', () => {
  it('runs instructions → practice → block 1 → rest → block 2 → done, and every record on the way reads back', () => {
    let record = createRewardTaskRecord({ seed: 11, startedAt: 5, device, config: small });
    expect(nextRewardStep(record, false)).toEqual({ kind: 'instructions' });
    expect(nextRewardStep(record).kind).toBe('practice');
    record = answerStep(answerStep(record, true), false);
    expect(record.practice.map((p) => p.index)).toEqual([0, 1]);
    for (let i = 0; i < 10; i += 1) record = answerStep(record, true);
    expect(nextRewardStep(record)).toEqual({ kind: 'block-break', afterBlock: 1, blocks: 2 });
    expect(applyRewardTaskEvent(record, { type: 'answer', phase: 'main', index: 10, response: 'short', rtMs: 1, display, at: 1 })).toEqual({ ok: false, error: 'out-of-order' });
    record = apply(record, { type: 'break-end', afterBlock: 1, shownAt: 10, endedAt: 20 });
    for (let i = 0; i < 10; i += 1) record = answerStep(record, true, 2000 + i);
    expect(record.outcome).toEqual({ status: 'completed', at: 2009 });
    expect(nextRewardStep(record)).toEqual({ kind: 'done' });
    // All correct: exactly the scheduled rewards, 4 per block.
    expect(record.trials.filter((t) => t.rewarded)).toHaveLength(8);
    expect(rewardPoints(record)).toBe(40);
    expect(rewardTaskRecordSchema.safeParse(record).success).toBe(true);
    expect(record.trials[0]?.rtMs).toBe(512.3);
  });

  it('carries an unearned scheduled reward to the next correct answer to the same mouth, within the block', () => {
    let record = createRewardTaskRecord({ seed: 3, startedAt: 0, device, config: { ...small, practiceTrials: 0 } });
    const first = record.schedule.findIndex((t) => t.scheduledReward);
    const mouth = record.schedule[first]?.mouth as Mouth;
    // Answer correctly up to the first scheduled reward, wrongly on it.
    for (let i = 0; i < first; i += 1) record = answerStep(record, true);
    record = answerStep(record, false);
    expect(record.trials[first]?.rewarded).toBe(false);
    expect(carriedRewards(record)[mouth]).toBe(1);
    // The next correct answer to that mouth is rewarded even if not scheduled.
    const next = record.schedule.findIndex((t, i) => i > first && t.mouth === mouth);
    for (let i = first + 1; i <= next; i += 1) record = answerStep(record, true);
    expect(record.trials[next]?.rewarded).toBe(true);
    if (!record.schedule[next]?.scheduledReward) expect(carriedRewards(record)[mouth]).toBe(0);
    expect(rewardTaskRecordSchema.safeParse(record).success).toBe(true);
  });

  it('never rewards a wrong answer, and drops carried rewards at the end of a block', () => {
    let record = createRewardTaskRecord({ seed: 5, startedAt: 0, device, config: { ...small, practiceTrials: 0 } });
    for (let i = 0; i < 10; i += 1) record = answerStep(record, false);
    expect(record.trials.some((t) => t.rewarded)).toBe(false);
    expect(carriedRewards({ ...record, trials: record.trials.slice(0, 9) }).short + carriedRewards({ ...record, trials: record.trials.slice(0, 9) }).long).toBeGreaterThan(0);
    expect(carriedRewards(record)).toEqual({ short: 0, long: 0 });
  });

  it('records a skip with its phase and refuses anything after it', () => {
    const record = createRewardTaskRecord({ seed: 5, startedAt: 0, device, config: small });
    const skipped = apply(record, { type: 'skip', reason: 'cannot-see', at: 77 });
    expect(skipped.outcome).toEqual({ status: 'skipped', at: 77, phase: 'instructions', reason: 'cannot-see' });
    expect(applyRewardTaskEvent(skipped, { type: 'skip', reason: 'other', at: 78 })).toEqual({ ok: false, error: 'finished' });
    const practising = answerStep(record, true);
    expect(apply(practising, { type: 'skip', reason: 'declined', at: 1 }).outcome).toMatchObject({ phase: 'practice' });
  });

  it('refuses impossible values and a schedule that does not match its trials', () => {
    const record = createRewardTaskRecord({ seed: 5, startedAt: 0, device, config: small });
    expect(applyRewardTaskEvent(record, { type: 'answer', phase: 'practice', index: 0, response: 'long', rtMs: -1, display, at: 1 })).toEqual({ ok: false, error: 'invalid' });
    const done = answerStep(answerStep(answerStep(record, true), true), true);
    const tampered = { ...done, trials: done.trials.map((t) => ({ ...t, correct: !t.correct })) };
    expect(rewardTaskRecordSchema.safeParse(tampered).success).toBe(false);
  });
});
