import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_TAP_INTERVAL_MS, TappingRun } from './tapping-run.tsx';

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

function renderRun(tapsRequired: number | null = 5) {
  const onEnd = vi.fn();
  render(<TappingRun durationMs={1000} tapsRequired={tapsRequired} startGraceMs={2000} now={() => Date.now()} onEnd={onEnd} />);
  return { onEnd, target: screen.getByRole('button', { name: 'Tap here' }) };
}

describe('TappingRun', () => {
  it('counts primary pointer downs and Space/Enter presses, not clicks, second fingers, duplicates or auto-repeat', () => {
    const { onEnd, target } = renderRun();
    expect(document.activeElement).toBe(target);
    fireEvent.pointerDown(target, { isPrimary: true }); // 1, starts the window
    advance(100);
    fireEvent.pointerDown(target, { isPrimary: false }); // a second finger
    advance(50);
    fireEvent.click(target);
    advance(50);
    fireEvent.pointerDown(target, { isPrimary: true }); // 2
    advance(MIN_TAP_INTERVAL_MS - 10);
    fireEvent.pointerDown(target, { isPrimary: true }); // the same tap reported twice
    advance(100);
    fireEvent.keyDown(target, { key: ' ' }); // 3
    advance(100);
    fireEvent.keyDown(target, { key: 'Enter', repeat: true }); // held key
    fireEvent.keyDown(target, { key: 'a' });
    advance(100);
    fireEvent.keyDown(target, { key: 'Enter' }); // 4
    expect(screen.getByText('4 of 5 taps')).toBeTruthy();
    expect(onEnd).not.toHaveBeenCalled();
    advance(900);
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(onEnd).toHaveBeenCalledWith({ taps: 4, startedAt: 1_000_000, endedAt: 1_001_000 });
  });

  it('starts the window at the first tap, not when shown, and ignores taps after it closes', () => {
    const { onEnd, target } = renderRun();
    expect(screen.getByRole('status').textContent).toBe('Start tapping when you are ready.');
    advance(1500);
    fireEvent.pointerDown(target, { isPrimary: true });
    expect(screen.getByRole('status').textContent).toBe('Go! Keep tapping.');
    advance(995);
    fireEvent.pointerDown(target, { isPrimary: true });
    advance(5);
    fireEvent.pointerDown(target, { isPrimary: true }); // exactly at the end: outside
    advance(200);
    expect(onEnd).toHaveBeenCalledWith({ taps: 2, startedAt: 1_001_500, endedAt: 1_002_500 });
  });

  it('starts the window after the grace time when nobody taps, and ends with no taps', () => {
    const { onEnd } = renderRun(null);
    advance(2000 + 900);
    expect(onEnd).not.toHaveBeenCalled();
    advance(200);
    expect(onEnd).toHaveBeenCalledWith({ taps: 0, startedAt: 1_002_000, endedAt: 1_003_000 });
    expect(screen.getByText('0 taps')).toBeTruthy();
  });

  it('says once that the goal is reached', () => {
    const { target } = renderRun(2);
    fireEvent.pointerDown(target, { isPrimary: true });
    advance(100);
    fireEvent.pointerDown(target, { isPrimary: true });
    expect(screen.getByRole('status').textContent).toBe('Enough taps. Well done!');
    expect(screen.getByRole('progressbar', { name: 'Taps' }).getAttribute('value')).toBe('2');
  });
});
