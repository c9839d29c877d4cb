import type { EffortTaskRecord } from '../../domain/effort-task/task-record.ts';
import type { EffortTaskEvent } from '../../domain/effort-task/task-events.ts';
import type { Translate } from '../../i18n/translate.ts';

/** Applies one event to the current record and reports it to the caller; false when it did not apply. */
export type DispatchEffortEvent = (event: EffortTaskEvent) => boolean;

/** How often timed screens look at the clock (ms). Timing itself comes from `now()`, not from the ticks. */
export const TICK_MS = 100;

/** "1 point" / "3 points" in the UI language. */
export function formatPoints(t: Translate, points: number): string {
  return points === 1 ? t('effort.points.one') : t('effort.points.other', { points });
}

/** What every phase screen gets from `EffortTask`. */
export type PhaseProps = {
  readonly record: EffortTaskRecord;
  readonly now: () => number;
  readonly dispatch: DispatchEffortEvent;
  /** Says a short outcome through the task's one polite live region. */
  readonly announce: (message: string) => void;
};
