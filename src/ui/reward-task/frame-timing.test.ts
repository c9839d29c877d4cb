import { describe, expect, it } from 'vitest';
import { framesFor, isDue, medianFrameInterval } from './frame-timing.ts';

const stamps = (count: number, every: number, from = 1000) => Array.from({ length: count }, (_, i) => from + i * every);

describe('the frame interval', () => {
  it('is the median of the deltas, so one dropped frame does not change it', () => {
    expect(medianFrameInterval([0, 16, 32, 48, 80, 96])).toBe(16);
  });

  it('averages the two middle deltas when their number is even', () => {
    expect(medianFrameInterval([0, 10, 30])).toBe(15);
  });

  it('is unmeasurable with fewer than three timestamps', () => {
    expect(medianFrameInterval([])).toBeNull();
    expect(medianFrameInterval([5, 21])).toBeNull();
    expect(medianFrameInterval([5, 5, 5])).toBeNull();
  });
});

describe('the frames a mouth is shown for', () => {
  it.each([
    [1000 / 60, 6],
    [1000 / 120, 12],
    [1000 / 30, 3],
    [1000 / 90, 9],
    [null, 6],
  ])('at %s ms per frame, 100 ms is %i frames', (frameMs, frames) => {
    expect(framesFor(100, frameMs)).toBe(frames);
    if (frameMs !== null) expect(framesFor(100, medianFrameInterval(stamps(30, frameMs)))).toBe(frames);
  });

  it('is at least one frame', () => {
    expect(framesFor(10, 1000 / 30)).toBe(1);
  });
});

describe('the end of a timed period', () => {
  it('falls on the frame nearest to it', () => {
    expect(isDue(483.3, 500, 1000 / 60)).toBe(false);
    expect(isDue(500 - 1000 / 60 / 2, 500, 1000 / 60)).toBe(true);
    expect(isDue(0, 0, null)).toBe(true);
  });
});
