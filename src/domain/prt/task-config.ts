import { z } from 'zod';

/**
 * Configuration of the Probabilistic Reward Task (PRT; Pizzagalli, Jahn & O'Shea 2005, Biol Psychiatry
 * 57:319–327, doi:10.1016/j.biopsych.2004.11.026). A two-choice signal-detection task: a mouthless face, then a
 * short or long mouth for 100 ms; the patient says which. One mouth (the "rich" one) is rewarded three times as
 * often as the other ("lean"), so a person whose behaviour is shaped by reward comes to answer "rich" more often.
 *
 * The stored record keeps its whole config, so a record always says which design it was run with.
 */

/** Version of the task mechanics; stored in every record. A change to the rules is a new version. */
export const REWARD_TASK_VERSION = '1.0.0';

const ms = (max: number) => z.number().int().min(0).max(max);

export const rewardTaskConfigSchema = z
  .strictObject({
    blocks: z.number().int().min(1).max(6),
    /** Trials per block, half short and half long mouths. */
    trialsPerBlock: z.number().int().min(10).max(200).multipleOf(2),
    /** Correct answers to the rich mouth scheduled for a reward, per block. */
    richRewardsPerBlock: z.number().int().min(0).max(100),
    /** Correct answers to the lean mouth scheduled for a reward, per block. */
    leanRewardsPerBlock: z.number().int().min(0).max(100),
    /** The order of mouths never repeats one more often than this in a row. */
    maxSameInRow: z.number().int().min(2).max(10),
    /** Points shown as won on a rewarded trial. */
    rewardPoints: z.number().int().min(1).max(100),
    fixationMs: ms(5000),
    /** The mouthless face before the mouth appears. */
    faceMs: ms(5000),
    /** The mouth's target duration; shown for the whole number of display frames nearest to it. */
    stimulusMs: z.number().int().min(10).max(1000),
    /** How long "Correct! You won …" stays; an unrewarded trial waits as long on a blank face. */
    feedbackMs: ms(10_000),
    /** Unrewarded practice trials before the first block, so the patient learns the two buttons. */
    practiceTrials: z.number().int().min(0).max(40),
    /**
     * Reaction times outside this window are excluded from the analysis (never from the record); the outlier rule
     * on log RT is applied on top (see signal-detection.ts).
     */
    rtWindowMs: z.strictObject({ min: z.number().int().min(0).max(1000), max: z.number().int().min(500).max(10_000) }),
    /** Mouth lengths as a fraction of the face's width. */
    mouthWidth: z.strictObject({ short: z.number().min(0.05).max(0.9), long: z.number().min(0.05).max(0.9) }),
  })
  .refine((c) => c.richRewardsPerBlock <= c.trialsPerBlock / 2 && c.leanRewardsPerBlock <= c.trialsPerBlock / 2, {
    message: 'a block cannot reward more answers than it shows of a mouth',
    path: ['richRewardsPerBlock'],
  })
  .refine((c) => c.mouthWidth.long > c.mouthWidth.short, { message: 'the long mouth must be longer', path: ['mouthWidth'] });
export type RewardTaskConfig = z.infer<typeof rewardTaskConfigSchema>;

/**
 * The published design (Pizzagalli et al. 2005): 3 blocks of 100 trials, 50 short and 50 long, 30 rewards for the
 * rich and 10 for the lean mouth per block ("3:1"), fixation 500 ms, mouthless face 500 ms, mouth 100 ms,
 * RT window 150–2500 ms. Ours: points instead of money (a clinic does not pay patients), 8 practice trials
 * without reward, feedback 1.75 s, mouth widths in proportion to the original 11.5 mm / 13 mm on a 24 mm face.
 */
export const DEFAULT_REWARD_TASK_CONFIG: RewardTaskConfig = {
  blocks: 3,
  trialsPerBlock: 100,
  richRewardsPerBlock: 30,
  leanRewardsPerBlock: 10,
  maxSameInRow: 3,
  rewardPoints: 5,
  fixationMs: 500,
  faceMs: 500,
  stimulusMs: 100,
  feedbackMs: 1750,
  practiceTrials: 8,
  rtWindowMs: { min: 150, max: 2500 },
  mouthWidth: { short: 0.48, long: 0.54 },
};

/** All main-task trials. */
export function rewardTaskTrials(config: Pick<RewardTaskConfig, 'blocks' | 'trialsPerBlock'>): number {
  return config.blocks * config.trialsPerBlock;
}
