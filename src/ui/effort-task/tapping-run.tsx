import { useRef, useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { TapTarget } from './tap-target.tsx';
import { TimeBar } from './time-bar.tsx';
import { useTicker } from './use-ticker.ts';

/** Taps closer together than this are one tap reported twice (no finger taps at 30 per second). */
export const MIN_TAP_INTERVAL_MS = 30;

export type TappingRunResult = { readonly taps: number; readonly startedAt: number; readonly endedAt: number };

type Props = {
  readonly durationMs: number;
  /** The goal shown as a filling bar; null in calibration, where every tap simply counts. */
  readonly tapsRequired: number | null;
  /** The window starts at the first tap, or after this long without one. */
  readonly startGraceMs: number;
  readonly now: () => number;
  /** Called once: taps inside the window, and the window's start and end on the `now()` clock. */
  readonly onEnd: (result: TappingRunResult) => void;
};

/**
 * One tapping window: the tap target, a time bar and (with a goal) a bar filling toward the required taps.
 * Taps are counted only inside [start, start + duration), measured with `now()`, so a slow timer tick never
 * stretches the window. The live region speaks only at the start, when the goal is reached, never per tap.
 */
export function TappingRun({ durationMs, tapsRequired, startGraceMs, now, onEnd }: Props) {
  const t = useTranslate();
  const shownAt = useRef(now());
  const startedAt = useRef<number | null>(null);
  const lastTap = useRef<number | null>(null);
  const ended = useRef(false);
  const [taps, setTaps] = useState(0);
  const tapsRef = useRef(0);
  const [remaining, setRemaining] = useState(durationMs);

  const finish = (start: number) => {
    if (ended.current) return;
    ended.current = true;
    onEnd({ taps: tapsRef.current, startedAt: start, endedAt: start + durationMs });
  };

  useTicker(() => {
    const time = now();
    if (startedAt.current === null && time - shownAt.current >= startGraceMs) startedAt.current = shownAt.current + startGraceMs;
    if (startedAt.current === null) return;
    const left = startedAt.current + durationMs - time;
    setRemaining(left);
    if (left <= 0) finish(startedAt.current);
  }, true);

  const tap = () => {
    const time = now();
    if (ended.current) return;
    startedAt.current ??= time;
    if (time - startedAt.current >= durationMs) return;
    if (lastTap.current !== null && time - lastTap.current < MIN_TAP_INTERVAL_MS) return;
    lastTap.current = time;
    tapsRef.current += 1;
    setTaps(tapsRef.current);
  };

  const started = startedAt.current !== null;
  const reached = tapsRequired !== null && taps >= tapsRequired;
  const status = reached ? t('effort.run.goalReached') : started ? t('effort.run.go') : t('effort.run.getReady');
  return (
    <div className="effort-run">
      <p className="effort-status" role="status">
        {status}
      </p>
      <TimeBar remainingMs={remaining} durationMs={durationMs} />
      {tapsRequired === null ? (
        <p className="effort-count">{t('effort.run.taps', { taps })}</p>
      ) : (
        <div className="effort-meter">
          <span className="effort-meter-label">{t('effort.run.tapsOf', { taps, required: tapsRequired })}</span>
          <progress className="effort-taps-bar" max={tapsRequired} value={Math.min(taps, tapsRequired)} aria-label={t('effort.run.tapsLabel')} />
        </div>
      )}
      <TapTarget onTap={tap} />
    </div>
  );
}
