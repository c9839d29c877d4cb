import { DEFAULT_EFFORT_TASK_CONFIG, type EffortTaskConfig } from '../../src/domain/effort-task/task-config.ts';
import { applyEffortTaskEvent, type EffortTaskEvent } from '../../src/domain/effort-task/task-events.ts';
import { nextStep } from '../../src/domain/effort-task/task-progress.ts';
import { createEffortTaskRecord, type EffortTaskRecord } from '../../src/domain/effort-task/task-record.ts';

export const TEST_DEVICE = { screenWidthPx: 1024, screenHeightPx: 768, pointer: 'coarse', userAgent: 'test' } as const;

function apply(record: EffortTaskRecord, event: EffortTaskEvent): EffortTaskRecord {
  const next = applyEffortTaskEvent(record, event);
  if (!next.ok) throw new Error(`${event.type}: ${next.error}`);
  return next.value;
}

/**
 * A whole effort task played through its events, as the touch UI would: calibration at 10 taps/s, every practice
 * passed, the check answered right, then each offer accepted when `accept(reward, effort)` says so (and the
 * effort always made). Returns the completed record.
 */
export function playEffortTask(accept: (reward: number, effort: number) => boolean, config: EffortTaskConfig = DEFAULT_EFFORT_TASK_CONFIG, seed = 7): EffortTaskRecord {
  let r = createEffortTaskRecord({ seed, startedAt: 1_000, device: TEST_DEVICE, config });
  let clock = 2_000;
  for (let guard = 0; guard < 10_000; guard += 1) {
    const step = nextStep(r);
    clock += 1_000;
    switch (step.kind) {
      case 'calibration':
        r = apply(r, { type: 'calibration-round', taps: (10 * config.calibration.durationMs) / 1000, durationMs: config.calibration.durationMs, startedAt: clock });
        break;
      case 'practice':
        r = apply(r, { type: 'practice-attempt', effort: step.effort, taps: step.requirement.tapsRequired, startedAt: clock, endedAt: clock + step.requirement.durationMs });
        break;
      case 'comprehension':
        r = apply(r, { type: 'comprehension-answer', question: step.question, answer: step.question === 'reject-outcome' ? 'one-point' : 'nothing', at: clock });
        break;
      case 'block-break':
        r = apply(r, { type: 'break-end', afterBlock: step.afterBlock, shownAt: clock, endedAt: clock + 500 });
        break;
      case 'trial': {
        const { index, reward, effort, tapsRequired, durationMs } = step.offer;
        const accepted = accept(reward, effort);
        r = apply(r, { type: 'choice', index, accepted, offerShownAt: clock, choiceAt: clock + 1_200 });
        r = apply(r, { type: 'effort-end', index, taps: accepted ? tapsRequired : null, effortStartAt: clock + 1_300, effortEndAt: clock + 1_300 + durationMs });
        break;
      }
      case 'done':
        return r;
      case 'calibration-failed':
      case 'skipped':
        throw new Error(`unexpected step ${step.kind}`);
    }
  }
  throw new Error('the task did not end');
}
