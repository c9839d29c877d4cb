import { isContextConstruct, type ContextConstruct } from './constructs.ts';
import type { InstrumentDefinition, ScoreDefinition } from './instrument-schema.ts';
import { statedReasonOf, type StatedReason, type ScoreDetail } from './score-assessment.ts';

/** One completed administration's results as the context reads them. */
export type ContextVisit = {
  readonly completedAt: string;
  readonly results: Readonly<
    Record<
      string,
      {
        readonly scores: Readonly<Record<string, number | null>>;
        readonly bands: Readonly<Record<string, string | null>>;
        readonly details?: Readonly<Record<string, Pick<ScoreDetail, 'reason'>>>;
      }
    >
  >;
};

/** A score's value at one visit, with its band when the instrument has sourced bands for it. */
export type ContextValue = { readonly completedAt: string; readonly value: number; readonly band: string | null };

/**
 * One small result of the psychosocial context panel: a validated score of a context instrument at its latest
 * measurement, with the one before it. `banded` says whether the instrument has sourced bands for this score; when
 * false the panel says "no reference data". `notScored`: the instrument was given after `latest` (or only then) but
 * the score was not given for a reason the clinician is told (a published table could not convert it, as CFPB
 * without a birth year; or its part was left out as not applicable): said, never left out silently.
 */
export type ContextResult = {
  readonly construct: ContextConstruct;
  readonly instrumentId: string;
  readonly score: string;
  readonly higherMeans: ScoreDefinition['higherMeans'];
  readonly range: ScoreDefinition['range'];
  readonly banded: boolean;
  readonly latest: ContextValue | null;
  readonly previous: ContextValue | null;
  readonly notScored: { readonly completedAt: string; readonly reason: StatedReason } | null;
};

/**
 * The psychosocial context beside the profile (never on it): for each context instrument in `definitions` order and
 * each of its validated (non-descriptive) scores, the latest measurement and the one before. A score never measured
 * is left out: the panel lists only what was measured, each dated.
 */
export function contextOverVisits(visits: readonly ContextVisit[], definitions: readonly InstrumentDefinition[]): ContextResult[] {
  const ordered = [...visits].sort((a, b) => a.completedAt.localeCompare(b.completedAt));
  return definitions.flatMap((def) => {
    const construct = def.construct;
    if (!isContextConstruct(construct)) return [];
    return def.scores
      .filter((s) => !s.descriptive)
      .flatMap((score): ContextResult[] => {
        const series = ordered.flatMap((v): ContextValue[] => {
          const result = v.results[def.id];
          const value = result?.scores[score.key];
          return value === null || value === undefined ? [] : [{ completedAt: v.completedAt, value, band: result?.bands[score.key] ?? null }];
        });
        const latest = series.at(-1) ?? null;
        const lastGiven = ordered.filter((v) => v.results[def.id]).at(-1);
        const reason = statedReasonOf(lastGiven?.results[def.id]?.details?.[score.key]?.reason);
        const notScored = lastGiven && reason && lastGiven.completedAt > (latest?.completedAt ?? '') ? { completedAt: lastGiven.completedAt, reason } : null;
        if (!latest && !notScored) return [];
        const banded = def.bands.some((b) => b.score === score.key);
        return [{ construct, instrumentId: def.id, score: score.key, higherMeans: score.higherMeans, range: score.range, banded, latest, previous: series.at(-2) ?? null, notScored }];
      });
  });
}
