import { describe, expect, it } from 'vitest';
import { DEFAULT_EFFORT_TASK_CONFIG, type EffortTaskConfig } from './task-config.ts';
import { applyEffortTaskEvent, type EffortTaskEvent } from './task-events.ts';
import { createEffortTaskRecord, effortTaskRecordSchema, type EffortTaskRecord } from './task-record.ts';
import { nextStep, totalPoints, trialsForModel } from './task-progress.ts';

/** 2 rewards × 4 efforts × 2 blocks = 16 trials, short runs. */
const SHORT: EffortTaskConfig = {
  ...DEFAULT_EFFORT_TASK_CONFIG,
  calibration: { rounds: 2, durationMs: 1000, reference: 'max' },
  levels: [0.35, 0.5, 0.65, 0.8].map((rateFraction) => ({ rateFraction, durationMs: 2000 })),
  rewards: [2, 5],
  blocks: 2,
  practiceMaxAttempts: 2,
};
const device = { screenWidthPx: 1024, screenHeightPx: 768, pointer: 'coarse', userAgent: 'test' } as const;

function fresh(config: EffortTaskConfig = SHORT): EffortTaskRecord {
  return createEffortTaskRecord({ seed: 2024, startedAt: 1000, device, config });
}

function apply(record: EffortTaskRecord, ...events: EffortTaskEvent[]): EffortTaskRecord {
  return events.reduce((r, event) => {
    const next = applyEffortTaskEvent(r, event);
    if (!next.ok) throw new Error(`${event.type}: ${next.error}`);
    return next.value;
  }, record);
}

/** 10 taps in 1 s: 10 taps/s → 2 s windows need 7, 10, 13, 16 taps. */
const calibrate = (r: EffortTaskRecord) =>
  apply(r, { type: 'calibration-round', taps: 8, durationMs: 1000, startedAt: 2000 }, { type: 'calibration-round', taps: 10, durationMs: 1000, startedAt: 4000 });
const practise = (r: EffortTaskRecord) =>
  apply(r, ...([1, 2, 3, 4] as const).map((effort): EffortTaskEvent => ({ type: 'practice-attempt', effort, taps: 20, startedAt: 5000, endedAt: 7000 })));
const check = (r: EffortTaskRecord) =>
  apply(r, { type: 'comprehension-answer', question: 'reject-outcome', answer: 'one-point', at: 8000 }, { type: 'comprehension-answer', question: 'failure-outcome', answer: 'nothing', at: 9000 });

/** Plays the next trial: accept with `taps`, or reject with null. */
function play(r: EffortTaskRecord, taps: number | null): EffortTaskRecord {
  const step = nextStep(r);
  if (step.kind === 'block-break') return play(apply(r, { type: 'break-end', afterBlock: step.afterBlock, shownAt: 1, endedAt: 2 }), taps);
  if (step.kind !== 'trial') throw new Error(`not at a trial: ${step.kind}`);
  const { index } = step.offer;
  return apply(
    r,
    { type: 'choice', index, accepted: taps !== null, offerShownAt: 10_000, choiceAt: 11_250 },
    { type: 'effort-end', index, taps, effortStartAt: 11_400, effortEndAt: 13_400 },
  );
}

describe('nextStep and applyEffortTaskEvent', () => {
  it('starts with the first calibration round', () => {
    expect(nextStep(fresh())).toEqual({ kind: 'calibration', round: 1, rounds: 2, attempt: 0 });
  });

  it('stores the reference rate once the rounds are complete, then practises level 1', () => {
    const r = calibrate(fresh());
    expect(r.calibration.ratePerSecond).toBe(10);
    expect(nextStep(r)).toEqual({ kind: 'practice', effort: 1, attempt: 1, requirement: { tapsRequired: 7, durationMs: 2000 } });
  });

  it('offers a restart after a calibration without taps, and starts the rounds again', () => {
    let r = apply(fresh(), { type: 'calibration-round', taps: 0, durationMs: 1000, startedAt: 1 }, { type: 'calibration-round', taps: 0, durationMs: 1000, startedAt: 2 });
    expect(nextStep(r)).toEqual({ kind: 'calibration-failed', error: 'no-taps' });
    expect(applyEffortTaskEvent(r, { type: 'practice-attempt', effort: 1, taps: 5, startedAt: 1, endedAt: 2 })).toEqual({ ok: false, error: 'out-of-order' });
    r = apply(r, { type: 'calibration-restart' });
    expect(nextStep(r)).toEqual({ kind: 'calibration', round: 1, rounds: 2, attempt: 1 });
    r = calibrate(r);
    expect(r.calibration.rounds).toHaveLength(4);
    expect(r.calibration.ratePerSecond).toBe(10);
  });

  it('repeats a failed practice level, and moves on after the allowed failures, recording them', () => {
    let r = calibrate(fresh());
    r = apply(r, { type: 'practice-attempt', effort: 1, taps: 6, startedAt: 1, endedAt: 2 });
    expect(r.practice[0]).toMatchObject({ effort: 1, attempt: 1, tapsRequired: 7, tapsAchieved: 6, success: false });
    expect(nextStep(r)).toMatchObject({ kind: 'practice', effort: 1, attempt: 2 });
    r = apply(r, { type: 'practice-attempt', effort: 1, taps: 3, startedAt: 3, endedAt: 4 });
    expect(nextStep(r)).toMatchObject({ kind: 'practice', effort: 2, attempt: 1 });
    expect(r.practice.filter((p) => p.effort === 1).every((p) => !p.success)).toBe(true);
  });

  it('asks a wrongly answered question again, flagged as a retry', () => {
    let r = practise(calibrate(fresh()));
    expect(nextStep(r)).toEqual({ kind: 'comprehension', question: 'reject-outcome', retry: false });
    r = apply(r, { type: 'comprehension-answer', question: 'reject-outcome', answer: 'nothing', at: 1 });
    expect(r.comprehension[0]?.correct).toBe(false);
    expect(nextStep(r)).toEqual({ kind: 'comprehension', question: 'reject-outcome', retry: true });
    r = apply(r, { type: 'comprehension-answer', question: 'reject-outcome', answer: 'one-point', at: 2 });
    expect(nextStep(r)).toEqual({ kind: 'comprehension', question: 'failure-outcome', retry: false });
  });

  it('runs the main task in schedule order with a break between blocks, then completes', () => {
    let r = check(practise(calibrate(fresh())));
    const first = nextStep(r);
    expect(first).toMatchObject({ kind: 'trial', offer: { index: 0, block: 1, ...r.schedule[0] } });
    for (let i = 0; i < 8; i += 1) r = play(r, i % 2 === 0 ? 100 : null);
    expect(nextStep(r)).toEqual({ kind: 'block-break', afterBlock: 1, blocks: 2 });
    r = apply(r, { type: 'break-end', afterBlock: 1, shownAt: 20_000, endedAt: 26_000 });
    expect(nextStep(r)).toMatchObject({ kind: 'trial', offer: { index: 8, block: 2 } });
    for (let i = 8; i < 16; i += 1) r = play(r, 0);
    expect(nextStep(r)).toEqual({ kind: 'done' });
    expect(r.outcome).toEqual({ status: 'completed', at: 13_400 });
    expect(applyEffortTaskEvent(r, { type: 'skip', reason: 'other', at: 1 })).toEqual({ ok: false, error: 'finished' });
    expect(effortTaskRecordSchema.safeParse(JSON.parse(JSON.stringify(r))).success).toBe(true);
  });

  it('records each trial with its choice, timing, taps and points', () => {
    let r = check(practise(calibrate(fresh())));
    r = play(r, 100);
    r = play(r, null);
    const [accepted, rejected] = r.trials;
    expect(accepted).toMatchObject({ index: 0, block: 1, accepted: true, decisionMs: 1250, success: true, tapsAchieved: 100, points: accepted?.reward });
    expect(accepted).toMatchObject({ offerShownAt: 10_000, choiceAt: 11_250, effortStartAt: 11_400, effortEndAt: 13_400 });
    expect(rejected).toMatchObject({ index: 1, accepted: false, success: null, tapsAchieved: null, points: 1 });
    expect(rejected?.tapsRequired).toBe({ 1: 7, 2: 10, 3: 13, 4: 16 }[rejected?.effort ?? 1]);
    expect(totalPoints(r)).toBe((accepted?.reward ?? 0) + 1);
    expect(trialsForModel(r)).toEqual(r.trials.map((t) => ({ reward: t.reward, effort: t.effort, accepted: t.accepted })));
  });

  it('wins nothing when an accepted effort falls short', () => {
    const r = play(check(practise(calibrate(fresh()))), 0);
    expect(r.trials[0]).toMatchObject({ accepted: true, success: false, points: 0 });
  });

  it('rejects an effort end that does not match the choice, and events for another trial', () => {
    const r = check(practise(calibrate(fresh())));
    expect(applyEffortTaskEvent(r, { type: 'effort-end', index: 0, taps: 3, effortStartAt: 1, effortEndAt: 2 })).toEqual({ ok: false, error: 'out-of-order' });
    expect(applyEffortTaskEvent(r, { type: 'choice', index: 1, accepted: true, offerShownAt: 1, choiceAt: 2 })).toEqual({ ok: false, error: 'out-of-order' });
    const chose = apply(r, { type: 'choice', index: 0, accepted: false, offerShownAt: 1, choiceAt: 2 });
    expect(applyEffortTaskEvent(chose, { type: 'effort-end', index: 0, taps: 5, effortStartAt: 2, effortEndAt: 3 })).toEqual({ ok: false, error: 'invalid' });
  });
});

describe('resume', () => {
  const stages: [string, (r: EffortTaskRecord) => EffortTaskRecord, string][] = [
    ['mid-calibration', (r) => apply(r, { type: 'calibration-round', taps: 9, durationMs: 1000, startedAt: 1 }), 'calibration'],
    ['after calibration', calibrate, 'practice'],
    ['after practice', (r) => practise(calibrate(r)), 'comprehension'],
    ['after the check', (r) => check(practise(calibrate(r))), 'trial'],
    ['after three trials', (r) => play(play(play(check(practise(calibrate(r))), 1), null), 50), 'trial'],
  ];

  it.each(stages)('continues %s from a stored copy of the record', (_name, reach, kind) => {
    const record = reach(fresh());
    const restored = effortTaskRecordSchema.parse(JSON.parse(JSON.stringify(record)));
    expect(restored).toEqual(record);
    expect(nextStep(restored).kind).toBe(kind);
    expect(nextStep(restored)).toEqual(nextStep(record));
  });

  it('offers a trial interrupted mid-effort again and keeps the unfinished choice', () => {
    const ready = check(practise(calibrate(fresh())));
    const interrupted = apply(ready, { type: 'choice', index: 0, accepted: true, offerShownAt: 1, choiceAt: 2 });
    expect(nextStep(interrupted)).toEqual(nextStep(ready));
    const redone = play(interrupted, 100);
    expect(redone.abandonedChoices).toEqual([{ index: 0, accepted: true, offerShownAt: 1, choiceAt: 2 }]);
    expect(redone.trials).toHaveLength(1);
    expect(redone.pendingChoice).toBeNull();
  });

  it('refuses a stored record whose trials do not follow its schedule', () => {
    const r = play(check(practise(calibrate(fresh()))), 100);
    const tampered = { ...r, trials: r.trials.map((t) => ({ ...t, reward: t.reward === 2 ? 5 : 2 })) };
    expect(effortTaskRecordSchema.safeParse(tampered).success).toBe(false);
  });

  it('refuses a stored calibration rate that its rounds do not give', () => {
    const r = calibrate(fresh());
    expect(effortTaskRecordSchema.safeParse({ ...r, calibration: { ...r.calibration, ratePerSecond: 12 } }).success).toBe(false);
  });
});

describe('skip', () => {
  it.each([
    ['calibration', (r: EffortTaskRecord) => r],
    ['practice', calibrate],
    ['comprehension', (r: EffortTaskRecord) => practise(calibrate(r))],
    ['main', (r: EffortTaskRecord) => play(check(practise(calibrate(r))), 10)],
  ] as const)('ends the task in the %s phase with the reason given', (phase, reach) => {
    const r = apply(reach(fresh()), { type: 'skip', reason: 'cannot-tap', at: 50_000 });
    expect(r.outcome).toEqual({ status: 'skipped', at: 50_000, phase, reason: 'cannot-tap' });
    expect(nextStep(r)).toEqual({ kind: 'skipped' });
    expect(applyEffortTaskEvent(r, { type: 'calibration-round', taps: 5, durationMs: 1000, startedAt: 1 })).toEqual({ ok: false, error: 'finished' });
    expect(effortTaskRecordSchema.safeParse(r).success).toBe(true);
  });

  it('keeps a choice whose effort was cut short by the skip, and infers no trial from it', () => {
    const ready = check(practise(calibrate(fresh())));
    const r = apply(ready, { type: 'choice', index: 0, accepted: true, offerShownAt: 1, choiceAt: 2 }, { type: 'skip', reason: 'declined', at: 3 });
    expect(r.trials).toEqual([]);
    expect(r.pendingChoice).toBeNull();
    expect(r.abandonedChoices).toHaveLength(1);
    expect(trialsForModel(r)).toEqual([]);
  });
});

describe('createEffortTaskRecord', () => {
  it('refuses a config outside the schema and a seed that is not an unsigned 32-bit integer', () => {
    expect(() => createEffortTaskRecord({ seed: 1, startedAt: 0, device, config: { ...SHORT, blocks: 0 } })).toThrow();
    expect(() => createEffortTaskRecord({ seed: -1, startedAt: 0, device })).toThrow();
    expect(() => createEffortTaskRecord({ seed: 1.5, startedAt: 0, device })).toThrow();
    expect(createEffortTaskRecord({ seed: 0xffffffff, startedAt: 0, device }).schedule).toHaveLength(64);
  });
});
