import { createRandom } from '../../src/domain/ebdm/random.ts';
import { DEFAULT_REWARD_TASK_CONFIG, type RewardTaskConfig } from '../../src/domain/prt/task-config.ts';
import { applyRewardTaskEvent, type RewardTaskEvent } from '../../src/domain/prt/task-events.ts';
import { nextRewardStep } from '../../src/domain/prt/task-progress.ts';
import { createRewardTaskRecord, type RewardSkipReason, type RewardTaskRecord } from '../../src/domain/prt/task-record.ts';
import { TEST_DEVICE } from './effort-task.ts';

function apply(record: RewardTaskRecord, event: RewardTaskEvent): RewardTaskRecord {
  const next = applyRewardTaskEvent(record, event);
  if (!next.ok) throw new Error(`${event.type}: ${next.error}`);
  return next.value;
}

/**
 * A whole reward task played through its events, as the touch UI would (as `biasedPatient` in
 * src/domain/prt/reward-result.test.ts): `richRight` of the rich mouths and `leanRight` of the lean ones answered
 * right, so a person with `richRight > leanRight` is biased towards "rich"; one too-fast answer (90 ms) per 100
 * trials, which the analysis leaves out; the mouth shown 6 frames of ~100 ms. No practice unless `config` has it.
 */
export function playRewardTask(seed = 4, { richRight = 0.9, leanRight = 0.6 } = {}, config: RewardTaskConfig = { ...DEFAULT_REWARD_TASK_CONFIG, practiceTrials: 0 }): RewardTaskRecord {
  const random = createRandom(seed);
  let record = createRewardTaskRecord({ seed, startedAt: 0, device: TEST_DEVICE, config });
  for (let guard = 0; guard < 10_000; guard += 1) {
    const step = nextRewardStep(record);
    if (step.kind === 'block-break') record = apply(record, { type: 'break-end', afterBlock: step.afterBlock, shownAt: 1, endedAt: 2 });
    else if (step.kind === 'practice') record = apply(record, { type: 'answer', phase: 'practice', index: step.index, response: step.mouth, rtMs: 500, display: { frames: 6, shownMs: 100, frameMs: 16.7 }, at: 500 + step.index });
    else if (step.kind === 'trial') {
      const rich = step.mouth === record.assignment.richMouth;
      const right = random() < (rich ? richRight : leanRight);
      const other = step.mouth === 'short' ? 'long' : 'short';
      const rtMs = step.index % 100 === 5 ? 90 : 450 + 300 * random();
      record = apply(record, { type: 'answer', phase: 'main', index: step.index, response: right ? step.mouth : other, rtMs, display: { frames: 6, shownMs: 99.8 + random(), frameMs: 16.7 }, at: 1000 + step.index });
    } else return record;
  }
  throw new Error('the task did not end');
}

/** A reward task stopped at the instructions for `reason`. */
export function skippedRewardTask(reason: RewardSkipReason = 'cannot-see'): RewardTaskRecord {
  return apply(createRewardTaskRecord({ seed: 1, startedAt: 0, device: TEST_DEVICE }), { type: 'skip', reason, at: 5 });
}
