import { bestByBic, fitEbdm, type EbdmFit } from '../ebdm/fit.ts';
import { COST_MODELS, poolTrials, type EbdmCell } from '../ebdm/model.ts';
import { trialsForModel } from './task-progress.ts';
import type { EffortTaskRecord, SkipReason, TaskPhase } from './task-record.ts';

/**
 * What a clinician sees of an effort task. Nothing is inferred from a skipped or unfinished task; a completed one
 * gets the acceptance grid, the three cost-function fits and the one BIC prefers. The parabolic fit is the
 * reported one (`SV = kR·R − kE·E²`, the authors' winning model; see ebdm/model.ts), whatever BIC prefers: the comparison is shown beside it.
 * Recomputed from the stored trials whenever it is shown or exported (a fit of 64 trials takes milliseconds), so
 * a stored result can never disagree with its trials.
 */
export type EffortResult =
  | { readonly status: 'skipped'; readonly phase: TaskPhase; readonly reason: SkipReason }
  | { readonly status: 'in-progress' }
  | { readonly status: 'not-fitted'; readonly message: string }
  | {
      readonly status: 'completed';
      readonly grid: readonly EbdmCell[];
      readonly acceptanceRate: number;
      readonly fits: readonly EbdmFit[];
      readonly reported: EbdmFit;
      readonly bestByBic: EbdmFit;
      readonly taskVersion: string;
    };

export function summariseEffortTask(record: EffortTaskRecord): EffortResult {
  const { outcome } = record;
  if (outcome.status === 'skipped') return { status: 'skipped', phase: outcome.phase, reason: outcome.reason };
  if (outcome.status !== 'completed') return { status: 'in-progress' };
  const trials = trialsForModel(record);
  const fits: EbdmFit[] = [];
  for (const model of COST_MODELS) {
    const fit = fitEbdm(trials, model);
    if (!fit.ok) return { status: 'not-fitted', message: fit.error.message };
    fits.push(fit.value);
  }
  const reported = fits.find((f) => f.model === 'parabolic');
  const best = bestByBic(fits);
  if (!reported || !best) return { status: 'not-fitted', message: 'no model could be fitted' };
  const accepted = trials.filter((t) => t.accepted).length;
  return {
    status: 'completed',
    grid: poolTrials(trials),
    acceptanceRate: accepted / trials.length,
    fits,
    reported,
    bestByBic: best,
    taskVersion: record.taskVersion,
  };
}
