import { z } from 'zod';
import { EFFORT_LEVELS, type EffortLevel } from './task-size.ts';

/**
 * Configuration of the touch effort-based decision-making (EBDM) task, after Mehrhof & Nord (2025),
 * "A common alteration in effort-based decision-making in apathy, anhedonia, and late circadian rhythm",
 * eLife 13:RP96803, doi:10.7554/eLife.96803. Their task code (github.com/smehrhof/2024_effort_study,
 * code/task/scenes, commit 0022c88) is the source of every "paper" value below.
 *
 * The stored record keeps its whole config, so a record always says which durations and levels it was run with.
 */

/** Version of the task mechanics; stored in every record. A change to the rules is a new version. */
export const EFFORT_TASK_VERSION = '1.0.0';

export { EFFORT_LEVELS, totalTrials, trialsPerBlock, type EffortLevel } from './task-size.ts';

const durationMs = z.number().int().positive().max(120_000);

const effortLevelConfigSchema = z.strictObject({
  /** Required tapping rate as a fraction of the calibrated rate (0–1.5). */
  rateFraction: z.number().positive().max(1.5),
  /** How long the rate must be kept up; a rejected offer waits exactly this long. */
  durationMs,
});
export type EffortLevelConfig = z.infer<typeof effortLevelConfigSchema>;

export const effortTaskConfigSchema = z
  .strictObject({
    calibration: z.strictObject({
      /** Number of "tap as fast as you can" rounds. */
      rounds: z.number().int().min(1).max(10),
      durationMs,
      /**
       * Which rate sets the effort levels: the fastest round (`max`), or the mean of every round after the first
       * (`mean-after-first`; the paper used the mean of rounds 2 and 3 of three).
       */
      reference: z.enum(['max', 'mean-after-first']),
    }),
    /** Effort levels 1–4, in order of increasing effort. */
    levels: z.array(effortLevelConfigSchema).length(EFFORT_LEVELS.length),
    /** Points offered for accepting; each block offers every reward with every effort level once. */
    rewards: z.array(z.number().int().min(1).max(99)).min(1).max(10),
    /** Points for rejecting an offer (after the matched wait). */
    rejectReward: z.number().int().min(0).max(99),
    blocks: z.number().int().min(1).max(20),
    /** Failed practice attempts at one level after which the patient moves on anyway (recorded as not passed). */
    practiceMaxAttempts: z.number().int().min(1).max(10),
    /** The accept and reject buttons wait this long after an offer appears, so a stray tap cannot choose. */
    offerLockMs: z.number().int().min(0).max(10_000),
    /** How long the outcome of a trial stays on screen. */
    feedbackMs: z.number().int().min(0).max(10_000),
    /** A tapping run starts at the first tap, or after this long without one. */
    startGraceMs: z.number().int().min(0).max(30_000),
  })
  .refine((c) => new Set(c.rewards).size === c.rewards.length, { message: 'rewards must differ', path: ['rewards'] })
  .refine((c) => c.calibration.reference === 'max' || c.calibration.rounds >= 2, {
    message: 'mean-after-first needs at least two calibration rounds',
    path: ['calibration', 'rounds'],
  })
  .refine((c) => c.levels.every((level, i) => i === 0 || level.rateFraction * level.durationMs > (c.levels[i - 1]?.rateFraction ?? 0) * (c.levels[i - 1]?.durationMs ?? 0)), {
    message: 'each effort level must ask for more taps than the one below',
    path: ['levels'],
  });
export type EffortTaskConfig = z.infer<typeof effortTaskConfigSchema>;

/**
 * The defaults for patients on a tablet. Sources: "paper" = Mehrhof & Nord 2025 task code; "ours" = our choice.
 * - 3 calibration rounds (paper) of 5 s (ours; paper 10 s), fastest round as reference (ours; paper: mean of
 *   rounds 2–3). Short rounds and the maximum keep calibration quick for tired patients.
 * - Levels 0.35 / 0.5 / 0.65 / 0.8 of that rate, each kept up for 5 s (ours; paper 0.3 / 0.5 / 0.7 / 0.9 of
 *   the mean click rate for 8 / 11 / 14 / 17 s). One duration makes the wait after a rejection the same for every
 *   offer and keeps the 64 trials near ten minutes (about 9 s a trial); the narrower range keeps level 4 within reach on glass.
 * - Rewards 2–5 points, 1 point for rejecting, 4 blocks of 16 = 64 trials (paper).
 * - Buttons locked for 1 s after an offer appears, outcome shown for 1.5 s (paper).
 * - Practice: at most 3 attempts per level (ours; the paper repeated until success and lowered the calibration
 *   after a second failure). Run starts at the first tap or after 3 s (ours; the paper used a countdown).
 */
export const DEFAULT_EFFORT_TASK_CONFIG: EffortTaskConfig = {
  calibration: { rounds: 3, durationMs: 5000, reference: 'max' },
  levels: [
    { rateFraction: 0.35, durationMs: 5000 },
    { rateFraction: 0.5, durationMs: 5000 },
    { rateFraction: 0.65, durationMs: 5000 },
    { rateFraction: 0.8, durationMs: 5000 },
  ],
  rewards: [2, 3, 4, 5],
  rejectReward: 1,
  blocks: 4,
  practiceMaxAttempts: 3,
  offerLockMs: 1000,
  feedbackMs: 1500,
  startGraceMs: 3000,
};

/**
 * The published design, for research that wants it unchanged (Mehrhof & Nord 2025 task code: calibration.js,
 * game.js, offer.js, feedback.js). Takes about twice as long as the default.
 */
export const MEHRHOF_NORD_2025_CONFIG: EffortTaskConfig = {
  ...DEFAULT_EFFORT_TASK_CONFIG,
  calibration: { rounds: 3, durationMs: 10_000, reference: 'mean-after-first' },
  levels: [
    { rateFraction: 0.3, durationMs: 8000 },
    { rateFraction: 0.5, durationMs: 11_000 },
    { rateFraction: 0.7, durationMs: 14_000 },
    { rateFraction: 0.9, durationMs: 17_000 },
  ],
};


/** The configuration of one effort level (1–4). */
export function levelConfig(config: EffortTaskConfig, effort: EffortLevel): EffortLevelConfig {
  const level = config.levels[effort - 1];
  if (!level) throw new Error(`no configuration for effort level ${effort}`);
  return level;
}
