import type { InstrumentDefinition } from './instrument-schema.ts';
import type { Norm } from './norm-schema.ts';
import { alignForDeficit, isReversedForProfile, reliableChange, toPomp, type ReliableChange, type Visit } from './profile.ts';

/** Every instrument's `total` over visits: the raw score, and POMP aligned so that higher = more deficit. */
export type TrendCell = { readonly raw: number | null; readonly aligned: number | null };
export type TrendRow = { readonly date: string; readonly cells: Readonly<Record<string, TrendCell>> };

export function trendOfTotals(visits: readonly Visit[]): TrendRow[] {
  return visits.map((visit) => ({
    date: visit.date,
    cells: Object.fromEntries(
      visit.inputs.map((input) => {
        const score = input.definition.scores.find((s) => s.key === 'total');
        const raw = input.scores.total ?? null;
        const aligned = score && raw !== null ? alignForDeficit(toPomp(raw, score.range), 'pomp', isReversedForProfile(score)) : null;
        return [input.definition.id, { raw, aligned }];
      }),
    ),
  }));
}

/** Reliable change of each instrument's total between the last two visits that have it. */
export function reliableChangeOfTotals(
  visits: readonly Visit[],
  definitions: readonly InstrumentDefinition[],
  norms: ReadonlyMap<string, Norm>,
): { readonly instrumentId: string; readonly change: ReliableChange; readonly norm: Norm | null }[] {
  return definitions.flatMap((definition) => {
    const withScore = visits.filter((v) => v.inputs.some((i) => i.definition.id === definition.id && i.scores.total != null));
    if (withScore.length < 2) return [];
    const value = (visit: Visit | undefined) => visit?.inputs.find((i) => i.definition.id === definition.id)?.scores.total ?? null;
    const score = definition.scores.find((s) => s.key === 'total');
    const norm = norms.get(`${definition.id}/total`) ?? null;
    const higherIsWorse = score ? !isReversedForProfile(score) : true;
    return [{ instrumentId: definition.id, change: reliableChange(value(withScore.at(-2)), value(withScore.at(-1)), norm, higherIsWorse), norm }];
  });
}
