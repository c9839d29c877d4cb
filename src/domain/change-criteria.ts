import type { ChangeCriterion, InstrumentDefinition } from './instrument-schema.ts';
import { isReversedForProfile, type Visit } from './profile.ts';
import { assertNever } from './result.ts';

/**
 * What one sourced change criterion (instrument.json `change`) says about a score between two visits:
 * - response / remission: `met` true or false, or `not-applicable` when the earlier score is below the criterion's
 *   `baselineAtLeast` (the population it was defined in);
 * - reliable change: `improvement`, `deterioration` or `none`, by the score's own direction.
 */
export type ChangeOutcome =
  | { readonly kind: 'response' | 'remission'; readonly criterion: ChangeCriterion; readonly result: 'met' | 'not-met' | 'not-applicable' }
  | { readonly kind: 'reliable-change'; readonly criterion: ChangeCriterion; readonly result: 'improvement' | 'deterioration' | 'none' };

/** Applies every change criterion of `score` to `before` → `after` (raw scores on the instrument's own scale). */
export function interpretChange(definition: InstrumentDefinition, score: string, before: number, after: number): ChangeOutcome[] {
  const scoreDefinition = definition.scores.find((s) => s.key === score);
  // Higher = worse for every scale with change criteria today; a "more-pleasure" score would improve upwards.
  const higherIsWorse = scoreDefinition ? !isReversedForProfile(scoreDefinition) : true;
  const improvement = higherIsWorse ? before - after : after - before;
  return (definition.change ?? [])
    .filter((criterion) => criterion.score === score)
    .map((criterion): ChangeOutcome => {
      switch (criterion.kind) {
        case 'response': {
          if (criterion.baselineAtLeast !== undefined && before < criterion.baselineAtLeast) return { kind: 'response', criterion, result: 'not-applicable' };
          // A drop of at least reductionPercent % of the baseline; integer arithmetic avoids 8.4999… rounding.
          const met = before > 0 && improvement * 100 >= criterion.reductionPercent * before;
          return { kind: 'response', criterion, result: met ? 'met' : 'not-met' };
        }
        case 'remission':
          if (criterion.baselineAtLeast !== undefined && before < criterion.baselineAtLeast) return { kind: 'remission', criterion, result: 'not-applicable' };
          return { kind: 'remission', criterion, result: after < criterion.below ? 'met' : 'not-met' };
        case 'reliable-change':
          return {
            kind: 'reliable-change',
            criterion,
            result: improvement >= criterion.points ? 'improvement' : -improvement >= criterion.points ? 'deterioration' : 'none',
          };
        default:
          return assertNever(criterion);
      }
    });
}

export type ChangeBetweenVisits = {
  readonly instrumentId: string;
  readonly score: string;
  readonly before: { readonly date: string; readonly value: number };
  readonly after: { readonly date: string; readonly value: number };
  readonly outcomes: readonly ChangeOutcome[];
};

/**
 * For every instrument with change criteria: the change of each criterion's score between the last two visits that
 * have it (the same visits the trend shows). Instruments without criteria, or with fewer than two visits, give nothing.
 */
export function changeBetweenVisits(visits: readonly Visit[], definitions: readonly InstrumentDefinition[]): ChangeBetweenVisits[] {
  return definitions.flatMap((definition) => {
    const scores = [...new Set((definition.change ?? []).map((c) => c.score))];
    return scores.flatMap((score) => {
      const withScore = visits.flatMap((visit) => {
        const value = visit.inputs.find((i) => i.definition.id === definition.id)?.scores[score];
        return value === null || value === undefined ? [] : [{ date: visit.date, value }];
      });
      const before = withScore.at(-2);
      const after = withScore.at(-1);
      if (!before || !after) return [];
      return [{ instrumentId: definition.id, score, before, after, outcomes: interpretChange(definition, score, before.value, after.value) }];
    });
  });
}

/** True when an instrument's score carries its own sourced reliable-change criterion (so no RCI is needed). */
export function hasReliableChangeCriterion(definition: InstrumentDefinition, score: string): boolean {
  return (definition.change ?? []).some((c) => c.kind === 'reliable-change' && c.score === score);
}
