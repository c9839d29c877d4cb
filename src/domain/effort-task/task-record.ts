import { z } from 'zod';
import { computeCalibration } from './calibration.ts';
import { COMPREHENSION_OPTIONS, COMPREHENSION_QUESTIONS } from './comprehension.ts';
import { buildSchedule } from './schedule.ts';
import { DEFAULT_EFFORT_TASK_CONFIG, EFFORT_TASK_VERSION, effortTaskConfigSchema, totalTrials, type EffortTaskConfig } from './task-config.ts';

/**
 * The stored record of one effort task: everything the patient did, in the order it happened, plus what is needed
 * to interpret it later (config, seed, schedule, version, device). It is the single source of truth: the task
 * resumes from it (`nextStep`) and the model reads it (`trialsForModel`). Times are integer milliseconds from the
 * caller's clock (`now()`, epoch-based); durations are integer milliseconds.
 */

const time = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
const effort = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const effortTaskDeviceSchema = z.strictObject({
  screenWidthPx: count,
  screenHeightPx: count,
  /** CSS `pointer` media feature of the primary input: coarse = finger, fine = mouse or pen. */
  pointer: z.enum(['coarse', 'fine', 'none', 'unknown']),
  userAgent: z.string().max(1000),
});
export type EffortTaskDevice = z.infer<typeof effortTaskDeviceSchema>;

const calibrationRoundSchema = z.strictObject({
  /** 0 for the first calibration, +1 for every restart after an unusable one. */
  attempt: count,
  taps: count,
  durationMs: z.number().int().positive(),
  startedAt: time,
});

const practiceAttemptSchema = z.strictObject({
  effort,
  /** 1-based attempt number at this level. */
  attempt: z.number().int().positive(),
  tapsRequired: z.number().int().positive(),
  tapsAchieved: count,
  success: z.boolean(),
  startedAt: time,
  endedAt: time,
});

const comprehensionAnswerSchema = z.strictObject({
  question: z.enum(COMPREHENSION_QUESTIONS),
  answer: z.enum(COMPREHENSION_OPTIONS),
  correct: z.boolean(),
  at: time,
});

const choiceSchema = z.strictObject({ index: count, accepted: z.boolean(), offerShownAt: time, choiceAt: time });

export const effortTrialSchema = z.strictObject({
  /** 0-based position in the schedule. */
  index: count,
  /** 1-based block number. */
  block: z.number().int().positive(),
  reward: z.number().int().positive(),
  effort,
  accepted: z.boolean(),
  /** Offer shown → choice, ms; includes `config.offerLockMs`, while the buttons are not yet active. */
  decisionMs: count,
  /** Null when rejected. */
  success: z.boolean().nullable(),
  /** Taps counted during the effort; null when rejected (the wait counts nothing). */
  tapsAchieved: count.nullable(),
  /** Taps this effort level required, whatever the choice. */
  tapsRequired: z.number().int().positive(),
  points: count,
  offerShownAt: time,
  choiceAt: time,
  /** Start of the tapping window (first tap or grace timeout) or of the wait. */
  effortStartAt: time,
  effortEndAt: time,
});
export type EffortTrial = z.infer<typeof effortTrialSchema>;

const outcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('in-progress') }),
  z.strictObject({ status: z.literal('completed'), at: time }),
  z.strictObject({
    status: z.literal('skipped'),
    at: time,
    phase: z.enum(['calibration', 'practice', 'comprehension', 'main']),
    /** Chosen by the patient or clinician; never inferred. */
    reason: z.enum(['cannot-tap', 'declined', 'other']),
  }),
]);
export type EffortTaskOutcome = z.infer<typeof outcomeSchema>;
export type SkipReason = Extract<EffortTaskOutcome, { status: 'skipped' }>['reason'];
export type TaskPhase = Extract<EffortTaskOutcome, { status: 'skipped' }>['phase'];

export const effortTaskRecordSchema = z
  .strictObject({
    taskVersion: z.literal(EFFORT_TASK_VERSION),
    /** Unsigned 32-bit seed of the schedule shuffle. */
    seed: z.number().int().min(0).max(0xffffffff),
    config: effortTaskConfigSchema,
    device: effortTaskDeviceSchema,
    startedAt: time,
    /** The offers in the order given; stored so the order survives any change to the shuffle. */
    schedule: z.array(z.strictObject({ reward: z.number().int().positive(), effort })),
    calibration: z.strictObject({
      restarts: count,
      rounds: z.array(calibrationRoundSchema),
      /** Reference rate (taps/s) once a complete calibration was usable; it sets every effort level. */
      ratePerSecond: z.number().positive().nullable(),
    }),
    practice: z.array(practiceAttemptSchema),
    comprehension: z.array(comprehensionAnswerSchema),
    /** A choice whose effort or wait has not finished yet; on resume that offer is shown again. */
    pendingChoice: choiceSchema.nullable(),
    /** Choices left unfinished (app closed or task paused mid-effort), kept for transparency. */
    abandonedChoices: z.array(choiceSchema),
    trials: z.array(effortTrialSchema),
    /** Rests between blocks: shown after block `afterBlock`, ended by the patient. */
    breaks: z.array(z.strictObject({ afterBlock: z.number().int().positive(), shownAt: time, endedAt: time })),
    outcome: outcomeSchema,
  })
  .refine((r) => r.schedule.length === totalTrials(r.config), { message: 'schedule does not match the config', path: ['schedule'] })
  .refine((r) => r.trials.every((t, i) => t.index === i && r.schedule[i]?.reward === t.reward && r.schedule[i].effort === t.effort), {
    message: 'trials must follow the schedule in order',
    path: ['trials'],
  })
  .refine(calibrationMatchesRounds, { message: 'calibration rate does not match its rounds', path: ['calibration', 'ratePerSecond'] });
export type EffortTaskRecord = z.infer<typeof effortTaskRecordSchema>;

export type NewEffortTaskRecord = {
  /** Unsigned 32-bit integer from the caller (e.g. crypto.getRandomValues); stored so the order is reproducible. */
  readonly seed: number;
  readonly startedAt: number;
  readonly device: EffortTaskDevice;
  readonly config?: EffortTaskConfig;
};

/**
 * A fresh record at the start of calibration, with its schedule drawn from the seed. A config outside the schema
 * or a seed that is not an unsigned 32-bit integer is a programming error and throws.
 */
export function createEffortTaskRecord(start: NewEffortTaskRecord): EffortTaskRecord {
  const config = effortTaskConfigSchema.parse(start.config ?? DEFAULT_EFFORT_TASK_CONFIG);
  const { seed } = start;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be an unsigned 32-bit integer, got ${String(seed)}`);
  return {
    taskVersion: EFFORT_TASK_VERSION,
    seed,
    config,
    device: start.device,
    startedAt: Math.round(start.startedAt),
    schedule: buildSchedule(config, seed),
    calibration: { restarts: 0, rounds: [], ratePerSecond: null },
    practice: [],
    comprehension: [],
    pendingChoice: null,
    abandonedChoices: [],
    trials: [],
    breaks: [],
    outcome: { status: 'in-progress' },
  };
}

/** The stored rate is exactly what the current calibration rounds give (null while incomplete or unusable). */
function calibrationMatchesRounds(r: { readonly config: EffortTaskConfig; readonly calibration: { readonly restarts: number; readonly rounds: readonly { readonly attempt: number; readonly taps: number; readonly durationMs: number }[]; readonly ratePerSecond: number | null } }): boolean {
  const current = r.calibration.rounds.filter((round) => round.attempt === r.calibration.restarts);
  const stored = r.calibration.ratePerSecond;
  if (current.length > r.config.calibration.rounds) return false;
  if (current.length < r.config.calibration.rounds) return stored === null;
  const computed = computeCalibration(current, r.config);
  return computed.ok ? stored !== null && Math.abs(computed.value.ratePerSecond - stored) < 1e-9 : stored === null;
}
