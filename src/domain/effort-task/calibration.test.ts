import { describe, expect, it } from 'vitest';
import { computeCalibration, roundRate } from './calibration.ts';
import { DEFAULT_EFFORT_TASK_CONFIG, MEHRHOF_NORD_2025_CONFIG } from './task-config.ts';

const rounds = (...taps: number[]) => taps.map((t) => ({ taps: t, durationMs: 5000 }));

describe('computeCalibration', () => {
  it('takes the fastest round as the reference rate by default (taps per second)', () => {
    expect(computeCalibration(rounds(30, 35, 32), DEFAULT_EFFORT_TASK_CONFIG)).toEqual({ ok: true, value: { ratePerSecond: 7 } });
  });

  it('takes the mean of the rounds after the first in the published design', () => {
    const result = computeCalibration(
      [{ taps: 40, durationMs: 10_000 }, { taps: 60, durationMs: 10_000 }, { taps: 70, durationMs: 10_000 }],
      MEHRHOF_NORD_2025_CONFIG,
    );
    expect(result).toEqual({ ok: true, value: { ratePerSecond: 6.5 } });
  });

  it('cannot calibrate from rounds without a single tap', () => {
    expect(computeCalibration(rounds(0, 0, 0), DEFAULT_EFFORT_TASK_CONFIG)).toEqual({ ok: false, error: 'no-taps' });
  });

  it('cannot calibrate when two effort levels would need the same number of taps', () => {
    // 1 tap/s over 5 s: 1.75, 2.5, 3.25, 4 → 2, 3, 3, 4 taps.
    expect(computeCalibration(rounds(5, 4, 5), DEFAULT_EFFORT_TASK_CONFIG)).toEqual({ ok: false, error: 'levels-not-distinct' });
    // 2 taps/s: 3.5, 5, 6.5, 8 → 4, 5, 7, 8 taps.
    expect(computeCalibration(rounds(10), DEFAULT_EFFORT_TASK_CONFIG).ok).toBe(true);
  });

  it('ignores a round of zero length instead of dividing by zero', () => {
    expect(roundRate({ taps: 5, durationMs: 0 })).toBe(0);
  });
});
