/**
 * The reward-task (PRT) learning model (src/domain/prt/): how long one person's fit takes, and how well simulated
 * people's parameters are recovered at 300 and 600 trials. A benchmark, never a test: prt-recovery.test.ts holds
 * the r ≥ 0.70 floor for ρ. `npx tsx bench/reward-model.ts` prints these figures alone.
 */
import { createRandom } from '../src/domain/ebdm/random.ts';
import { fitPrt } from '../src/domain/prt/prt-fit.ts';
import { drawPrtParameters, prtParameterRecovery, type PrtRecovery } from '../src/domain/prt/prt-recovery.ts';
import { simulatePrt } from '../src/domain/prt/prt-simulate.ts';
import { generateRewardSchedule } from '../src/domain/prt/reward-schedule.ts';

export type RewardModelBench = {
  /** Median wall time of one 300-trial fit, in ms. */
  readonly fitMs300: number;
  readonly fits: number;
  /** Seed 1 per trial count, plus the range of r(ln ρ) over `seeds`. */
  readonly recovery: readonly {
    readonly trials: number;
    readonly agents: number;
    readonly r: PrtRecovery['r'];
    readonly logBWithTrueRho: number;
    readonly notConverged: number;
    readonly rhoOverSeeds: { readonly seeds: number; readonly min: number; readonly max: number };
  }[];
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median time of `fits` fits of different simulated 300-trial people, after 50 warm-up fits for the JIT. */
function fitTime(fits: number): number {
  const random = createRandom(42);
  const people = Array.from({ length: fits + 50 }, (_, i) => {
    const schedule = generateRewardSchedule(i + 1);
    if (!schedule.ok) throw new Error(schedule.error);
    return simulatePrt(drawPrtParameters(random), schedule.value, random);
  });
  const times = people.map((trials) => {
    const start = performance.now();
    fitPrt(trials);
    return performance.now() - start;
  });
  return median(times.slice(50));
}

export async function rewardModelBench(options: { fits?: number; agents?: number; seeds?: number } = {}): Promise<RewardModelBench> {
  const { fits = 200, agents = 200, seeds = 3 } = options;
  const fitMs300 = fitTime(fits);
  const recovery = [300, 600].map((trials) => {
    const runs = Array.from({ length: seeds }, (_, i) => {
      const result = prtParameterRecovery({ agents, trialsPerAgent: trials, seed: i + 1 });
      if (!result.ok) throw new Error(result.error);
      return result.value;
    });
    const first = runs[0];
    if (!first) throw new Error('seeds must be ≥ 1');
    const rhos = runs.map((run) => run.r.logRewardSensitivity);
    return {
      trials,
      agents,
      r: first.r,
      logBWithTrueRho: first.logBWithTrueRho,
      notConverged: first.notConverged,
      rhoOverSeeds: { seeds, min: Math.min(...rhos), max: Math.max(...rhos) },
    };
  });
  // Keeps the promised async signature so bench/run.ts can await it like the other benches.
  await Promise.resolve();
  return { fitMs300, fits, recovery };
}

/** The rows bench/run.ts prints (measure, value, budget). */
export function rewardModelRows(bench: RewardModelBench): { measure: string; value: string; budget: string }[] {
  return [
    { measure: `Reward-task (PRT) model fit, 300 trials, median of ${String(bench.fits)}`, value: `${bench.fitMs300.toFixed(2)} ms per person`, budget: '≪ 1 s' },
    ...bench.recovery.map((r) => ({
      measure: `PRT recovery r (ln ρ / logit ε / γ; log b vs true ln ρ), ${String(r.trials)} trials, ${String(r.agents)} simulated people`,
      value:
        `${r.r.logRewardSensitivity.toFixed(2)} / ${r.r.logitLearningRate.toFixed(2)} / ${r.r.instructionSensitivity.toFixed(2)}; ${r.logBWithTrueRho.toFixed(2)}` +
        ` (ρ over seeds 1–${String(r.rhoOverSeeds.seeds)}: ${r.rhoOverSeeds.min.toFixed(2)}–${r.rhoOverSeeds.max.toFixed(2)})`,
      budget: r.trials === 300 ? 'ρ ≥ 0.70' : '',
    })),
  ];
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const bench = await rewardModelBench();
  for (const row of rewardModelRows(bench)) console.log(`${row.measure}  ${row.value}  ${row.budget}`);
}
