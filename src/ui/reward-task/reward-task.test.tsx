import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REWARD_TASK_CONFIG, type RewardTaskConfig } from '../../domain/prt/task-config.ts';
import { applyRewardTaskEvent, type RewardTaskEvent } from '../../domain/prt/task-events.ts';
import { createRewardTaskRecord, rewardTaskRecordSchema, type RewardTaskRecord } from '../../domain/prt/task-record.ts';
import type { Mouth } from '../../domain/prt/task-schedule.ts';
import { loadMessages } from '../../i18n/translate.ts';
import { RewardTask } from './reward-task.tsx';

/** 2 blocks of 10 trials, 2 practice trials, short fixation and face so a walk-through needs few frames. */
const SMALL: RewardTaskConfig = {
  ...DEFAULT_REWARD_TASK_CONFIG,
  blocks: 2,
  trialsPerBlock: 10,
  richRewardsPerBlock: 3,
  leanRewardsPerBlock: 1,
  practiceTrials: 2,
  fixationMs: 100,
  faceMs: 100,
  stimulusMs: 100,
  feedbackMs: 1000,
  rewardPoints: 5,
};
const device = { screenWidthPx: 768, screenHeightPx: 1024, pointer: 'coarse', userAgent: 'test' } as const;
const fresh = () => createRewardTaskRecord({ seed: 11, startedAt: 1_000_000, device, config: SMALL });

/** A requestAnimationFrame that runs only when `frame()` says, on a clock that `performance.now()` reads too. */
let clock = 0;
let frameMs = 1000 / 60;
const queued = new Map<number, FrameRequestCallback>();
let nextId = 1;

beforeAll(async () => {
  await loadMessages('reward');
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(1_000_000);
  clock = 5000;
  frameMs = 1000 / 60;
  queued.clear();
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    nextId += 1;
    queued.set(nextId, callback);
    return nextId;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => queued.delete(id));
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function frame(count = 1) {
  for (let i = 0; i < count; i += 1) {
    clock += frameMs;
    const callbacks = [...queued.values()];
    queued.clear();
    act(() => callbacks.forEach((callback) => callback(clock)));
  }
}
const advance = (ms: number) => {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
};
const button = (name: string | RegExp) => screen.getByRole('button', { name });
const heading = () => screen.getByRole('heading', { level: 2 }).textContent;
const label = (mouth: Mouth) => (mouth === 'short' ? 'Short mouth' : 'Long mouth');
const mouthShown = () => document.querySelector('.reward-mouth')?.getAttribute('visibility') === 'visible';
const answerable = () => button('Short mouth').getAttribute('aria-disabled') === 'false';
const tap = (mouth: Mouth) => fireEvent.pointerDown(button(label(mouth)), { isPrimary: true, button: 0 });
const WON = 'Correct! You won 5 points';

/** Runs frames until the mouth is drawn; returns how many it took. */
function untilMouth(): number {
  for (let n = 1; n <= 500; n += 1) {
    frame();
    if (answerable()) return n;
  }
  throw new Error('the mouth never appeared');
}
/** Runs frames until the mouth is removed; returns how many frames it stayed. */
function untilMouthGone(): number {
  for (let n = 1; n <= 500; n += 1) {
    frame();
    if (!mouthShown()) return n;
  }
  throw new Error('the mouth never went');
}
/** A whole trial: mouth, its removal, `after` more frames, then the tap. */
function answerTrial(response: Mouth, after = 12) {
  untilMouth();
  untilMouthGone();
  frame(after);
  tap(response);
}

function renderTask(initial: RewardTaskRecord) {
  const saved: RewardTaskRecord[] = [];
  const onDone = vi.fn();
  function Harness() {
    const [record, setRecord] = useState(initial);
    return (
      <RewardTask
        record={record}
        onChange={(next) => {
          saved.push(next);
          setRecord(next);
        }}
        onDone={onDone}
        now={() => Date.now()}
      />
    );
  }
  render(<Harness />);
  return { saved, onDone };
}

function applyAll(record: RewardTaskRecord, events: readonly RewardTaskEvent[]): RewardTaskRecord {
  return events.reduce((current, event) => {
    const result = applyRewardTaskEvent(current, event);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }, record);
}
const display = { frames: 6, shownMs: 100, frameMs: 16.7 };

describe('RewardTask', () => {
  it('runs the instructions, the practice, both blocks with a rest between them and the end, saving every answer', () => {
    const { saved, onDone } = renderTask(fresh());
    expect(heading()).toBe('The face game');
    expect(screen.getByText('Tap “Short mouth” or “Long mouth”', { exact: false })).toBeTruthy();
    expect(screen.getAllByRole('figure')).toHaveLength(2);
    expect(screen.getByText('Short mouth', { selector: 'figcaption' })).toBeTruthy();
    fireEvent.click(button('Start'));

    const practice = fresh().practiceMouths;
    expect(screen.getByText('Practice: 1 of 2')).toBeTruthy();
    expect(answerable()).toBe(false);
    answerTrial(practice[0] ?? 'short');
    expect(saved).toHaveLength(1);
    expect(saved[0]?.practice[0]).toMatchObject({ index: 0, response: practice[0], display: { frames: 6, shownMs: 100, frameMs: 16.7 } });
    expect(saved[0]?.practice[0]?.rtMs).toBeCloseTo(300, 0);
    expect(screen.queryByText(WON)).toBeNull();
    expect(screen.getByText('Practice: 2 of 2')).toBeTruthy();
    answerTrial(practice[1] === 'short' ? 'long' : 'short');
    expect(saved[1]?.practice[1]).toMatchObject({ index: 1, response: practice[1] === 'short' ? 'long' : 'short' });

    expect(heading()).toBe('Practice done');
    fireEvent.click(button('Start'));
    const { schedule } = fresh();
    for (let i = 0; i < 20; i += 1) {
      if (i === 10) {
        expect(heading()).toBe('Time for a rest');
        expect(screen.getByText('Block 1 of 2 done. Rest a moment, then tap Continue.')).toBeTruthy();
        advance(5000);
        fireEvent.click(button('Continue'));
        // Ten feedbacks of 1 s before the rest, then a 5-s rest.
        expect(saved.at(-1)?.breaks).toEqual([{ afterBlock: 1, shownAt: 1_010_000, endedAt: 1_015_000 }]);
      }
      const planned = schedule[i];
      answerTrial(planned?.mouth ?? 'short');
      const trial = saved.at(-1)?.trials.at(-1);
      expect(trial).toMatchObject({ index: i, response: planned?.mouth, correct: true, block: i < 10 ? 1 : 2, display: { frames: 6 } });
      // All answers correct, so nothing carries over: exactly the scheduled trials win.
      expect(trial?.rewarded).toBe(planned?.scheduledReward);
      if (planned?.scheduledReward) expect(screen.getByText(WON)).toBeTruthy();
      else expect(screen.queryByText(WON)).toBeNull();
      advance(1000);
    }
    const rewarded = schedule.filter((s) => s.scheduledReward).length;
    expect(heading()).toBe('All done. Thank you!');
    expect(screen.getByText(`You won ${String(rewarded * 5)} points in total.`)).toBeTruthy();
    const last = saved.at(-1);
    expect(last?.outcome.status).toBe('completed');
    expect(rewardTaskRecordSchema.safeParse(last).success).toBe(true);
    fireEvent.click(button('Finish'));
    expect(onDone).toHaveBeenCalledOnce();
  });

  it('shows the mouth for its frames only, ignores taps before it, and keeps the running points in the corner', () => {
    const started = applyAll(fresh(), [0, 1].map((index) => ({ type: 'answer', phase: 'practice', index, response: 'short', rtMs: 400, display, at: 1_000_000 })));
    const { saved } = renderTask(started);
    fireEvent.click(button('Start'));
    expect(screen.getByText('Points: 0', { selector: '.reward-points' })).toBeTruthy();
    frame(3);
    tap('short');
    fireEvent.click(button('Long mouth'));
    expect(saved).toHaveLength(0);
    expect(mouthShown()).toBe(false);
    untilMouth();
    expect(mouthShown()).toBe(true);
    expect(untilMouthGone()).toBe(6);
    const first = started.schedule[0];
    tap(first?.mouth ?? 'short');
    expect(saved).toHaveLength(1);
    if (first?.scheduledReward) expect(screen.getByText('Points: 5', { selector: '.reward-points' })).toBeTruthy();
  });

  it('takes a tap while the mouth shows, and saves it once the mouth has had all its frames', () => {
    const { saved } = renderTask(fresh());
    fireEvent.click(button('Start'));
    untilMouth();
    frame(2);
    tap('long');
    tap('short');
    expect(saved).toHaveLength(0);
    expect(answerable()).toBe(false);
    frame(4);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.practice[0]).toMatchObject({ response: 'long', display: { frames: 6, shownMs: 100 } });
    expect(saved[0]?.practice[0]?.rtMs).toBeCloseTo(33.3, 1);
  });

  it.each([
    [120, 12, 100],
    [60, 6, 100],
    [30, 3, 100],
  ])('at %i Hz shows the 100 ms mouth for %i frames', (hz, frames, shownMs) => {
    frameMs = 1000 / hz;
    const { saved } = renderTask(fresh());
    fireEvent.click(button('Start'));
    untilMouth();
    expect(untilMouthGone()).toBe(frames);
    tap('short');
    expect(saved[0]?.practice[0]?.display).toEqual({ frames, shownMs, frameMs: Math.round(10_000 / hz) / 10 });
  });

  it('answers from the keyboard on click, and counts a tap and its click once', () => {
    const { saved } = renderTask(fresh());
    fireEvent.click(button('Start'));
    untilMouth();
    untilMouthGone();
    fireEvent.pointerDown(button('Short mouth'), { isPrimary: true, button: 0 });
    fireEvent.click(button('Short mouth'), { detail: 1 });
    expect(saved).toHaveLength(1);
    untilMouth();
    untilMouthGone();
    fireEvent.click(button('Long mouth'), { detail: 1 });
    expect(saved).toHaveLength(1);
    fireEvent.click(button('Long mouth'));
    expect(saved).toHaveLength(2);
    expect(saved[1]?.practice.map((p) => p.response)).toEqual(['short', 'long']);
  });

  it('records the reason when the patient stops, and ends with a Finish button', () => {
    const { saved, onDone } = renderTask(fresh());
    fireEvent.click(button('Start'));
    untilMouth();
    fireEvent.click(button('I can’t do this task'));
    expect(heading()).toBe('Stop this task?');
    expect((button('Stop the task') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'I can’t see the face or the mouth well enough' }));
    fireEvent.click(button('Stop the task'));
    expect(saved.at(-1)?.outcome).toEqual({ status: 'skipped', at: 1_000_000, phase: 'instructions', reason: 'cannot-see' });
    expect(heading()).toBe('The task has stopped');
    fireEvent.click(button('Finish'));
    expect(onDone).toHaveBeenCalledOnce();
  });

  it('goes back to the trial it left when the patient does not stop after all', () => {
    const { saved } = renderTask(fresh());
    fireEvent.click(button('Start'));
    fireEvent.click(button('I can’t do this task'));
    fireEvent.click(button('Go back to the task'));
    expect(screen.getByText('Practice: 1 of 2')).toBeTruthy();
    answerTrial('short');
    expect(saved[0]?.practice[0]?.index).toBe(0);
  });

  it('goes from the instructions straight to the scored trials when the config has no practice', () => {
    const record = createRewardTaskRecord({ seed: 11, startedAt: 1_000_000, device, config: { ...SMALL, practiceTrials: 0 } });
    const { saved } = renderTask(record);
    expect(screen.queryByText('First you will practise', { exact: false })).toBeNull();
    fireEvent.click(button('Start'));
    expect(screen.queryByText(/Practice/)).toBeNull();
    answerTrial(record.schedule[0]?.mouth ?? 'short');
    expect(saved[0]?.trials[0]).toMatchObject({ index: 0, correct: true });
  });

  it('resumes a record saved mid-block at its next trial, with its points', () => {
    const base = fresh();
    const practice = [0, 1].map((index): RewardTaskEvent => ({ type: 'answer', phase: 'practice', index, response: 'short', rtMs: 400, display, at: 1_000_000 }));
    const trials = [0, 1, 2, 3].map((index): RewardTaskEvent => ({ type: 'answer', phase: 'main', index, response: base.schedule[index]?.mouth ?? 'short', rtMs: 400, display, at: 1_000_000 }));
    const midway = applyAll(base, [...practice, ...trials]);
    const points = midway.trials.filter((t) => t.rewarded).length * 5;
    const { saved } = renderTask(midway);
    expect(screen.queryByRole('heading', { level: 2 })).toBeNull();
    expect(screen.getByText(`Points: ${String(points)}`, { selector: '.reward-points' })).toBeTruthy();
    const wrong = base.schedule[4]?.mouth === 'short' ? 'long' : 'short';
    answerTrial(wrong);
    expect(saved[0]?.trials).toHaveLength(5);
    expect(saved[0]?.trials[4]).toMatchObject({ index: 4, response: wrong, correct: false, rewarded: false });
    expect(screen.queryByText(WON)).toBeNull();
    expect(document.querySelector('.reward-feedback')?.getAttribute('aria-live')).toBe('polite');
    advance(1000);
    expect(answerable()).toBe(false);
    untilMouth();
    expect(answerable()).toBe(true);
  });
});
