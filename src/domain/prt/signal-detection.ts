import type { PrtAnalysisTrial, PrtStimulus } from './prt-trial.ts';

/**
 * The PRT's model-free outputs (the clinical primary, REWARD-TASK.md §3): which trials are excluded and why, then
 * per block and over the whole task the response counts, hit rates, response bias (log b), discriminability
 * (log d) and rewards earned.
 */

/**
 * Reaction-time window in ms outside which a trial is excluded before anything else. 150 / 2500 ms is the rule
 * rule usually quoted for the PRT since Pizzagalli et al. 2005, but NOT confirmed: REWARD-TASK.md §3 marks it [K], and
 * the issue-22 research notes (/work/notes/issue-22-research.md, Q3) could not read Pizzagalli 2005's data
 * reduction text; of the ports read, only TaskBeacon's 2.5 s response timeout matches. Hence a parameter.
 */
export const PRT_RT_WINDOW_MS = { min: 150, max: 2500 } as const;

/**
 * After the window, a trial whose natural-log RT lies more than this many SDs from the person's own mean log RT
 * (over the trials inside the window) is excluded as an outlier. Same source and status as `PRT_RT_WINDOW_MS`.
 */
export const PRT_LOG_RT_OUTLIER_SD = 3;

export type ExclusionRule = { readonly minRtMs: number; readonly maxRtMs: number; readonly outlierSd: number };

export const DEFAULT_EXCLUSION_RULE: ExclusionRule = { minRtMs: PRT_RT_WINDOW_MS.min, maxRtMs: PRT_RT_WINDOW_MS.max, outlierSd: PRT_LOG_RT_OUTLIER_SD };

export type ExclusionReason = 'rt-too-fast' | 'rt-too-slow' | 'rt-outlier';

/** `index` is the trial's position in the list passed in (0-based). */
export type ExcludedTrial = { readonly index: number; readonly reason: ExclusionReason };

/**
 * Which trials are excluded and why, in trial order. A trial with a non-finite RT counts as too slow (no answer in
 * time). RT < min is too fast, > max too slow; then log-RT outliers against the mean ± `outlierSd`·SD (population
 * SD, n in the denominator) of the trials that passed the window. Fewer than 3 trials in the window: no outliers.
 */
export function excludeTrials(trials: readonly PrtAnalysisTrial[], rule: ExclusionRule = DEFAULT_EXCLUSION_RULE): ExcludedTrial[] {
  const reasons = new Map<number, ExclusionReason>();
  const inWindow: { index: number; logRt: number }[] = [];
  trials.forEach((trial, index) => {
    if (!Number.isFinite(trial.rtMs) || trial.rtMs > rule.maxRtMs) reasons.set(index, 'rt-too-slow');
    else if (trial.rtMs < rule.minRtMs) reasons.set(index, 'rt-too-fast');
    else inWindow.push({ index, logRt: Math.log(trial.rtMs) });
  });
  if (inWindow.length >= 3) {
    const mean = inWindow.reduce((sum, t) => sum + t.logRt, 0) / inWindow.length;
    const sd = Math.sqrt(inWindow.reduce((sum, t) => sum + (t.logRt - mean) ** 2, 0) / inWindow.length);
    for (const t of inWindow) if (Math.abs(t.logRt - mean) > rule.outlierSd * sd) reasons.set(t.index, 'rt-outlier');
  }
  return [...reasons].sort((a, b) => a[0] - b[0]).map(([index, reason]) => ({ index, reason }));
}

export type ResponseCounts = { readonly richCorrect: number; readonly richIncorrect: number; readonly leanCorrect: number; readonly leanIncorrect: number };

export type SignalDetection = {
  /** Included trials only. */
  readonly counts: ResponseCounts;
  /** Rich correct / rich shown (raw, no 0.5 added); NaN when no rich trial was included. */
  readonly richHitRate: number;
  readonly leanHitRate: number;
  /** Response bias, base-10 log with 0.5 added to every cell (see `logB`). */
  readonly logB: number;
  /** Discriminability, base-10 log with 0.5 added to every cell (see `logD`). */
  readonly logD: number;
  /** Rewards actually received, counted over every trial (an excluded trial's reward was still paid). */
  readonly rewards: Readonly<Record<PrtStimulus, number>>;
};

export type BlockSignalDetection = SignalDetection & { readonly block: number };

export type PrtSummary = {
  readonly n: number;
  readonly excluded: readonly ExcludedTrial[];
  /** In ascending block number. */
  readonly blocks: readonly BlockSignalDetection[];
  /** All blocks pooled (cells summed, then 0.5 added), not the mean of the blocks. */
  readonly overall: SignalDetection;
};

/**
 * Response bias log b = ½·log10[(Rc·Li)/(Ri·Lc)], with 0.5 added to every cell so a person with an empty cell
 * (no errors) still gets a finite value (Hautus 1995's correction, used in the PRT since Pizzagalli et al. 2005).
 * Base 10, the convention we take for the PRT literature; NOT confirmed from the paper (issue-22 research notes,
 * Q2: the Methods text was not readable; the TaskBeacon port uses the natural log, which is ln 10 ≈ 2.303 times
 * larger). The base rescales, never reorders: only compare with reference values in the same base.
 * Positive: a bias towards answering "rich".
 */
export function logB(c: ResponseCounts): number {
  return 0.5 * Math.log10(((c.richCorrect + 0.5) * (c.leanIncorrect + 0.5)) / ((c.richIncorrect + 0.5) * (c.leanCorrect + 0.5)));
}

/** Discriminability log d = ½·log10[(Rc·Lc)/(Ri·Li)], 0.5 added to every cell, base 10 as `logB`. */
export function logD(c: ResponseCounts): number {
  return 0.5 * Math.log10(((c.richCorrect + 0.5) * (c.leanCorrect + 0.5)) / ((c.richIncorrect + 0.5) * (c.leanIncorrect + 0.5)));
}

function countResponses(trials: readonly PrtAnalysisTrial[]): ResponseCounts {
  let richCorrect = 0, richIncorrect = 0, leanCorrect = 0, leanIncorrect = 0;
  for (const t of trials) {
    const correct = t.response === t.stimulus;
    if (t.stimulus === 'rich') {
      if (correct) richCorrect += 1;
      else richIncorrect += 1;
    } else if (correct) leanCorrect += 1;
    else leanIncorrect += 1;
  }
  return { richCorrect, richIncorrect, leanCorrect, leanIncorrect };
}

function detect(included: readonly PrtAnalysisTrial[], all: readonly PrtAnalysisTrial[]): SignalDetection {
  const counts = countResponses(included);
  const rate = (hits: number, misses: number) => (hits + misses > 0 ? hits / (hits + misses) : Number.NaN);
  return {
    counts,
    richHitRate: rate(counts.richCorrect, counts.richIncorrect),
    leanHitRate: rate(counts.leanCorrect, counts.leanIncorrect),
    logB: logB(counts),
    logD: logD(counts),
    rewards: {
      rich: all.filter((t) => t.rewarded && t.stimulus === 'rich').length,
      lean: all.filter((t) => t.rewarded && t.stimulus === 'lean').length,
    },
  };
}

/** Excludes trials by `rule`, then computes the outputs per block and pooled. */
export function summarisePrt(trials: readonly PrtAnalysisTrial[], rule: ExclusionRule = DEFAULT_EXCLUSION_RULE): PrtSummary {
  const excluded = excludeTrials(trials, rule);
  const out = new Set(excluded.map((e) => e.index));
  const included = trials.filter((_, index) => !out.has(index));
  const blockNumbers = [...new Set(trials.map((t) => t.block))].sort((a, b) => a - b);
  return {
    n: trials.length,
    excluded,
    blocks: blockNumbers.map((block) => ({
      block,
      ...detect(
        included.filter((t) => t.block === block),
        trials.filter((t) => t.block === block),
      ),
    })),
    overall: detect(included, trials),
  };
}
