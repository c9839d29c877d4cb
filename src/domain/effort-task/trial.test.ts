import { describe, expect, it } from 'vitest';
import { DEFAULT_EFFORT_TASK_CONFIG } from './task-config.ts';
import { isEffortSuccessful, pointsForTrial, requiredTaps } from './trial.ts';

describe('requiredTaps', () => {
  it.each([
    [6, 0.35, 5000, 11], // 10.5 rounds up
    [6, 0.8, 5000, 24],
    [7, 0.5, 5000, 18], // 17.5
    [6.5, 0.9, 17_000, 99], // 99.45
    [0.1, 0.35, 5000, 1], // never below one tap
  ])('asks %f taps/s × %f × %i ms → %i taps', (rate, fraction, durationMs, expected) => {
    expect(requiredTaps(rate, { rateFraction: fraction, durationMs })).toBe(expected);
  });
});

describe('isEffortSuccessful', () => {
  it('succeeds when the taps reach the requirement, and only then', () => {
    expect(isEffortSuccessful(11, 11)).toBe(true);
    expect(isEffortSuccessful(12, 11)).toBe(true);
    expect(isEffortSuccessful(10, 11)).toBe(false);
  });
});

describe('pointsForTrial', () => {
  it('pays the reward for a done effort, nothing for a failed one and the reject reward for a rejection', () => {
    expect(pointsForTrial(DEFAULT_EFFORT_TASK_CONFIG, { accepted: true, success: true, reward: 4 })).toBe(4);
    expect(pointsForTrial(DEFAULT_EFFORT_TASK_CONFIG, { accepted: true, success: false, reward: 4 })).toBe(0);
    expect(pointsForTrial(DEFAULT_EFFORT_TASK_CONFIG, { accepted: false, success: null, reward: 4 })).toBe(1);
  });
});
