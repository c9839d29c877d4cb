import { z } from 'zod';
import { effortTaskDeviceSchema, type EffortTaskDevice } from '../effort-task/task-record.ts';
import { DEFAULT_REWARD_TASK_CONFIG, REWARD_TASK_VERSION, rewardTaskConfigSchema, rewardTaskTrials, type RewardTaskConfig } from './task-config.ts';
import { assignmentFor, buildPracticeMouths, buildRewardSchedule } from './task-schedule.ts';

/**
 * The stored record of one reward task: every answer in the order given, plus what is needed to interpret it later
 * (config, seed, counterbalancing, schedule, version, device). The task resumes from it (`nextRewardStep`) and the
 * analysis reads it (`analysisTrials`). Epoch times are integer ms from the caller's clock; reaction times and
 * display durations are ms from `performance.now()`, to 0.1 ms.
 */

const time = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
const mouth = z.enum(['short', 'long']);
const fine = z.number().nonnegative().max(600_000);

/** What the display did for one trial's mouth: frames counted by requestAnimationFrame and the time they took. */
const displaySchema = z.strictObject({
  /** Frames the mouth was drawn for. */
  frames: z.number().int().positive().max(200),
  /** Achieved duration: the frame timestamp the mouth was removed at minus the one it was drawn at. */
  shownMs: fine,
  /** The display's frame interval measured during this trial's fixation (median), or null when unmeasurable. */
  frameMs: fine.nullable(),
});

const answerSchema = z.strictObject({
  /** 0-based position in the practice or main schedule. */
  index: count,
  mouth,
  response: mouth,
  /** Mouth onset → tap, ms. */
  rtMs: fine,
  display: displaySchema,
  /** Epoch ms of the tap. */
  at: time,
});

export const rewardTrialSchema = answerSchema.extend({
  /** 1-based block number. */
  block: z.number().int().positive(),
  correct: z.boolean(),
  /** "Correct! You won …" was shown: a scheduled reward, or one carried over from an earlier incorrect answer. */
  rewarded: z.boolean(),
});
export type RewardTrial = z.infer<typeof rewardTrialSchema>;
export type PracticeAnswer = z.infer<typeof answerSchema>;

const outcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('in-progress') }),
  z.strictObject({ status: z.literal('completed'), at: time }),
  z.strictObject({
    status: z.literal('skipped'),
    at: time,
    phase: z.enum(['instructions', 'practice', 'main']),
    /** Chosen by the patient or clinician; never inferred. */
    reason: z.enum(['cannot-see', 'declined', 'other']),
  }),
]);
export type RewardTaskOutcome = z.infer<typeof outcomeSchema>;
export type RewardSkipReason = Extract<RewardTaskOutcome, { status: 'skipped' }>['reason'];
export type RewardTaskPhase = Extract<RewardTaskOutcome, { status: 'skipped' }>['phase'];

export const rewardTaskRecordSchema = z
  .strictObject({
    taskVersion: z.literal(REWARD_TASK_VERSION),
    /** Unsigned 32-bit seed of the schedule, practice order and counterbalancing. */
    seed: z.number().int().min(0).max(0xffffffff),
    config: rewardTaskConfigSchema,
    assignment: z.strictObject({ richMouth: mouth, shortSide: z.enum(['left', 'right']) }),
    device: effortTaskDeviceSchema,
    startedAt: time,
    practiceMouths: z.array(mouth),
    /** The main trials in the order given; stored so the order survives any change to the generator. */
    schedule: z.array(z.strictObject({ mouth, scheduledReward: z.boolean() })),
    practice: z.array(answerSchema),
    trials: z.array(rewardTrialSchema),
    /** Rests between blocks: shown after block `afterBlock`, ended by the patient. */
    breaks: z.array(z.strictObject({ afterBlock: z.number().int().positive(), shownAt: time, endedAt: time })),
    outcome: outcomeSchema,
  })
  .refine((r) => r.schedule.length === rewardTaskTrials(r.config), { message: 'schedule does not match the config', path: ['schedule'] })
  .refine((r) => r.practiceMouths.length === r.config.practiceTrials && r.practice.every((p, i) => p.index === i && r.practiceMouths[i] === p.mouth), {
    message: 'practice must follow its order',
    path: ['practice'],
  })
  .refine((r) => r.trials.every((t, i) => t.index === i && r.schedule[i]?.mouth === t.mouth && t.correct === (t.response === t.mouth)), {
    message: 'trials must follow the schedule in order',
    path: ['trials'],
  });
export type RewardTaskRecord = z.infer<typeof rewardTaskRecordSchema>;

export type NewRewardTaskRecord = {
  /** Unsigned 32-bit integer from the caller (e.g. crypto.getRandomValues); stored so the order is reproducible. */
  readonly seed: number;
  readonly startedAt: number;
  readonly device: EffortTaskDevice;
  readonly config?: RewardTaskConfig;
};

/** A fresh record before the instructions. A config outside the schema or a bad seed is a programming error. */
export function createRewardTaskRecord(start: NewRewardTaskRecord): RewardTaskRecord {
  const config = rewardTaskConfigSchema.parse(start.config ?? DEFAULT_REWARD_TASK_CONFIG);
  const { seed } = start;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be an unsigned 32-bit integer, got ${String(seed)}`);
  const assignment = assignmentFor(seed);
  return {
    taskVersion: REWARD_TASK_VERSION,
    seed,
    config,
    assignment,
    device: start.device,
    startedAt: Math.round(start.startedAt),
    practiceMouths: buildPracticeMouths(config.practiceTrials, seed),
    schedule: buildRewardSchedule(config, seed, assignment.richMouth),
    practice: [],
    trials: [],
    breaks: [],
    outcome: { status: 'in-progress' },
  };
}
