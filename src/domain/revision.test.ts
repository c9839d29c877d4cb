import { describe, expect, it } from 'vitest';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { acknowledgeAlerts, completeAsGiven, recordAnswer, startAssessment, type Assessment } from './assessment.ts';
import { asAssessmentId, asPatientId } from './ids.ts';
import type { Result } from './result.ts';
import { amendAnswers, correctedVisits, currentVersions, newerPulledVersions, versionNumber, versionRoot, voidVisit, type Correction } from './revision.ts';

const phq = loadInstrument('phq-9');
const instruments = [phq];

/** A completed PHQ-9 with every item at `code` (item 9 at `item9`), answered at 09:05 with 4 s per item. */
function visit(id: string, code: string, item9 = 'not-at-all', day = '2026-01-01'): Assessment {
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq.definition], mode: 'patient', language: 'en', now: `${day}T09:00:00.000Z` });
  for (const item of phq.definition.items) {
    const answer = item.id === 'phq-9-9' ? item9 : item.id === 'phq-9-difficulty' ? 'somewhat-difficult' : code;
    a = recordAnswer(a, phq.definition, item.id, { code: answer, answeredAt: `${day}T09:05:00.000Z`, durationMs: 4000 });
  }
  return completeAsGiven(a, instruments, `${day}T09:10:00.000Z`);
}

const correction = (over: Partial<Correction> = {}): Correction => ({ reason: 'wrong-answer', note: ' keyed 3 for 1 ', at: '2026-01-02T10:00:00.000Z', by: '', newId: 'v2', ...over });
const value = <T, E>(r: Result<T, E>): T => {
  if (!r.ok) throw new Error(String(r.error));
  return r.value;
};
const problem = <T, E>(r: Result<T, E>): E | null => (r.ok ? null : r.error);
const total = (a: Assessment) => a.results?.['phq-9']?.scores['total'];

describe('correcting a completed visit as a new version', () => {
  it('amends a wrong answer: a new record, re-scored, the old one untouched, the visit date kept', () => {
    const first = visit('a1', 'nearly-every-day');
    const amended = amendAnswers(first, [first], instruments, { 'phq-9': { 'phq-9-1': 'not-at-all' } }, correction());
    if (!amended.ok) throw new Error(amended.error);
    expect(total(first)).toBe(24);
    expect(total(amended.value)).toBe(21);
    expect(amended.value.id).toBe('v2');
    expect(amended.value.completedAt).toBe(first.completedAt);
    expect(amended.value.updatedAt).toBe('2026-01-02T10:00:00.000Z');
    expect(amended.value.answers['phq-9']?.['phq-9-1']).toEqual({ code: 'not-at-all', answeredAt: '2026-01-02T10:00:00.000Z', durationMs: 4000 });
    expect(amended.value.revision).toEqual({ root: 'a1', number: 2, kind: 'amended', reason: 'wrong-answer', note: 'keyed 3 for 1', at: '2026-01-02T10:00:00.000Z', by: '', changed: ['phq-9'] });
    expect(first.answers['phq-9']?.['phq-9-1']?.code).toBe('nearly-every-day');
  });

  it('shows only the newest version of each visit, and no voided visit', () => {
    const a = visit('a1', 'nearly-every-day');
    const b = visit('b1', 'several-days', 'not-at-all', '2026-02-01');
    const a2 = value(amendAnswers(a, [a, b], instruments, { 'phq-9': { 'phq-9-2': 'not-at-all' } }, correction()));
    const b2 = value(voidVisit(b, [a, b, a2], correction({ reason: 'wrong-patient', newId: 'b2', note: 'was W7-043' })));
    const all = [b2, b, a2, a];
    expect(currentVersions(all).map((x) => x.id)).toEqual(['v2']);
    expect(b2.revision).toMatchObject({ root: 'b1', number: 2, kind: 'entered-in-error', reason: 'wrong-patient', note: 'was W7-043', changed: [] });
    expect(b2.results).toEqual(b.results);
    const history = correctedVisits(all);
    expect(history.map((h) => [h.root, h.voided, h.versions.map((v) => v.id)])).toEqual([
      ['b1', true, ['b2', 'b1']],
      ['a1', false, ['v2', 'a1']],
    ]);
  });

  it('corrects the current version only, after the alert is seen, with a real change and an option of the item', () => {
    const risky = visit('a1', 'several-days', 'several-days');
    expect(problem(amendAnswers(risky, [risky], instruments, { 'phq-9': { 'phq-9-1': 'not-at-all' } }, correction()))).toBe('alert-open');
    const seen = value(acknowledgeAlerts(risky, '2026-01-01T09:20:00.000Z'));
    expect(problem(amendAnswers(seen, [seen], instruments, { 'phq-9': { 'phq-9-1': 'several-days' } }, correction()))).toBe('no-change');
    expect(problem(amendAnswers(seen, [seen], instruments, { 'phq-9': { 'phq-9-1': 'sometimes' } }, correction()))).toBe('unknown-answer');
    expect(problem(amendAnswers(seen, [seen], instruments, { shaps: { 'shaps-1': 'definitely-agree' } }, correction()))).toBe('unknown-answer');
    expect(problem(voidVisit(seen, [seen], correction()))).toBe('wrong-reason');
    const v2 = value(amendAnswers(seen, [seen], instruments, { 'phq-9': { 'phq-9-1': 'not-at-all' } }, correction()));
    // The acknowledged alert stays acknowledged: the risk answer did not change.
    expect(v2.alertsAcknowledgedAt).toBe('2026-01-01T09:20:00.000Z');
    expect(problem(amendAnswers(seen, [seen, v2], instruments, { 'phq-9': { 'phq-9-2': 'not-at-all' } }, correction({ newId: 'v3' })))).toBe('not-current');
    const v3 = value(amendAnswers(v2, [seen, v2], instruments, { 'phq-9': { 'phq-9-2': 'not-at-all' } }, correction({ newId: 'v3' })));
    expect([versionRoot(v3), versionNumber(v3)]).toEqual(['a1', 3]);
  });

  it('opens an alert again when the corrected answer raises one', () => {
    const calm = visit('a1', 'several-days');
    const v2 = value(amendAnswers(calm, [calm], instruments, { 'phq-9': { 'phq-9-9': 'several-days' } }, correction()));
    expect(v2.alerts).toEqual([{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]);
    expect(v2.alertsAcknowledgedAt).toBeNull();
  });

  it('refuses to correct a voided visit', () => {
    const a = visit('a1', 'several-days');
    const voided = value(voidVisit(a, [a], correction({ reason: 'entered-in-error' })));
    expect(problem(voidVisit(voided, [a, voided], correction({ reason: 'entered-in-error', newId: 'v3' })))).toBe('not-completed');
  });
});

describe('versions pulled from the clinic server', () => {
  it('keeps only versions above the ones held, under one id on every tablet', () => {
    const a = visit('a1', 'several-days');
    const a2 = value(amendAnswers(a, [a], instruments, { 'phq-9': { 'phq-9-1': 'not-at-all' } }, correction()));
    const pulledA2 = { ...a2, id: asAssessmentId('a1') };
    const b = visit('b1', 'several-days');
    expect(newerPulledVersions([a], [pulledA2, b]).map((x) => x.id)).toEqual(['a1~2', 'b1']);
    expect(newerPulledVersions([a, a2], [pulledA2]).map((x) => x.id)).toEqual([]);
    expect(newerPulledVersions([], [a]).map((x) => x.id)).toEqual(['a1']);
  });
});
