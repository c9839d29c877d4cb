import { loadInstrument } from '../../tests/support/instruments.ts';
import { describe, expect, it } from 'vitest';
import {
  asGiven,
  completeAssessment,
  countProgress,
  findResumePoint,
  finishDraft,
  hasUnacknowledgedAlert,
  reconcileAlerts,
  recordAnswer,
  startAssessment,
  type Assessment,
} from './assessment.ts';
import { asAssessmentId, asPatientId } from './ids.ts';
import type { InstrumentDefinition } from './instrument-schema.ts';
import { detectQualityFlags, minimumReadingMs } from './quality-flags.ts';
import { scoreAssessment } from './score-assessment.ts';

const load = loadInstrument;
const shaps = load('shaps');
const phq = load('phq-9');
const defs = [shaps.definition, phq.definition];
const texts = (def: InstrumentDefinition) => (def.id === 'shaps' ? shaps : phq).packs.en?.items ?? {};

function draft(): Assessment {
  return startAssessment({
    id: asAssessmentId('a1'),
    patientId: asPatientId('p1'),
    batteryName: 'Handover',
    definitions: defs,
    mode: 'patient',
    language: 'en',
    now: '2026-01-01T09:00:00.000Z',
  });
}

function answerAll(a: Assessment, def: InstrumentDefinition, code: string, durationMs = 5000): Assessment {
  return def.items
    .filter((i) => i.required)
    .reduce((acc, item) => recordAnswer(acc, def, item.id, { code, answeredAt: '2026-01-01T09:05:00.000Z', durationMs }), a);
}

describe('assessment life cycle', () => {
  it('records the instruments and versions it was started with', () => {
    expect(draft().instruments).toEqual([
      { id: 'shaps', version: '1.0.0' },
      { id: 'phq-9', version: '1.0.0' },
    ]);
  });

  it('resumes at the first unanswered item, across instruments', () => {
    let a = draft();
    expect(findResumePoint(a, defs)).toEqual({ instrumentIndex: 0, itemIndex: 0 });
    a = answerAll(a, shaps.definition, 'agree');
    a = recordAnswer(a, phq.definition, 'phq-9-1', { code: 'not-at-all', answeredAt: 'x', durationMs: 3000 });
    expect(findResumePoint(a, defs)).toEqual({ instrumentIndex: 1, itemIndex: 1 });
    expect(countProgress(a, defs)).toEqual({ answered: 15, total: 23 });
    a = answerAll(a, phq.definition, 'not-at-all');
    expect(findResumePoint(a, defs)).toBeNull();
  });

  it('raises the item-9 alert the moment it is answered, and only once', () => {
    let a = recordAnswer(draft(), phq.definition, 'phq-9-9', { code: 'several-days', answeredAt: 'x', durationMs: 3000 });
    a = recordAnswer(a, phq.definition, 'phq-9-9', { code: 'nearly-every-day', answeredAt: 'y', durationMs: 3000 });
    expect(a.alerts).toEqual([{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]);
    expect(hasUnacknowledgedAlert(a)).toBe(true);
  });

  it('scores every instrument on completion and keeps quality flags apart from scores', () => {
    let a = answerAll(draft(), shaps.definition, 'disagree', 200);
    a = answerAll(a, phq.definition, 'several-days');
    const done = completeAssessment(a, defs, texts, '2026-01-01T09:10:00.000Z');
    expect(done.status).toBe('completed');
    expect(done.results?.shaps?.scores).toEqual({ total: 14, likert: 42 });
    expect(done.results?.['phq-9']?.scores).toEqual({ total: 9 });
    expect(done.qualityFlags.shaps).toEqual([
      { code: 'straightLining', option: 'disagree' },
      { code: 'tooFast', items: shaps.definition.items.map((i) => i.id) },
    ]);
  });
});

describe('quality flags', () => {
  it('sets the reading-time floor from the item length, never below 600 ms', () => {
    expect(minimumReadingMs('I have friends.')).toBe(600);
    expect(minimumReadingMs('I would find pleasure in my hobbies and pastimes.')).toBe(900);
  });

  it('counts each Chinese character as a word, since Chinese has no spaces between words', () => {
    // Numerals, not item text: twenty Han characters, then a mix with a spaced word.
    expect(minimumReadingMs('一二三四五六七八九十一二三四五六七八九十')).toBe(2000);
    expect(minimumReadingMs('PHQ-9 一二三四五六七')).toBe(800);
  });

  it('does not flag varied answers given at a reading pace', () => {
    const answers = Object.fromEntries(
      shaps.definition.items.map((item, i) => [item.id, { code: i % 2 ? 'agree' : 'disagree', answeredAt: 'x', durationMs: 4000 }]),
    );
    expect(detectQualityFlags(shaps.definition, answers, texts(shaps.definition))).toEqual([]);
  });
});

describe('reconcileAlerts', () => {
  it('restores an alert that the stored answers raise but the record lost', () => {
    const answered = recordAnswer(draft(), phq.definition, 'phq-9-9', { code: 'several-days', answeredAt: 'x', durationMs: 3000 });
    const lost = { ...answered, alerts: [], alertsAcknowledgedAt: '2026-01-01T10:00:00.000Z' };
    const fixed = reconcileAlerts(lost, defs);
    expect(fixed.alerts).toEqual([{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]);
    expect(hasUnacknowledgedAlert(fixed)).toBe(true);
  });

  it('changes nothing when every alert is already listed', () => {
    const answered = recordAnswer(draft(), phq.definition, 'phq-9-9', { code: 'several-days', answeredAt: 'x', durationMs: 3000 });
    expect(reconcileAlerts(answered, defs)).toBe(answered);
  });
});

describe('a score converted by age group and administration (CFPB)', () => {
  const cfpb = load('cfpb-fwb-10').definition;
  /** Every CFPB answer at value 2 (total 20), for a patient born in `birthYear`, given as `mode`. */
  const visit = (birthYear: number | null | undefined, mode: 'patient' | 'clinician', on = '2026-03-02T09:00:00.000Z') => {
    let a = startAssessment({ id: asAssessmentId('c1'), patientId: asPatientId('p1'), batteryName: 'x', definitions: [cfpb], mode, language: 'en', now: on, ...(birthYear === undefined ? {} : { birthYear }) });
    a = answerAll(a, cfpb, 'somewhat');
    a = cfpb.items.filter((i) => i.optionSet === 'cfpb-frequency').reduce((acc, item) => recordAnswer(acc, cfpb, item.id, { code: 'sometimes', answeredAt: on, durationMs: 5000 }), a);
    return completeAssessment(a, [cfpb], () => ({}), on).results?.['cfpb-fwb-10'];
  };

  it('reads the age group from the birth year recorded with the visit and the administration from who answered', () => {
    // Born 1970, in 2026: 55 or 56, 18–61 either way. Handed over: self-administered (50); keyed in: read to them (52).
    expect(visit(1970, 'patient')?.scores.score).toBe(50);
    expect(visit(1970, 'clinician')?.scores.score).toBe(52);
    // Born 1960: 65 or 66, 62+: 53 self-administered.
    expect(visit(1960, 'patient')?.scores.score).toBe(53);
    expect(visit(1960, 'patient')?.provenance.respondent).toEqual({ age: { min: 65, max: 66 }, administration: 'self' });
  });

  it('gives no score, with the reason, when the age group is unknown or uncertain', () => {
    // Born 1964, in 2026: 61 or 62, at the edge of two groups.
    expect(visit(1964, 'patient')?.details['score']).toMatchObject({ value: null, reason: 'age-uncertain' });
    expect(visit(null, 'patient')?.details['score']).toMatchObject({ value: null, reason: 'age-unknown' });
    // Recorded before birth years went with the visit (absent), as for no birth year.
    expect(visit(undefined, 'patient')?.details['score']).toMatchObject({ value: null, reason: 'age-unknown' });
    expect(visit(2010, 'patient')?.details['score']).toMatchObject({ value: null, reason: 'age-outside-table' });
  });

  it('keeps no respondent in the results of instruments without a table', () => {
    const completed = completeAssessment(answerAll(draft(), shaps.definition, 'agree'), [shaps.definition], () => ({}), '2026-01-01T09:10:00.000Z');
    expect(completed.results?.['shaps']?.provenance).not.toHaveProperty('respondent');
  });
});

describe('a part left out as not applicable (CBI without the client part)', () => {
  const cbi = load('cbi').definition;
  const on = '2026-03-02T09:00:00.000Z';
  const start = (notAsked?: Record<string, readonly string[]>) =>
    startAssessment({ id: asAssessmentId('b1'), patientId: asPatientId('p1'), batteryName: 'x', definitions: [cbi], mode: 'patient', language: 'en', now: on, ...(notAsked ? { notAsked } : {}) });
  const clientItems = cbi.parts?.find((p) => p.id === 'client')?.items ?? [];

  it('records the part with the instrument, and an unknown part not at all', () => {
    expect(start({ cbi: ['client', 'no-such-part'] }).instruments).toEqual([{ id: 'cbi', version: cbi.version, notAsked: ['client'] }]);
    expect(start().instruments).toEqual([{ id: 'cbi', version: cbi.version }]);
  });

  it('asks only the other items: resume point, progress and finishing skip the part', () => {
    let a = start({ cbi: ['client'] });
    const asked = () => asGiven(a, [load('cbi')]).map((i) => i.definition);
    expect(asked()[0]?.items.map((i) => i.id)).not.toContain(clientItems[0]);
    expect(countProgress(a, asked())).toEqual({ answered: 0, total: 13 });
    for (const item of cbi.items.filter((i) => !clientItems.includes(i.id))) a = recordAnswer(a, cbi, item.id, { code: item.optionSet === 'frequency' ? 'often' : 'somewhat', answeredAt: on, durationMs: 5000 });
    expect(findResumePoint(a, asked())).toBeNull();
    expect(countProgress(a, asked())).toEqual({ answered: 13, total: 13 });
    expect(finishDraft(a, [load('cbi')], on).ok).toBe(true);
    const result = completeAssessment(a, [cbi], () => ({}), on).results?.['cbi'];
    // Personal 75; work (75 × 3 + 50 × 3 + reversed "often" 25) / 7; client not asked: no score, not missing, not partial.
    expect(result?.scores).toEqual({ personal: 75, work: 57.1, client: null });
    expect(result?.details['client']).toMatchObject({ value: null, reason: 'not-asked' });
    expect(result?.status).toBe('complete');
    expect(result?.missing).toEqual([]);
    expect(result?.provenance.notAsked).toEqual(['client']);
  });

  it('counts the part as missing when it was asked and left unanswered', () => {
    let a = start();
    for (const item of cbi.items.filter((i) => !clientItems.includes(i.id))) a = recordAnswer(a, cbi, item.id, { code: item.optionSet === 'frequency' ? 'sometimes' : 'somewhat', answeredAt: on, durationMs: 5000 });
    expect(findResumePoint(a, asGiven(a, [load('cbi')]).map((i) => i.definition))).toEqual({ instrumentIndex: 0, itemIndex: 13 });
    expect(finishDraft(a, [load('cbi')], on)).toEqual({ ok: false, error: 'unanswered' });
    const result = completeAssessment(a, [cbi], () => ({}), on).results?.['cbi'];
    expect(result?.details['client']).toMatchObject({ value: null, reason: 'too-many-missing' });
    expect(result?.status).toBe('partial');
  });

  it('refuses an answer to an item of the part left out, rather than scoring around it', () => {
    const result = scoreAssessment(cbi, { [clientItems[0] ?? '']: 'always' }, 'en', undefined, ['client']);
    expect(result.status).toBe('invalid');
    expect(result.errors).toEqual([{ code: 'not-asked', item: clientItems[0], value: 'always' }]);
  });
});
