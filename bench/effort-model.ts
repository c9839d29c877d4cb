/**
 * The effort-task model (src/domain/ebdm/model.ts): how long one person's fit takes, and how well simulated people's parameters
 * and models are recovered. A benchmark, never a test: the unit tests hold the recovery floors.
 */
import { fitEbdm } from '../src/domain/ebdm/fit.ts';
import { COST_MODELS, type CostModel, type EbdmParameters } from '../src/domain/ebdm/model.ts';
import { createRandom } from '../src/domain/ebdm/random.ts';
import { drawParameters, modelRecovery, parameterRecovery, type ConfusionMatrix } from '../src/domain/ebdm/recovery.ts';
import { simulateChoices, standardDesign } from '../src/domain/ebdm/simulate.ts';

export type EffortModelBench = {
  /** Median wall time of one 64-trial parabolic fit, in ms. */
  readonly fitMs64: number;
  /** The same for each model, in ms. */
  readonly fitMs64ByModel: Readonly<Record<CostModel, number>>;
  /** Pearson r of true vs recovered parameters (parabolic first). */
  readonly recovery: readonly { readonly model: CostModel; readonly trials: number; readonly agents: number; readonly r: EbdmParameters }[];
  /** Per person, counts[generating][winner by BIC]; and the BIC summed over each generating group. */
  readonly modelRecovery: { readonly trials: number; readonly agentsPerModel: number; readonly counts: ConfusionMatrix; readonly summedBic: ConfusionMatrix };
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median time of `fits` fits of different simulated 64-trial people, after a warm-up so the JIT has settled. */
function fitTime(model: CostModel, fits: number): number {
  const random = createRandom(42);
  const people = Array.from({ length: fits + 50 }, () =>
    simulateChoices(drawParameters(model, random), standardDesign(4, random), model, random),
  );
  const times = people.map((trials) => {
    const start = performance.now();
    fitEbdm(trials, model);
    return performance.now() - start;
  });
  return median(times.slice(50));
}

export async function effortModelBench(options: { fits?: number; agents?: number; agentsPerModel?: number } = {}): Promise<EffortModelBench> {
  const { fits = 200, agents = 200, agentsPerModel = 200 } = options;
  const fitMs64ByModel = { parabolic: fitTime('parabolic', fits), linear: fitTime('linear', fits), exponential: fitTime('exponential', fits) };
  const recovery = COST_MODELS.flatMap((model) =>
    [64, 128].map((trials) => {
      const result = parameterRecovery({ agents, trialsPerAgent: trials, seed: 1, model });
      if (!result.ok) throw new Error(result.error);
      return { model, trials, agents, r: result.value.r };
    }),
  );
  const models = modelRecovery({ agents: agentsPerModel, trialsPerAgent: 64, seed: 1 });
  if (!models.ok) throw new Error(models.error);
  // Keeps the promised async signature so bench/run.ts can await it like the other benches.
  await Promise.resolve();
  return {
    fitMs64: fitMs64ByModel.parabolic,
    fitMs64ByModel,
    recovery,
    modelRecovery: { trials: 64, agentsPerModel, counts: models.value.counts, summedBic: models.value.summedBic },
  };
}
