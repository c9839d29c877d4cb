import { createRandom, uniform, type Random } from '../ebdm/random.ts';
import { pearson } from '../ebdm/recovery.ts';
import { err, ok, type Result } from '../result.ts';
import type { PrtParameters } from './learning-model.ts';
import { fitPrt } from './prt-fit.ts';
import { simulatePrt } from './prt-simulate.ts';
import { generateRewardSchedule, STANDARD_PRT_SCHEDULE } from './reward-schedule.ts';
import { summarisePrt } from './signal-detection.ts';

/**
 * Ranges the simulated people are drawn from (our choice): ln ρ uniform on [ln 0.3, ln 5], ε uniform on
 * [0.02, 0.5], γ uniform on [0, 2.5]. With the standard schedule they give overall accuracy of about 70–94 %
 * (10th–90th percentile, median 86 %) and a pooled log b of about 0.00–0.30 (median 0.10): the range PRT papers
 * report, from no bias to a strong one. They contain Huys's example simulation (ρ ≈ 3.7, γ ≈ 1.35, ε ≈ 0.12,
 * issue-22 research notes). A recovery study is only as good as its ranges: a narrower ρ range lowers r.
 */
export const PRT_GENERATING_RANGES = {
  rewardSensitivity: [0.3, 5],
  learningRate: [0.02, 0.5],
  instructionSensitivity: [0, 2.5],
} as const;

/** One simulated person, ρ log-uniform and ε, γ uniform within `PRT_GENERATING_RANGES`. */
export function drawPrtParameters(random: Random): PrtParameters {
  const [rhoLow, rhoHigh] = PRT_GENERATING_RANGES.rewardSensitivity;
  return {
    rewardSensitivity: Math.exp(uniform(random, Math.log(rhoLow), Math.log(rhoHigh))),
    learningRate: uniform(random, ...PRT_GENERATING_RANGES.learningRate),
    instructionSensitivity: uniform(random, ...PRT_GENERATING_RANGES.instructionSensitivity),
  };
}

export type PrtRecoveryOptions = { readonly agents: number; readonly trialsPerAgent: number; readonly seed: number };

export type PrtRecovery = {
  readonly agents: number;
  readonly trialsPerAgent: number;
  /** Pearson r of true vs recovered: ρ on the log scale, ε on the logit scale, γ as is. */
  readonly r: { readonly logRewardSensitivity: number; readonly logitLearningRate: number; readonly instructionSensitivity: number };
  /** Pearson r of the pooled model-free log b with the true ln ρ: how far the clinical primary tracks ρ. */
  readonly logBWithTrueRho: number;
  /** Fits that did not meet the convergence tolerance (they still count in r). */
  readonly notConverged: number;
  /** Mean wall time of one fit in ms, from `now` (the domain takes no clock of its own); NaN without one. */
  readonly meanFitMs: number;
  readonly truth: readonly PrtParameters[];
  readonly recovered: readonly PrtParameters[];
};

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Parameter recovery: draws `agents` people from `PRT_GENERATING_RANGES`, gives each a fresh schedule of
 * `trialsPerAgent / 100` standard blocks (100 trials, 30 rich / 10 lean rewards, at most 3 in a row), simulates
 * and refits them. Seeded, so reproducible. `now` (ms) times the fits, for the bench.
 */
export function prtParameterRecovery(options: PrtRecoveryOptions, now?: () => number): Result<PrtRecovery, string> {
  const { agents, trialsPerAgent, seed } = options;
  if (!Number.isInteger(agents) || agents < 3) return err(`agents must be a whole number ≥ 3, not ${agents}`);
  if (!Number.isInteger(trialsPerAgent) || trialsPerAgent < 100 || trialsPerAgent % 100 !== 0) {
    return err(`trialsPerAgent must be a positive multiple of 100 (the standard block), not ${trialsPerAgent}`);
  }
  const random = createRandom(seed);
  const truth: PrtParameters[] = [];
  const recovered: PrtParameters[] = [];
  const logBs: number[] = [];
  let notConverged = 0;
  let fitMs = 0;
  for (let agent = 0; agent < agents; agent += 1) {
    const parameters = drawPrtParameters(random);
    const schedule = generateRewardSchedule(Math.floor(random() * 2 ** 32), { ...STANDARD_PRT_SCHEDULE, blocks: trialsPerAgent / 100 });
    if (!schedule.ok) return err(schedule.error);
    const trials = simulatePrt(parameters, schedule.value, random);
    const started = now?.() ?? 0;
    const fit = fitPrt(trials);
    fitMs += (now?.() ?? Number.NaN) - started;
    if (!fit.ok) return err(fit.error.message); // cannot happen with simulated trials; a bug if it does
    truth.push(parameters);
    recovered.push(fit.value.parameters);
    logBs.push(summarisePrt(trials).overall.logB);
    if (!fit.value.converged) notConverged += 1;
  }
  const logRho = (list: readonly PrtParameters[]) => list.map((p) => Math.log(p.rewardSensitivity));
  return ok({
    agents,
    trialsPerAgent,
    r: {
      logRewardSensitivity: pearson(logRho(truth), logRho(recovered)),
      logitLearningRate: pearson(truth.map((p) => logit(p.learningRate)), recovered.map((p) => logit(p.learningRate))),
      instructionSensitivity: pearson(truth.map((p) => p.instructionSensitivity), recovered.map((p) => p.instructionSensitivity)),
    },
    logBWithTrueRho: pearson(logBs, logRho(truth)),
    notConverged,
    meanFitMs: fitMs / agents,
    truth,
    recovered,
  });
}
