import type { EffortLevelConfig, EffortTaskConfig } from './task-config.ts';

/**
 * Taps needed to succeed at one effort level: calibrated rate (taps/s) × the level's fraction × its duration (s),
 * rounded to the nearest whole tap and never below 1 (Mehrhof & Nord 2025 task code, game.js: `RoundTo(…, 0)`).
 */
export function requiredTaps(ratePerSecond: number, level: EffortLevelConfig): number {
  const exact = (ratePerSecond * level.rateFraction * level.durationMs) / 1000;
  // Six decimals first, so 10.5 computed as 10.499999999 still rounds up like the written sum.
  return Math.max(1, Math.round(Math.round(exact * 1e6) / 1e6));
}

/** An effort succeeds when the taps reach the requirement (feedback.js: `clicks >= goalClicks`). */
export function isEffortSuccessful(tapsAchieved: number, tapsRequired: number): boolean {
  return tapsAchieved >= tapsRequired;
}

/** Points a finished trial earns: the reward when accepted and done, nothing when accepted and failed, the reject reward otherwise. */
export function pointsForTrial(config: EffortTaskConfig, trial: { readonly accepted: boolean; readonly success: boolean | null; readonly reward: number }): number {
  if (!trial.accepted) return config.rejectReward;
  return trial.success === true ? trial.reward : 0;
}
