import { loadInstrument } from '../../tests/support/instruments.ts';
import { describe, expect, it } from 'vitest';
import type { InstrumentDefinition } from './instrument-schema.ts';
import type { Norm } from './norm-schema.ts';
import { alignForDeficit, computeAxis, describeRegion, groupVisits, profileOverVisits, reliableChange, toPomp, toZ, type ScoreInput } from './profile.ts';

const def = (id: string): InstrumentDefinition => loadInstrument(id).definition;
const input = (id: string, scores: Record<string, number | null>, prorated: Record<string, boolean> = {}): ScoreInput => ({
  definition: def(id),
  scores,
  prorated,
});
const norm = (instrumentId: string, score: string, mean: number, sd: number, r?: number): Norm => ({
  id: `${instrumentId}-test`,
  instrumentId,
  score,
  population: 'test',
  language: 'en',
  n: 100,
  mean,
  sd,
  ...(r === undefined ? {} : { testRetest: { r, interval: '4 weeks', source: 'test' } }),
  source: { citation: 'test', locator: 'Table 1', quote: 'test' },
});

describe('profile maths (hand-worked examples)', () => {
  it('computes POMP from the score range: SHAPS 14–56 scoring 35 → 50, TEPS 18–108 scoring 108 → 100', () => {
    expect(toPomp(35, { min: 14, max: 56 })).toBe(50);
    expect(toPomp(108, { min: 18, max: 108 })).toBe(100);
    expect(toPomp(0.5, { min: 0, max: 4 })).toBe(12.5);
  });

  it('computes z against a reference mean and SD', () => {
    expect(toZ(40, { mean: 30, sd: 10 })).toBe(1);
  });

  it('reverses TEPS (higher = more pleasure) so that higher = more anhedonia on the axis', () => {
    expect(alignForDeficit(80, 'pomp', true)).toBe(20);
    expect(alignForDeficit(-1.5, 'z', true)).toBe(1.5);
    const axis = computeAxis('anhedonia', [input('shaps', { likert: 56 }), input('teps', { total: 18 })], new Map());
    // SHAPS 56 → POMP 100; TEPS 18 → POMP 0 → reversed 100: both say "maximal anhedonia"
    expect(axis).toMatchObject({ value: 100, metric: 'pomp' });
    expect(axis.contributions.map((c) => [c.instrumentId, c.aligned, c.reversed])).toEqual([
      ['shaps', 100, false],
      ['teps', 100, true],
    ]);
  });

  it('averages the aligned scores of an axis with equal weights', () => {
    // AES-S 45 → (45 − 18)/54 = 50; AMI 1 → 25; apathy = 37.5
    const axis = computeAxis('apathy', [input('aes-s', { total: 45 }), input('ami', { total: 1 })], new Map());
    expect(axis.value).toBe(37.5);
  });

  it('averages versions of one scale first, so three AES ratings weigh as much as the AMI', () => {
    // AES-S 45 → 50 and AES-C 72 → 100 give AES 75; AMI 1 → 25; apathy = (75 + 25)/2 = 50
    const axis = computeAxis('apathy', [input('aes-s', { total: 45 }), input('aes-c', { total: 72 }), input('ami', { total: 1 })], new Map());
    expect(axis.value).toBe(50);
  });

  it('plots an axis from the one instrument given when the other is missing', () => {
    const axis = computeAxis('anhedonia', [input('teps', { total: 63 })], new Map());
    expect(axis).toMatchObject({ value: 50, metric: 'pomp' });
    expect(axis.contributions).toHaveLength(1);
    expect(computeAxis('apathy', [input('teps', { total: 63 })], new Map()).value).toBeNull();
  });

  it('carries a prorated score into the axis and says it was prorated', () => {
    const axis = computeAxis('apathy', [input('aes-s', { total: 39 }, { total: true })], new Map());
    expect(axis.contributions[0]).toMatchObject({ raw: 39, prorated: true });
    expect(axis.value).toBeCloseTo((21 / 54) * 100, 10);
  });

  it('ignores an unscorable (null) score rather than counting it as zero', () => {
    const axis = computeAxis('anhedonia', [input('shaps', { likert: null }), input('teps', { total: 108 })], new Map());
    expect(axis).toMatchObject({ value: 0 });
  });

  it('uses z only when every score on the axis has a reference group, otherwise POMP for all', () => {
    const both = new Map([
      ['shaps/likert', norm('shaps', 'likert', 30, 10)],
      ['teps/total', norm('teps', 'total', 80, 10)],
    ]);
    // SHAPS 40 → z +1; TEPS 70 → z −1 → reversed +1; anhedonia z = 1
    const z = computeAxis('anhedonia', [input('shaps', { likert: 40 }), input('teps', { total: 70 })], both);
    expect(z).toMatchObject({ value: 1, metric: 'z' });
    const onlyOne = new Map([['shaps/likert', norm('shaps', 'likert', 30, 10)]]);
    const pomp = computeAxis('anhedonia', [input('shaps', { likert: 35 }), input('teps', { total: 63 })], onlyOne);
    expect(pomp).toMatchObject({ value: 50, metric: 'pomp' });
    expect(pomp.contributions.every((c) => c.norm === null)).toBe(true);
  });

  it('describes where the point sits as a profile, against the scale midpoint for POMP', () => {
    const at = (value: number) => ({ value, metric: 'pomp' as const, contributions: [] });
    expect(describeRegion(at(70), at(30))).toBe('mainly-anhedonia');
    expect(describeRegion(at(30), at(70))).toBe('mainly-apathy');
    expect(describeRegion(at(50), at(50))).toBe('both');
    expect(describeRegion(at(10), at(20))).toBe('neither');
    expect(describeRegion({ value: null, metric: 'pomp', contributions: [] }, at(20))).toBeNull();
  });
});

describe('reliable change (Jacobson–Truax)', () => {
  it('computes RCI from a sourced SD and test–retest r: SD 10, r .84 → S_diff 5.66; a rise of 12 is reliable', () => {
    const result = reliableChange(20, 32, norm('aes-s', 'total', 30, 10, 0.84), true);
    expect(result.kind).toBe('computed');
    if (result.kind !== 'computed') return;
    expect(result.seDiff).toBeCloseTo(5.657, 3);
    expect(result.rci).toBeCloseTo(2.121, 3);
    expect(result).toMatchObject({ reliable: true, direction: 'worse' });
  });

  it('calls a fall on a "higher = more pleasure" scale worse, and a small change no change', () => {
    expect(reliableChange(80, 60, norm('teps', 'total', 80, 10, 0.84), false)).toMatchObject({ direction: 'worse' });
    expect(reliableChange(20, 25, norm('aes-s', 'total', 30, 10, 0.84), true)).toMatchObject({ reliable: false, direction: 'none' });
  });

  it('says reliable change cannot be computed without sourced reliability data', () => {
    expect(reliableChange(20, 32, null, true)).toEqual({ kind: 'not-computable', reason: 'no-reliability-data' });
    expect(reliableChange(20, 32, norm('aes-s', 'total', 30, 10), true)).toEqual({ kind: 'not-computable', reason: 'no-reliability-data' });
    expect(reliableChange(null, 32, norm('aes-s', 'total', 30, 10, 0.8), true)).toEqual({ kind: 'not-computable', reason: 'missing-score' });
  });
});

describe('visits and trajectory', () => {
  const definitions = new Map(['shaps', 'teps', 'aes-s', 'ami'].map((id) => [id, def(id)]));
  const result = (scores: Record<string, number | null>) => ({ scores, details: Object.fromEntries(Object.keys(scores).map((k) => [k, { prorated: false }])) });

  it('merges same-day assessments into one visit and orders visits by date', () => {
    const visits = groupVisits(
      [
        { completedAt: '2026-03-01T10:00:00.000Z', results: { shaps: result({ likert: 42, total: 10 }) } },
        { completedAt: '2026-01-05T09:00:00.000Z', results: { shaps: result({ likert: 35, total: 7 }) } },
        { completedAt: '2026-01-05T11:00:00.000Z', results: { 'aes-s': result({ total: 45 }) } },
      ],
      definitions,
    );
    expect(visits.map((v) => [v.date, v.inputs.map((i) => i.definition.id)])).toEqual([
      ['2026-01-05', ['shaps', 'aes-s']],
      ['2026-03-01', ['shaps']],
    ]);
    const points = profileOverVisits(visits, new Map());
    expect(points.map((p) => [p.date, p.anhedonia.value, p.apathy.value, p.region])).toEqual([
      ['2026-01-05', 50, 50, 'both'],
      ['2026-03-01', expect.closeTo(200 / 3, 10), null, null],
    ]);
  });

  it('leaves the psychosocial context out of the visits: a context-only day is no visit of the profile', () => {
    const withContext = new Map([...definitions, ['ucla-3', def('ucla-3')], ['dass-21', def('dass-21')]]);
    const visits = groupVisits(
      [
        { completedAt: '2026-01-05T09:00:00.000Z', results: { shaps: result({ likert: 35, total: 7 }), 'ucla-3': result({ total: 9 }) } },
        { completedAt: '2026-02-05T09:00:00.000Z', results: { 'dass-21': result({ stress: 20, anxiety: 4, depression: 2 }) } },
      ],
      withContext,
    );
    expect(visits.map((v) => [v.date, v.inputs.map((i) => i.definition.id)])).toEqual([['2026-01-05', ['shaps']]]);
  });
});
