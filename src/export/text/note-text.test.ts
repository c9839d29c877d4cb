import { loadInstrument } from '../../../tests/support/instruments.ts';
import { describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { toAscii, toNoteText } from './note-text.ts';

const load = loadInstrument;
const shaps = load('shaps');
const phq = load('phq-9');

function completed() {
  const defs = [shaps.definition, phq.definition];
  let a = startAssessment({ id: asAssessmentId('a'), patientId: asPatientId('p'), batteryName: 'SHAPS + PHQ-9', definitions: defs, mode: 'patient', language: 'en', now: '2026-02-09T09:00:00.000Z' });
  for (const item of shaps.definition.items) a = recordAnswer(a, shaps.definition, item.id, { code: 'disagree', answeredAt: 'x', durationMs: 4000 });
  for (const item of phq.definition.items.filter((i) => i.required)) {
    a = recordAnswer(a, phq.definition, item.id, { code: item.id === 'phq-9-9' ? 'several-days' : 'more-than-half-the-days', answeredAt: 'x', durationMs: 4000 });
  }
  return completeAssessment(a, defs, () => ({}), '2026-02-09T09:20:00.000Z');
}

describe('toNoteText', () => {
  const text = toNoteText(completed(), [shaps, phq], 'P-001');

  it('lists every score with its band, and the safety alert, for pasting into a note', () => {
    expect(text.split('\n')).toEqual([
      'Motivation Profile - patient P-001 - 2026-02-09 - SHAPS + PHQ-9',
      'SHAPS: SHAPS total (Snaith 1995 scoring, 0-14): 14 (Abnormal hedonic tone (3 or more)); SHAPS total (Likert scoring, 14-56): 42',
      '  Response quality: every item answered the same',
      'PHQ-9: PHQ-9 total (0-27): 17 (Moderately severe (15-19))',
      "ALERT PHQ-9: Item 9 (thoughts of being better off dead or of self-harm) was answered 'Several days' or more: assess risk now.",
      'Scoring engine 1.0.0; shaps 1.0.0, phq-9 1.0.0',
    ]);
  });

  it('is plain ASCII', () => {
    expect(/^[\x20-\x7E\n]*$/.test(text)).toBe(true);
  });
});

describe('toAscii', () => {
  it.each([
    ['score ≥ 3', 'score >= 3'],
    ['0–14 — “quoted”', '0-14 - "quoted"'],
    ['Ångström café', 'Angstrom cafe'],
    ['抑郁', ''],
  ])('turns %j into %j', (input, output) => {
    expect(toAscii(input)).toBe(output);
  });
});
