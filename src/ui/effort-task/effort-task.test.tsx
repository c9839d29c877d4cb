import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EFFORT_TASK_CONFIG, type EffortTaskConfig } from '../../domain/effort-task/task-config.ts';
import { applyEffortTaskEvent, type EffortTaskEvent } from '../../domain/effort-task/task-events.ts';
import { nextStep } from '../../domain/effort-task/task-progress.ts';
import { createEffortTaskRecord, effortTaskRecordSchema, type EffortTaskRecord } from '../../domain/effort-task/task-record.ts';
import { EffortTask } from './effort-task.tsx';

/** One 1-s calibration round, 1-s efforts, 4 offers (reward 5 at each effort) in each of 2 blocks. */
const SHORT: EffortTaskConfig = {
  ...DEFAULT_EFFORT_TASK_CONFIG,
  calibration: { rounds: 1, durationMs: 1000, reference: 'max' },
  levels: [0.35, 0.5, 0.65, 0.8].map((rateFraction) => ({ rateFraction, durationMs: 1000 })),
  rewards: [5],
  blocks: 2,
  practiceMaxAttempts: 1,
  offerLockMs: 500,
  feedbackMs: 300,
  startGraceMs: 500,
};
const device = { screenWidthPx: 1024, screenHeightPx: 768, pointer: 'coarse', userAgent: 'test' } as const;
const fresh = () => createEffortTaskRecord({ seed: 7, startedAt: 1_000_000, device, config: SHORT });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const advance = (ms: number) => {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
};
const button = (name: string | RegExp) => screen.getByRole('button', { name });
const heading = () => screen.getByRole('heading', { level: 2 }).textContent;

function renderTask(initial: EffortTaskRecord) {
  const saved: EffortTaskRecord[] = [];
  const onDone = vi.fn();
  function Harness() {
    const [record, setRecord] = useState(initial);
    return (
      <EffortTask
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

/** Taps the target `taps` times, 100 ms apart, then waits just until the 1-s window (or grace + window) closes. */
function tapRun(taps: number) {
  for (let i = 0; i < taps; i += 1) {
    fireEvent.pointerDown(button('Tap here'), { isPrimary: true });
    advance(100);
  }
  advance(taps > 0 ? 1100 - taps * 100 : 1600);
}

describe('EffortTask', () => {
  it('runs calibration, practice, the check and the trials, saving the record after every step', () => {
    const { saved, onDone } = renderTask(fresh());
    expect(heading()).toBe('Tap as fast as you can');
    fireEvent.click(button('Start'));
    tapRun(10); // 10 taps/s → efforts of 1 s need 4, 5, 7, 8 taps
    expect(saved).toHaveLength(1);
    expect(saved[0]?.calibration).toMatchObject({ rounds: [{ taps: 10, durationMs: 1000 }], ratePerSecond: 10 });

    expect(heading()).toBe('Practice: effort level 1');
    expect(screen.getByText('Effort 1 of 4')).toBeTruthy();
    fireEvent.click(button('Start'));
    tapRun(4);
    expect(screen.getByText('Well done!', { selector: '.effort-feedback-message' })).toBeTruthy();
    fireEvent.click(button('Start'));
    tapRun(1); // fails level 2; one attempt allowed, so on to level 3
    expect(screen.getByText('That one was hard. Let’s try the next level.', { selector: '.effort-feedback-message' })).toBeTruthy();
    expect(heading()).toBe('Practice: effort level 3');
    fireEvent.click(button('Start'));
    tapRun(7);
    fireEvent.click(button('Start'));
    tapRun(8);
    expect(saved.at(-1)?.practice.map((p) => p.success)).toEqual([true, false, true, true]);

    expect(heading()).toBe('How the game works');
    fireEvent.click(button('Next'));
    expect(heading()).toBe('If you say no to an offer, what do you get?');
    fireEvent.click(button('No points'));
    expect(screen.getByText('Not quite. If you say no, you wait a few seconds and always get 1 point.', { selector: '.effort-explain' })).toBeTruthy();
    expect(heading()).toBe('If you say no to an offer, what do you get?');
    fireEvent.click(button('1 point'));
    fireEvent.click(button('No points'));
    expect(saved.at(-1)?.comprehension.map((a) => a.correct)).toEqual([false, true, true]);

    expect(heading()).toBe('Ready to play');
    fireEvent.click(button('Start'));
    expect(heading()).toBe('Offer 1 of 8');
    const accept = button('Yes: tap for 5 points');
    expect((accept as HTMLButtonElement).disabled).toBe(true);
    advance(500);
    fireEvent.click(accept);
    expect(saved.at(-1)?.pendingChoice).toMatchObject({ index: 0, accepted: true });
    tapRun(10);
    expect(screen.getByText('Well done! You win 5 points.', { selector: '.effort-feedback-message' })).toBeTruthy();
    expect(screen.getByText('Points: 5', { selector: '.effort-points' })).toBeTruthy();
    advance(300);

    expect(heading()).toBe('Offer 2 of 8');
    advance(500);
    fireEvent.click(button('No: wait for 1 point'));
    expect(heading()).toBe('Please wait');
    advance(1100);
    expect(screen.getByText('You get 1 point.', { selector: '.effort-feedback-message' })).toBeTruthy();
    advance(300);
    for (let i = 2; i < 4; i += 1) {
      advance(500);
      fireEvent.click(button('Yes: tap for 5 points'));
      tapRun(0);
      advance(300);
    }
    expect(heading()).toBe('Time for a rest');
    expect(screen.getByText('Part 1 of 2 done.')).toBeTruthy();
    fireEvent.click(button('Continue'));
    for (let i = 4; i < 8; i += 1) {
      expect(heading()).toBe(`Offer ${String(i + 1)} of 8`);
      advance(500);
      fireEvent.click(button('No: wait for 1 point'));
      advance(1100);
      advance(300);
    }
    expect(heading()).toBe('All done. Thank you!');
    expect(screen.getByText('You won 10 points in total.')).toBeTruthy();
    fireEvent.click(button('Finish'));
    expect(onDone).toHaveBeenCalledTimes(1);

    // 1 round + 4 practice attempts + 3 answers + 8 × (choice + end) + 1 break.
    expect(saved).toHaveLength(25);
    const last = effortTaskRecordSchema.parse(JSON.parse(JSON.stringify(saved.at(-1))));
    expect(last.outcome.status).toBe('completed');
    expect(last.trials.map((t) => [t.accepted, t.success, t.points])).toEqual([
      [true, true, 5],
      [false, null, 1],
      [true, false, 0],
      [true, false, 0],
      [false, null, 1],
      [false, null, 1],
      [false, null, 1],
      [false, null, 1],
    ]);
    expect(last.trials[0]).toMatchObject({ tapsAchieved: 10, decisionMs: 500 });
    expect(last.breaks).toHaveLength(1);
  });

  it('stops only after a reason and a confirmation, and records the phase', () => {
    const { saved, onDone } = renderTask(fresh());
    fireEvent.click(button('I can’t do this task'));
    expect(heading()).toBe('Stop this task?');
    expect((button('Stop the task') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(button('Go back to the task'));
    expect(heading()).toBe('Tap as fast as you can');
    expect(saved).toHaveLength(0);

    fireEvent.click(button('I can’t do this task'));
    fireEvent.click(screen.getByRole('radio', { name: 'I can’t tap (hand, tremor or pain)' }));
    fireEvent.click(button('Stop the task'));
    expect(saved).toHaveLength(1);
    expect(saved[0]?.outcome).toEqual({ status: 'skipped', at: 1_000_000, phase: 'calibration', reason: 'cannot-tap' });
    expect(heading()).toBe('The task has stopped');
    expect(screen.queryByRole('button', { name: 'I can’t do this task' })).toBeNull();
    fireEvent.click(button('Finish'));
    expect(onDone).toHaveBeenCalled();
  });

  it('resumes a record mid-main-task at the next offer, offering an interrupted one again', () => {
    const apply = (r: EffortTaskRecord, event: EffortTaskEvent) => {
      const next = applyEffortTaskEvent(r, event);
      if (!next.ok) throw new Error(next.error);
      return next.value;
    };
    let record = apply(fresh(), { type: 'calibration-round', taps: 10, durationMs: 1000, startedAt: 1 });
    for (const effort of [1, 2, 3, 4] as const) record = apply(record, { type: 'practice-attempt', effort, taps: 9, startedAt: 2, endedAt: 3 });
    record = apply(record, { type: 'comprehension-answer', question: 'reject-outcome', answer: 'one-point', at: 4 });
    record = apply(record, { type: 'comprehension-answer', question: 'failure-outcome', answer: 'nothing', at: 5 });
    for (let index = 0; index < 2; index += 1) {
      record = apply(record, { type: 'choice', index, accepted: false, offerShownAt: 6, choiceAt: 7 });
      record = apply(record, { type: 'effort-end', index, taps: null, effortStartAt: 7, effortEndAt: 8 });
    }
    record = apply(record, { type: 'choice', index: 2, accepted: true, offerShownAt: 9, choiceAt: 10 });
    const restored = effortTaskRecordSchema.parse(JSON.parse(JSON.stringify(record)));
    expect(nextStep(restored)).toMatchObject({ kind: 'trial', offer: { index: 2 } });

    const { saved } = renderTask(restored);
    expect(heading()).toBe('Offer 3 of 8');
    expect(screen.getByText('Points: 2', { selector: '.effort-points' })).toBeTruthy();
    const offered = restored.schedule[2];
    expect(screen.getByText(`Effort ${String(offered?.effort)} of 4`)).toBeTruthy();
    advance(500);
    fireEvent.click(button('No: wait for 1 point'));
    expect(saved[0]?.abandonedChoices).toEqual([{ index: 2, accepted: true, offerShownAt: 9, choiceAt: 10 }]);
  });

  it('offers another calibration when no taps were counted', () => {
    const { saved } = renderTask(fresh());
    fireEvent.click(button('Start'));
    tapRun(0);
    expect(heading()).toBe('We could not count your taps');
    fireEvent.click(button('Try again'));
    expect(saved.at(-1)?.calibration.restarts).toBe(1);
    expect(heading()).toBe('Tap as fast as you can');
  });
});
