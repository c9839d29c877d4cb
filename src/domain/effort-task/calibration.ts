import { err, ok, type Result } from '../result.ts';
import { EFFORT_LEVELS, levelConfig, type EffortTaskConfig } from './task-config.ts';
import { requiredTaps } from './trial.ts';

/** One "tap as fast as you can" round: taps counted within a window of `durationMs`. */
export type CalibrationRoundResult = { readonly taps: number; readonly durationMs: number };

/**
 * Why a calibration cannot set effort levels: no taps at all, or a rate so low that two effort levels would ask
 * for the same number of taps (so "effort" would no longer mean anything).
 */
export type CalibrationError = 'no-taps' | 'levels-not-distinct';

/** Taps per second of one round. */
export function roundRate(round: CalibrationRoundResult): number {
  return round.durationMs > 0 ? round.taps / (round.durationMs / 1000) : 0;
}

/**
 * The reference tapping rate (taps/s) from a complete set of calibration rounds: the fastest round (`max`), or the
 * mean of the rounds after the first (`mean-after-first`, Mehrhof & Nord 2025 instructions.js: mean of rounds 2–3).
 * Fails when the rate cannot make four distinct effort levels.
 */
export function computeCalibration(
  rounds: readonly CalibrationRoundResult[],
  config: EffortTaskConfig,
): Result<{ readonly ratePerSecond: number }, CalibrationError> {
  const rates = rounds.map(roundRate);
  const counted = config.calibration.reference === 'max' ? rates : rates.slice(1);
  const ratePerSecond = config.calibration.reference === 'max' ? Math.max(0, ...counted) : mean(counted);
  if (!(ratePerSecond > 0)) return err('no-taps');
  const taps = EFFORT_LEVELS.map((effort) => requiredTaps(ratePerSecond, levelConfig(config, effort)));
  if (taps.some((n, i) => i > 0 && n <= (taps[i - 1] ?? 0))) return err('levels-not-distinct');
  return ok({ ratePerSecond });
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}
