import type { InstrumentDefinition } from './instrument-schema.ts';
import type { Norm } from './norm-schema.ts';
import { hasReliableChangeCriterion } from './change-criteria.ts';
import { alignForDeficit, isReversedForProfile, profileScoreOf, reliableChange, toPomp, type ReliableChange, type Visit } from './profile.ts';

/**
 * Every instrument's main score over visits — the one the profile plots (`profileScoreOf`: SHAPS 14–56, else the
 * total) — as the raw score, and as POMP aligned so that higher = more deficit. `score` names which score it is.
 */
export type TrendCell = { readonly score: string; readonly raw: number | null; readonly aligned: number | null };
export type TrendRow = { readonly date: string; readonly cells: Readonly<Record<string, TrendCell>> };

export function trendOfTotals(visits: readonly Visit[]): TrendRow[] {
  return visits.map((visit) => ({
    date: visit.date,
    cells: Object.fromEntries(
      visit.inputs.map((input) => {
        const key = profileScoreOf(input.definition.id);
        const score = input.definition.scores.find((s) => s.key === key);
        const raw = input.scores[key] ?? null;
        const aligned = score && raw !== null ? alignForDeficit(toPomp(raw, score.range), 'pomp', isReversedForProfile(score)) : null;
        return [input.definition.id, { score: key, raw, aligned }];
      }),
    ),
  }));
}

/**
 * Reliable change (Jacobson & Truax) of each instrument's total between the last two visits that have it. An
 * instrument whose data carries its own sourced reliable-change criterion (PHQ-9) is left to `changeBetweenVisits`.
 * The RCI is on the score its norm is on (SHAPS: 0–14, Loas 1997), which the view names with its range.
 */
export function reliableChangeOfTotals(
  visits: readonly Visit[],
  definitions: readonly InstrumentDefinition[],
  norms: ReadonlyMap<string, Norm>,
): { readonly instrumentId: string; readonly change: ReliableChange; readonly norm: Norm | null }[] {
  return definitions.flatMap((definition) => {
    if (hasReliableChangeCriterion(definition, 'total')) return [];
    const withScore = visits.filter((v) => v.inputs.some((i) => i.definition.id === definition.id && i.scores.total != null));
    if (withScore.length < 2) return [];
    const value = (visit: Visit | undefined) => visit?.inputs.find((i) => i.definition.id === definition.id)?.scores.total ?? null;
    const score = definition.scores.find((s) => s.key === 'total');
    const norm = norms.get(`${definition.id}/total`) ?? null;
    const higherIsWorse = score ? !isReversedForProfile(score) : true;
    return [{ instrumentId: definition.id, change: reliableChange(value(withScore.at(-2)), value(withScore.at(-1)), norm, higherIsWorse), norm }];
  });
}
