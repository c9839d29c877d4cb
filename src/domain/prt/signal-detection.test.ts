import { describe, expect, it } from 'vitest';
import type { PrtAnalysisTrial, PrtStimulus } from './prt-trial.ts';
import { excludeTrials, logB, logD, summarisePrt } from './signal-detection.ts';

const trial = (block: number, stimulus: PrtStimulus, correct: boolean, rewarded = false, rtMs = 500): PrtAnalysisTrial => ({
  block,
  stimulus,
  response: correct ? stimulus : stimulus === 'rich' ? 'lean' : 'rich',
  rewarded,
  rtMs,
});
const repeat = (count: number, make: () => PrtAnalysisTrial) => Array.from({ length: count }, make);

describe('logB and logD', () => {
  // Rc 40, Ri 10, Lc 30, Li 20 → with 0.5 per cell 40.5, 10.5, 30.5, 20.5.
  // log b = ½·log10(40.5·20.5 / (10.5·30.5)) = ½·log10(830.25 / 320.25) = ½·log10(2.592506) = 0.206860
  // log d = ½·log10(40.5·30.5 / (10.5·20.5)) = ½·log10(1235.25 / 215.25) = ½·log10(5.738676) = 0.379406
  it('matches hand-computed values (base 10, 0.5 added to every cell)', () => {
    const counts = { richCorrect: 40, richIncorrect: 10, leanCorrect: 30, leanIncorrect: 20 };
    expect(logB(counts)).toBeCloseTo(0.20686, 5);
    expect(logD(counts)).toBeCloseTo(0.379406, 5);
  });

  it('stays finite with an empty cell: a perfect person has log b 0 and log d ½·log10(50.5²/0.25)', () => {
    const perfect = { richCorrect: 50, richIncorrect: 0, leanCorrect: 50, leanIncorrect: 0 };
    expect(logB(perfect)).toBeCloseTo(0, 12);
    expect(logD(perfect)).toBeCloseTo(0.5 * Math.log10((50.5 * 50.5) / 0.25), 12); // 2.004321
  });
});

describe('excludeTrials', () => {
  it('excludes RTs outside 150–2500 ms, then log-RT outliers beyond 3 SD of the rest', () => {
    // In the window: 40 trials at 500 ms, 40 at 600 ms, one at 1000 ms and one at 700 ms. Their log RTs have mean
    // 6.316102 and SD (n in the denominator) 0.114691, so mean ± 3 SD is 392.3–780.7 ms: 1000 ms (z = 5.16) is an
    // outlier, 700 ms (z = 2.05) is not. 149 ms and 2501 ms fall outside the window and do not enter the mean.
    const trials = [...repeat(40, () => trial(1, 'rich', true, false, 500)), ...repeat(40, () => trial(1, 'lean', true, false, 600))];
    trials.push(trial(1, 'rich', true, false, 149), trial(1, 'rich', true, false, 2501), trial(1, 'lean', false, false, 1000), trial(1, 'lean', true, false, 700));
    expect(excludeTrials(trials)).toEqual([
      { index: 80, reason: 'rt-too-fast' },
      { index: 81, reason: 'rt-too-slow' },
      { index: 82, reason: 'rt-outlier' },
    ]);
  });

  it('keeps the edges of the window: 150 ms and 2500 ms are in', () => {
    const trials = [trial(1, 'rich', true, false, 150), trial(1, 'rich', true, false, 2500)];
    expect(excludeTrials(trials)).toEqual([]);
  });

  it('takes the window and SD as parameters, and treats a missing RT as too slow', () => {
    const trials = [trial(1, 'rich', true, false, 200), trial(1, 'rich', true, false, Number.NaN), trial(1, 'lean', true, false, 300)];
    expect(excludeTrials(trials, { minRtMs: 250, maxRtMs: 1000, outlierSd: 3 })).toEqual([
      { index: 0, reason: 'rt-too-fast' },
      { index: 1, reason: 'rt-too-slow' },
    ]);
  });
});

describe('summarisePrt', () => {
  it('gives hand-computed counts, hit rates, log b, log d and rewards per block and pooled', () => {
    // Block 1: Rc 40 (12 rewarded), Ri 10, Lc 30 (4 rewarded), Li 20. Block 2: Rc 45 (30 rewarded), Ri 5, Lc 25 (10 rewarded), Li 25.
    const block1 = [
      ...repeat(12, () => trial(1, 'rich', true, true)),
      ...repeat(28, () => trial(1, 'rich', true)),
      ...repeat(10, () => trial(1, 'rich', false)),
      ...repeat(4, () => trial(1, 'lean', true, true)),
      ...repeat(26, () => trial(1, 'lean', true)),
      ...repeat(20, () => trial(1, 'lean', false)),
    ];
    const block2 = [
      ...repeat(30, () => trial(2, 'rich', true, true)),
      ...repeat(15, () => trial(2, 'rich', true)),
      ...repeat(5, () => trial(2, 'rich', false)),
      ...repeat(10, () => trial(2, 'lean', true, true)),
      ...repeat(15, () => trial(2, 'lean', true)),
      ...repeat(25, () => trial(2, 'lean', false)),
    ];
    const summary = summarisePrt([...block2, ...block1]);
    expect(summary.n).toBe(200);
    expect(summary.excluded).toEqual([]);
    const [first, second] = summary.blocks;
    expect(first).toMatchObject({ block: 1, counts: { richCorrect: 40, richIncorrect: 10, leanCorrect: 30, leanIncorrect: 20 }, richHitRate: 0.8, leanHitRate: 0.6, rewards: { rich: 12, lean: 4 } });
    expect(first?.logB).toBeCloseTo(0.20686, 5);
    expect(first?.logD).toBeCloseTo(0.379406, 5);
    // Block 2: log b = ½·log10(45.5·25.5 / (5.5·25.5)) = ½·log10(8.272727) = 0.458824; log d the same (Lc = Li).
    expect(second).toMatchObject({ block: 2, richHitRate: 0.9, leanHitRate: 0.5, rewards: { rich: 30, lean: 10 } });
    expect(second?.logB).toBeCloseTo(0.458824, 5);
    expect(second?.logD).toBeCloseTo(0.458824, 5);
    // Pooled: Rc 85, Ri 15, Lc 55, Li 45 → ½·log10(85.5·45.5 / (15.5·55.5)) = ½·log10(4.522296) = 0.327676;
    // log d = ½·log10(85.5·55.5 / (15.5·45.5)) = ½·log10(6.728465) = 0.413958.
    expect(summary.overall).toMatchObject({ richHitRate: 0.85, leanHitRate: 0.55, rewards: { rich: 42, lean: 14 } });
    expect(summary.overall.logB).toBeCloseTo(0.327676, 5);
    expect(summary.overall.logD).toBeCloseTo(0.413958, 5);
  });

  it('leaves excluded trials out of the counts but counts their rewards', () => {
    const trials = [...repeat(10, () => trial(1, 'rich', true)), trial(1, 'rich', true, true, 100), trial(1, 'lean', false, false, 3000)];
    const summary = summarisePrt(trials);
    expect(summary.excluded.map((e) => e.index)).toEqual([10, 11]);
    expect(summary.overall.counts).toEqual({ richCorrect: 10, richIncorrect: 0, leanCorrect: 0, leanIncorrect: 0 });
    expect(summary.overall.leanHitRate).toBeNaN();
    expect(summary.overall.rewards).toEqual({ rich: 1, lean: 0 });
  });
});
