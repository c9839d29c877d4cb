import { err, ok, type Result } from '../result.ts';
import { rewardTaskTrials } from './task-config.ts';
import type { RewardSkipReason, RewardTaskRecord } from './task-record.ts';
import { isRewarded, nextRewardStep, rewardPhaseOf } from './task-progress.ts';
import type { Mouth } from './task-schedule.ts';

/** What the display did for the mouth of one trial (see `displaySchema` in task-record.ts). */
export type MouthDisplay = { readonly frames: number; readonly shownMs: number; readonly frameMs: number | null };

/**
 * What can happen in the task; `applyRewardTaskEvent` appends each to the record. An `answer` carries the index of the
 * practice or main trial it answers, so a late or doubled tap cannot land on the wrong trial.
 */
export type RewardTaskEvent =
  | { readonly type: 'answer'; readonly phase: 'practice' | 'main'; readonly index: number; readonly response: Mouth; readonly rtMs: number; readonly display: MouthDisplay; readonly at: number }
  | { readonly type: 'break-end'; readonly afterBlock: number; readonly shownAt: number; readonly endedAt: number }
  | { readonly type: 'skip'; readonly reason: RewardSkipReason; readonly at: number };

/** Why an event was not applied: the task has ended, the event is not for the current step, or its values are impossible. */
export type RewardTaskEventError = 'finished' | 'out-of-order' | 'invalid';

const epoch = (t: number) => Math.max(0, Math.round(t));
const tenth = (t: number) => Math.round(t * 10) / 10;

/** The record with `event` appended, or why it does not fit. Never changes its input. */
export function applyRewardTaskEvent(record: RewardTaskRecord, event: RewardTaskEvent): Result<RewardTaskRecord, RewardTaskEventError> {
  const step = nextRewardStep(record);
  if (step.kind === 'done' || step.kind === 'skipped') return err('finished');
  switch (event.type) {
    case 'skip': {
      const phase = rewardPhaseOf(record.practice.length === 0 && record.trials.length === 0 ? { kind: 'instructions' } : step);
      return phase ? ok({ ...record, outcome: { status: 'skipped', at: epoch(event.at), phase, reason: event.reason } }) : err('finished');
    }
    case 'break-end':
      if (step.kind !== 'block-break' || step.afterBlock !== event.afterBlock) return err('out-of-order');
      return ok({ ...record, breaks: [...record.breaks, { afterBlock: event.afterBlock, shownAt: epoch(event.shownAt), endedAt: epoch(event.endedAt) }] });
    case 'answer': {
      if (!(event.rtMs >= 0) || !(event.display.frames >= 1) || !(event.display.shownMs >= 0)) return err('invalid');
      const display = { frames: Math.round(event.display.frames), shownMs: tenth(event.display.shownMs), frameMs: event.display.frameMs === null ? null : tenth(event.display.frameMs) };
      const answer = { index: event.index, response: event.response, rtMs: tenth(event.rtMs), display, at: epoch(event.at) };
      if (event.phase === 'practice') {
        if (step.kind !== 'practice' || step.index !== event.index) return err('out-of-order');
        return ok({ ...record, practice: [...record.practice, { ...answer, mouth: step.mouth }] });
      }
      if (step.kind !== 'trial' || step.index !== event.index) return err('out-of-order');
      const correct = event.response === step.mouth;
      const trial = { ...answer, mouth: step.mouth, block: step.block, correct, rewarded: isRewarded(record, event.index, correct) };
      const trials = [...record.trials, trial];
      const completed = trials.length >= rewardTaskTrials(record.config);
      return ok({ ...record, trials, outcome: completed ? { status: 'completed', at: epoch(event.at) } : record.outcome });
    }
  }
}
