import type { Assessment } from '../../domain/assessment.ts';
import { EffortResultView } from './effort-result-view.tsx';
import { ImportedEffortView } from './imported-effort-view.tsx';

/**
 * A visit's effort result: from its own effort task (grid, fits, recomputed from the trials), or, on a visit fetched
 * from the EHR, the parameters another tablet reported (no trials here: no grid, no refit). Nothing when it has none.
 */
export function VisitEffortView({ assessment, compact = false }: { readonly assessment: Pick<Assessment, 'id' | 'effortTask' | 'origin'>; readonly compact?: boolean }) {
  if (assessment.effortTask) return <EffortResultView compact={compact} record={assessment.effortTask} />;
  const { origin } = assessment;
  if (origin?.effort) return <ImportedEffortView compact={compact} effort={origin.effort} assessmentId={assessment.id} pulledAt={origin.pulledAt} />;
  return null;
}
