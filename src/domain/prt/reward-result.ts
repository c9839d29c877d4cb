import { fitPrt, type PrtFit } from './prt-fit.ts';
import type { PrtAnalysisTrial } from './prt-trial.ts';
import { PRT_LOG_RT_OUTLIER_SD, summarisePrt, type PrtSummary } from './signal-detection.ts';
import { rewardPoints, stimulusOf } from './task-progress.ts';
import type { RewardSkipReason, RewardTaskPhase, RewardTaskRecord } from './task-record.ts';

/** How the mouth was shown over the main trials: achieved durations and the display's frame interval (ms). */
export type MouthTiming = {
  readonly targetMs: number;
  readonly medianShownMs: number;
  readonly minShownMs: number;
  readonly maxShownMs: number;
  /** Median frames the mouth was drawn for. */
  readonly medianFrames: number;
  /** Median measured frame interval; null when no trial could measure it. */
  readonly medianFrameMs: number | null;
};

/**
 * What a clinician and the exports see of a reward task. Nothing is inferred from a skipped or unfinished task. A
 * completed one gets the model-free outputs (the primary: response bias log b and discriminability log d per block
 * and overall, with the excluded trials) and the learning model's fit (secondary: ρ with its SE; ε only for research
 * exports). Recomputed from the stored trials whenever shown or exported, so a result never disagrees with them.
 * The mouth's timing is given whenever a main trial was done, finished or not: it says whether the display worked.
 */
export type RewardResult =
  | { readonly status: 'skipped'; readonly phase: RewardTaskPhase; readonly reason: RewardSkipReason; readonly trialsDone: number; readonly timing: MouthTiming | null }
  | { readonly status: 'in-progress'; readonly trialsDone: number; readonly timing: MouthTiming | null }
  | {
      readonly status: 'completed';
      readonly summary: PrtSummary;
      /** Null when the model could not be fitted (`fitProblem` says why). */
      readonly fit: PrtFit | null;
      readonly fitProblem: string | null;
      readonly timing: MouthTiming;
      readonly points: number;
      readonly taskVersion: string;
      readonly richMouth: RewardTaskRecord['assignment']['richMouth'];
    };

/** The main trials as analysed (rich or lean by the record's counterbalancing), in the order done. */
export function analysisTrials(record: RewardTaskRecord): PrtAnalysisTrial[] {
  return record.trials.map((t) => ({ block: t.block, stimulus: stimulusOf(record, t.mouth), response: stimulusOf(record, t.response), rewarded: t.rewarded, rtMs: t.rtMs }));
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Achieved mouth durations over the main trials. */
export function mouthTiming(record: RewardTaskRecord): MouthTiming {
  const shown = record.trials.map((t) => t.display.shownMs);
  const frames = record.trials.flatMap((t) => (t.display.frameMs === null ? [] : [t.display.frameMs]));
  return {
    targetMs: record.config.stimulusMs,
    medianShownMs: median(shown),
    minShownMs: shown.length ? Math.min(...shown) : Number.NaN,
    maxShownMs: shown.length ? Math.max(...shown) : Number.NaN,
    medianFrames: median(record.trials.map((t) => t.display.frames)),
    medianFrameMs: frames.length ? median(frames) : null,
  };
}

export function summariseRewardTask(record: RewardTaskRecord): RewardResult {
  const { outcome } = record;
  const trialsDone = record.trials.length;
  const timing = trialsDone > 0 ? mouthTiming(record) : null;
  if (outcome.status === 'skipped') return { status: 'skipped', phase: outcome.phase, reason: outcome.reason, trialsDone, timing };
  if (outcome.status !== 'completed') return { status: 'in-progress', trialsDone, timing };
  const trials = analysisTrials(record);
  const { rtWindowMs } = record.config;
  const summary = summarisePrt(trials, { minRtMs: rtWindowMs.min, maxRtMs: rtWindowMs.max, outlierSd: PRT_LOG_RT_OUTLIER_SD });
  // Excluded trials still taught the learner (the patient saw them and any reward): they only leave the likelihood.
  const out = new Set(summary.excluded.map((e) => e.index));
  const fit = fitPrt(trials.map((t, i) => ({ stimulus: t.stimulus, response: t.response, rewarded: t.rewarded, scored: !out.has(i) })));
  return {
    status: 'completed',
    summary,
    fit: fit.ok ? fit.value : null,
    fitProblem: fit.ok ? null : fit.error.message,
    timing: mouthTiming(record),
    points: rewardPoints(record),
    taskVersion: record.taskVersion,
    richMouth: record.assignment.richMouth,
  };
}
