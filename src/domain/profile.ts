import { isContextConstruct } from './constructs.ts';
import type { InstrumentDefinition, ScoreDefinition } from './instrument-schema.ts';
import type { Norm } from './norm-schema.ts';

/**
 * The apathy-versus-anhedonia profile. Every score is first aligned so that higher = more of the deficit
 * (TEPS, where higher = more pleasure, is reversed), then put on one common metric:
 * - z against a cited reference group (only when every score on the axis has a selected norm), or
 * - POMP, percent of maximum possible: (score − min) / (max − min) × 100 (Cohen et al. 1999, Multivar Behav Res 34:315).
 * The two are never mixed on one axis. An axis is the mean of its available, aligned scores (equal weights).
 */
export type Axis = 'anhedonia' | 'apathy';
export type Metric = 'z' | 'pomp';

/**
 * Which score of which instrument feeds which axis. SHAPS uses its 14–56 scoring: finer-grained than 0–14.
 * Versions of one scale share a `scale`: they are averaged first, so three AES versions weigh as one scale.
 */
export const AXIS_SOURCES: Readonly<Record<Axis, readonly { readonly instrumentId: string; readonly score: string; readonly scale: string }[]>> = {
  anhedonia: [
    { instrumentId: 'shaps', score: 'likert', scale: 'shaps' },
    { instrumentId: 'teps', score: 'total', scale: 'teps' },
  ],
  apathy: [
    { instrumentId: 'aes-s', score: 'total', scale: 'aes' },
    { instrumentId: 'aes-i', score: 'total', scale: 'aes' },
    { instrumentId: 'aes-c', score: 'total', scale: 'aes' },
    { instrumentId: 'ami', score: 'total', scale: 'ami' },
  ],
};

/**
 * The score of an instrument that the profile plots (SHAPS: `likert`, 14–56), else its `total`. The trend over visits
 * uses the same score, so one visit shows one SHAPS value on both (docs/decisions.md, "The profile maths").
 */
export function profileScoreOf(instrumentId: string): string {
  const source = [...AXIS_SOURCES.anhedonia, ...AXIS_SOURCES.apathy].find((s) => s.instrumentId === instrumentId);
  return source?.score ?? 'total';
}

/** Percent of maximum possible, 0–100, in the score's own direction. */
export function toPomp(value: number, range: { readonly min: number; readonly max: number }): number {
  return ((value - range.min) / (range.max - range.min)) * 100;
}

/** z against a reference group, in the score's own direction. */
export function toZ(value: number, norm: Pick<Norm, 'mean' | 'sd'>): number {
  return (value - norm.mean) / norm.sd;
}

/** True when a higher score means *less* of the deficit (more pleasure), so the profile must reverse it. */
export function isReversedForProfile(score: Pick<ScoreDefinition, 'higherMeans'>): boolean {
  return score.higherMeans === 'more-pleasure';
}

/** Aligns a metric value so that higher = more deficit: POMP reflects around 50 (100 − p), z changes sign. */
export function alignForDeficit(value: number, metric: Metric, reversed: boolean): number {
  if (!reversed) return value;
  return metric === 'pomp' ? 100 - value : -value;
}

export type Contribution = {
  readonly instrumentId: string;
  readonly scale: string;
  readonly score: string;
  readonly raw: number;
  readonly prorated: boolean;
  readonly reversed: boolean;
  /** On the axis metric, aligned so that higher = more deficit. */
  readonly aligned: number;
  readonly norm: Norm | null;
};

export type AxisValue = {
  readonly value: number | null;
  readonly metric: Metric;
  readonly contributions: readonly Contribution[];
};

export type ScoreInput = {
  readonly definition: InstrumentDefinition;
  readonly scores: Readonly<Record<string, number | null>>;
  readonly prorated: Readonly<Record<string, boolean>>;
};

/**
 * One axis from the scores of one visit. `norms` maps "instrumentId/score" to the selected reference group;
 * z is used only if every available score on the axis has one, otherwise POMP for all of them.
 */
export function computeAxis(axis: Axis, inputs: readonly ScoreInput[], norms: ReadonlyMap<string, Norm>): AxisValue {
  const available = AXIS_SOURCES[axis].flatMap((source) => {
    const input = inputs.find((i) => i.definition.id === source.instrumentId);
    const definition = input?.definition.scores.find((s) => s.key === source.score);
    const raw = input?.scores[source.score];
    if (!input || !definition || raw === null || raw === undefined) return [];
    return [{ source, definition, raw, prorated: input.prorated[source.score] ?? false }];
  });
  const metric: Metric = available.length > 0 && available.every((a) => norms.has(`${a.source.instrumentId}/${a.source.score}`)) ? 'z' : 'pomp';
  const contributions = available.map(({ source, definition, raw, prorated }): Contribution => {
    const norm = metric === 'z' ? (norms.get(`${source.instrumentId}/${source.score}`) ?? null) : null;
    const reversed = isReversedForProfile(definition);
    const onMetric = norm ? toZ(raw, norm) : toPomp(raw, definition.range);
    return { instrumentId: source.instrumentId, scale: source.scale, score: source.score, raw, prorated, reversed, aligned: alignForDeficit(onMetric, metric, reversed), norm };
  });
  return { value: meanOfScales(contributions), metric, contributions };
}

/** Mean within each scale (e.g. AES-S and AES-C), then the equal-weight mean of the scales; null when none. */
function meanOfScales(contributions: readonly Contribution[]): number | null {
  const byScale = new Map<string, number[]>();
  for (const c of contributions) byScale.set(c.scale, [...(byScale.get(c.scale) ?? []), c.aligned]);
  const means = [...byScale.values()].map((values) => values.reduce((a, b) => a + b, 0) / values.length);
  return means.length === 0 ? null : means.reduce((a, b) => a + b, 0) / means.length;
}

/**
 * Where a point sits against the reference lines: z = 1 (one SD above the reference mean) for z, or the scale
 * midpoint (POMP 50) — a visual aid, not a clinical cut-off. Worded as a profile, never as a diagnosis.
 */
export type ProfileRegion = 'mainly-anhedonia' | 'mainly-apathy' | 'both' | 'neither';

export function referenceLine(metric: Metric): number {
  return metric === 'z' ? 1 : 50;
}

export function describeRegion(anhedonia: AxisValue, apathy: AxisValue): ProfileRegion | null {
  if (anhedonia.value === null || apathy.value === null) return null;
  const highAnhedonia = anhedonia.value >= referenceLine(anhedonia.metric);
  const highApathy = apathy.value >= referenceLine(apathy.metric);
  if (highAnhedonia && highApathy) return 'both';
  if (highAnhedonia) return 'mainly-anhedonia';
  if (highApathy) return 'mainly-apathy';
  return 'neither';
}

export type ReliableChange =
  | { readonly kind: 'computed'; readonly rci: number; readonly reliable: boolean; readonly direction: 'worse' | 'better' | 'none'; readonly seDiff: number }
  | { readonly kind: 'not-computable'; readonly reason: 'no-reliability-data' | 'missing-score' };

/**
 * Jacobson & Truax (1991, J Consult Clin Psychol 59:12–19): SEM = SD·√(1 − r), S_diff = √2·SEM,
 * RCI = (x₂ − x₁)/S_diff; |RCI| > 1.96 is reliable change (p < .05). Needs a sourced SD and test–retest r.
 * `higherIsWorse` gives the clinical direction of a rise.
 */
export function reliableChange(
  before: number | null,
  after: number | null,
  norm: Pick<Norm, 'sd' | 'testRetest'> | null,
  higherIsWorse: boolean,
): ReliableChange {
  if (before === null || after === null) return { kind: 'not-computable', reason: 'missing-score' };
  if (!norm?.testRetest) return { kind: 'not-computable', reason: 'no-reliability-data' };
  const seDiff = Math.sqrt(2) * norm.sd * Math.sqrt(1 - norm.testRetest.r);
  const rci = (after - before) / seDiff;
  const reliable = Math.abs(rci) > 1.96;
  const rose = rci > 0;
  const direction = !reliable ? 'none' : rose === higherIsWorse ? 'worse' : 'better';
  return { kind: 'computed', rci, reliable, direction, seDiff };
}

/** The completed assessments of one calendar day, merged: the latest result of each instrument counts. */
export type Visit = { readonly date: string; readonly inputs: readonly ScoreInput[] };

export type CompletedResult = {
  readonly completedAt: string;
  readonly results: Readonly<Record<string, { readonly scores: Readonly<Record<string, number | null>>; readonly details: Readonly<Record<string, { readonly prorated: boolean }>> }>>;
};

/**
 * Groups completed assessments into visits by day, oldest first. `dayOf` maps an ISO time to the clinic's local
 * calendar day (it comes in from the UI; the default, the UTC day, is for tests).
 */
export function groupVisits(
  completed: readonly CompletedResult[],
  definitions: ReadonlyMap<string, InstrumentDefinition>,
  dayOf: (iso: string) => string = (iso) => iso.slice(0, 10),
): Visit[] {
  const byDay = new Map<string, Map<string, ScoreInput>>();
  for (const assessment of [...completed].sort((a, b) => a.completedAt.localeCompare(b.completedAt))) {
    const day = dayOf(assessment.completedAt);
    const inputs = byDay.get(day) ?? new Map<string, ScoreInput>();
    for (const [instrumentId, result] of Object.entries(assessment.results)) {
      const definition = definitions.get(instrumentId);
      // The psychosocial context is shown beside the profile (context.ts), never in its visits, trend or change.
      if (!definition || isContextConstruct(definition.construct)) continue;
      const prorated = Object.fromEntries(Object.entries(result.details).map(([key, d]) => [key, d.prorated]));
      inputs.set(instrumentId, { definition, scores: result.scores, prorated });
    }
    if (inputs.size > 0) byDay.set(day, inputs);
  }
  return [...byDay.entries()].map(([date, inputs]) => ({ date, inputs: [...inputs.values()] }));
}

export type ProfilePoint = {
  readonly date: string;
  readonly anhedonia: AxisValue;
  readonly apathy: AxisValue;
  readonly region: ProfileRegion | null;
};

/** The profile of each visit, oldest first: the trajectory drawn on the 2-D plot. */
export function profileOverVisits(visits: readonly Visit[], norms: ReadonlyMap<string, Norm>): ProfilePoint[] {
  return visits.map((visit) => {
    const anhedonia = computeAxis('anhedonia', visit.inputs, norms);
    const apathy = computeAxis('apathy', visit.inputs, norms);
    return { date: visit.date, anhedonia, apathy, region: describeRegion(anhedonia, apathy) };
  });
}
