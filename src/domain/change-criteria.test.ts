import { loadInstrument } from '../../tests/support/instruments.ts';
import { describe, expect, it } from 'vitest';
import { changeBetweenVisits, interpretChange, type ChangeOutcome } from './change-criteria.ts';
import type { Visit } from './profile.ts';

const phq9 = loadInstrument('phq-9').definition;
const results = (outcomes: readonly ChangeOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.kind, o.result]));
const visit = (date: string, total: number | null): Visit => ({ date, inputs: [{ definition: phq9, scores: { total }, prorated: {} }] });

describe('PHQ-9 change between two visits (criteria and sources from instrument.json)', () => {
  it('17 → 8: response (a drop of at least 50 %), no remission (8 is not below 5), reliable improvement (9 ≥ 5 points)', () => {
    expect(results(interpretChange(phq9, 'total', 17, 8))).toEqual({ response: 'met', remission: 'not-met', 'reliable-change': 'improvement' });
  });

  it('12 → 4: remission (below 5) and response', () => {
    expect(results(interpretChange(phq9, 'total', 12, 4))).toEqual({ response: 'met', remission: 'met', 'reliable-change': 'improvement' });
  });

  it('8 → 15: reliable deterioration; response and remission do not apply below a baseline of 10', () => {
    expect(results(interpretChange(phq9, 'total', 8, 15))).toEqual({ response: 'not-applicable', remission: 'not-applicable', 'reliable-change': 'deterioration' });
  });

  it.each([
    [16, 8, 'met'],
    [17, 9, 'not-met'],
    [10, 5, 'met'],
  ])('response at exactly half: %i → %i is %s', (before, after, expected) => {
    expect(results(interpretChange(phq9, 'total', before, after)).response).toBe(expected);
  });

  it('a change of 4 points is not reliable; 5 is', () => {
    expect(results(interpretChange(phq9, 'total', 14, 10))['reliable-change']).toBe('none');
    expect(results(interpretChange(phq9, 'total', 14, 9))['reliable-change']).toBe('improvement');
  });

  it('every criterion names a source the instrument lists, with a locator', () => {
    const ids = new Set(phq9.sources.map((s) => s.id));
    for (const criterion of phq9.change ?? []) {
      expect(ids.has(criterion.source)).toBe(true);
      expect(criterion.locator.length).toBeGreaterThan(10);
    }
    expect((phq9.change ?? []).map((c) => c.kind).sort()).toEqual(['reliable-change', 'remission', 'response']);
  });

  it('compares the last two visits that have a total, skipping a visit without one', () => {
    const [change] = changeBetweenVisits([visit('2026-01-01', 20), visit('2026-02-01', 17), visit('2026-03-01', null), visit('2026-04-01', 8)], [phq9]);
    expect(change?.before).toEqual({ date: '2026-02-01', value: 17 });
    expect(change?.after).toEqual({ date: '2026-04-01', value: 8 });
    expect(results(change?.outcomes ?? [])).toEqual({ response: 'met', remission: 'not-met', 'reliable-change': 'improvement' });
  });

  it('gives nothing with one visit, or for an instrument without criteria', () => {
    expect(changeBetweenVisits([visit('2026-01-01', 17)], [phq9])).toEqual([]);
    expect(changeBetweenVisits([], [loadInstrument('shaps').definition])).toEqual([]);
  });
});
