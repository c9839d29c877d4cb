import { loadInstrument } from '../../tests/support/instruments.ts';
import { describe, expect, it } from 'vitest';
import type { InstrumentDefinition } from './instrument-schema.ts';
import { roundTo, SCORING_ENGINE_VERSION, scoreAssessment } from './score-assessment.ts';

const load = (id: string): InstrumentDefinition => loadInstrument(id).definition;

function answerAll(def: InstrumentDefinition, code: string, overrides: Record<string, string | null> = {}) {
  return { ...Object.fromEntries(def.items.filter((i) => i.required).map((i) => [i.id, code])), ...overrides };
}

describe('scoreAssessment', () => {
  const shaps = load('shaps');
  const aes = load('aes-s');
  const ami = load('ami');
  const teps = load('teps');
  const phq = load('phq-9');

  it('scores SHAPS both ways from the same answers: Snaith dichotomous and 1–4 Likert', () => {
    const answers = answerAll(shaps, 'agree', { 'shaps-1': 'disagree', 'shaps-2': 'strongly-disagree' });
    const result = scoreAssessment(shaps, answers);
    expect(result.scores).toEqual({ total: 2, likert: 3 + 4 + 12 * 2 });
  });

  it('gives "strongly agree" and "definitely agree" one meaning whatever the printed option order', () => {
    const definitelyFirst = shaps.items.filter((i) => i.optionSet === 'agreement-agree-first').map((i) => i.id);
    expect(definitelyFirst).toEqual(['shaps-2', 'shaps-4', 'shaps-5', 'shaps-7', 'shaps-9', 'shaps-12', 'shaps-14']);
    expect(scoreAssessment(shaps, answerAll(shaps, 'strongly-agree')).scores).toEqual({ total: 0, likert: 14 });
  });

  it('scores AES reversed items 6, 10 and 11 opposite to the rest', () => {
    expect(aes.items.filter((i) => i.reversed).map((i) => i.number)).toEqual([6, 10, 11]);
    const onlyReversedChanged = scoreAssessment(aes, answerAll(aes, 'not-at-all', { 'aes-s-6': 'a-lot' }));
    const baseline = scoreAssessment(aes, answerAll(aes, 'not-at-all'));
    expect(onlyReversedChanged.scores.total).toBe((baseline.scores.total ?? 0) + 3);
  });

  it('reports AES item-type sums as descriptive and keeps them out of the status', () => {
    expect(aes.scores.filter((s) => s.descriptive).map((s) => s.key)).toEqual(['cognitive', 'behavioural', 'emotional', 'other']);
    const result = scoreAssessment(aes, answerAll(aes, 'somewhat', { 'aes-s-7': null }));
    expect(result.status).toBe('prorated');
    expect(result.scores.emotional).toBeNull();
  });

  it('averages AMI items (0–4) rather than summing them', () => {
    const result = scoreAssessment(ami, answerAll(ami, 'mostly-untrue'));
    expect(result.scores).toEqual({ behavioural: 3, social: 3, emotional: 3, total: 3 });
  });

  it('sums TEPS subscales and reverses only the "eating out" item', () => {
    const result = scoreAssessment(teps, answerAll(teps, 'very-true'));
    expect(result.scores).toEqual({ anticipatory: 9 * 6 + 1, consummatory: 8 * 6, total: 103 });
  });

  it('prorates the total when one item is missing and says so', () => {
    const result = scoreAssessment(phq, answerAll(phq, 'several-days', { 'phq-9-3': null }));
    expect(result.status).toBe('prorated');
    expect(result.details.total).toMatchObject({ value: 9, answered: 8, missing: 1, prorated: true });
    expect(result.missing).toEqual(['phq-9-3']);
  });

  it('returns null scores with a reason when more items are missing than the rule allows', () => {
    const result = scoreAssessment(phq, { 'phq-9-1': 'several-days' });
    expect(result.status).toBe('unscorable');
    expect(result.scores.total).toBeNull();
    expect(result.details.total?.reason).toBe('too-many-missing');
    expect(result.bands.total).toBeNull();
  });

  it('never prorates SHAPS', () => {
    const result = scoreAssessment(shaps, answerAll(shaps, 'agree', { 'shaps-5': null }));
    expect(result).toMatchObject({ status: 'unscorable', scores: { total: null, likert: null }, missing: ['shaps-5'] });
  });

  it('withholds a total whose required subscale cannot be scored', () => {
    const result = scoreAssessment(ami, answerAll(ami, 'quite-true', { 'ami-5': null, 'ami-9': null }));
    expect(result.status).toBe('partial');
    expect(result.details.total?.reason).toBe('required-score-missing');
    expect(result.scores.social).toBe(1);
  });

  it.each([
    ['an unknown option', { 'phq-9-1': 'often' }, { code: 'unknown-option', item: 'phq-9-1', value: 'often' }],
    ['an unknown item', { 'phq-9-10': 'not-at-all' }, { code: 'unknown-item', item: 'phq-9-10', value: 'not-at-all' }],
    ['an option of another scale', { 'phq-9-2': 'agree' }, { code: 'unknown-option', item: 'phq-9-2', value: 'agree' }],
  ])('rejects %s: invalid, every score null, but a valid item-9 answer still raises its alert', (_label, bad, error) => {
    const result = scoreAssessment(phq, answerAll(phq, 'nearly-every-day', bad));
    expect(result.status).toBe('invalid');
    expect(result.errors).toEqual([error]);
    expect(result.scores.total).toBeNull();
    expect(result.flags).toEqual(['suicidalIdeation']);
  });

  it('does not list an answer it rejected as missing', () => {
    const result = scoreAssessment(phq, answerAll(phq, 'not-at-all', { 'phq-9-9': 'often' }));
    expect(result.missing).toEqual([]);
    expect(result.flags).toEqual([]);
  });

  it('never imputes PHQ-9 item 9: no total without it, and the gap is flagged', () => {
    const result = scoreAssessment(phq, answerAll(phq, 'several-days', { 'phq-9-9': null }));
    expect(result.scores.total).toBeNull();
    expect(result.details.total?.reason).toBe('item-never-imputed');
    expect(result.flags).toEqual(['suicidalIdeationUnanswered']);
  });

  it('sums prorated subscales before rounding, so the total is rounded once', () => {
    const answers = {
      'teps-exciting-coming-up': 'moderately-true',
      'teps-favorite-food-taste': 'moderately-true',
      'teps-roller-coasters': 'moderately-true',
      'teps-night-before-holiday': 'moderately-true',
      'teps-eating-out': 'slightly-false',
      'teps-chocolate-chip-cookie': 'slightly-true',
      'teps-looking-forward-pleasurable': 'slightly-true',
      'teps-look-forward-to-things': 'slightly-true',
      'teps-menu-imagine-taste': 'slightly-true',
      'teps-crackling-wood': 'very-true',
      'teps-rain-on-windows': 'very-true',
      'teps-cut-grass': 'slightly-true',
      'teps-fresh-air': 'slightly-true',
      'teps-coffee-or-tea': 'slightly-true',
      'teps-good-yawn': 'slightly-false',
      'teps-fresh-snowfall': 'slightly-false',
    };
    // anticipatory 40/9 × 10 = 44.44 → 44; consummatory 30/7 × 8 = 34.29 → 34; total 78.73 → 79, not 44 + 34
    expect(scoreAssessment(teps, answers).scores).toEqual({ anticipatory: 44, consummatory: 34, total: 79 });
  });

  it('takes the AMI total as the mean of its subscale means', () => {
    const result = scoreAssessment(ami, answerAll(ami, 'quite-true', { 'ami-5': null, 'ami-2': 'completely-untrue' }));
    // behavioural 1 (5 answered), social (4 + 5 × 1)/6 = 1.5, emotional 1 → total 3.5/3 = 1.1667
    expect(result.scores).toEqual({ behavioural: 1, social: 1.5, emotional: 1, total: 1.17 });
  });

  it('raises the PHQ-9 item 9 alert at "several days" whatever the total', () => {
    const result = scoreAssessment(phq, answerAll(phq, 'not-at-all', { 'phq-9-9': 'several-days' }));
    expect(result.flags).toEqual(['suicidalIdeation']);
    expect(result.bands.total).toBe('none-minimal');
  });

  it('keeps the unscored difficulty question as data without scoring it', () => {
    const result = scoreAssessment(phq, answerAll(phq, 'not-at-all', { 'phq-9-difficulty': 'very-difficult' }));
    expect(result.scores.total).toBe(0);
    expect(result.provenance.answers['phq-9-difficulty']).toBe('very-difficult');
  });

  it('stamps provenance: instrument id and version, engine version, language and the codes as answered', () => {
    const answers = answerAll(shaps, 'agree');
    const result = scoreAssessment(shaps, answers, 'en');
    expect(result.provenance).toEqual({
      instrumentId: 'shaps',
      instrumentVersion: '1.0.0',
      scoringEngineVersion: SCORING_ENGINE_VERSION,
      language: 'en',
      answers,
    });
  });

  it('recomputes the same result from the stored provenance answers', () => {
    const first = scoreAssessment(teps, answerAll(teps, 'slightly-false', { 'teps-hair': null }));
    const again = scoreAssessment(teps, first.provenance.answers);
    expect(again.scores).toEqual(first.scores);
  });
});

describe('roundTo', () => {
  it.each([
    [2.235294, 2, 2.24],
    [2.675, 2, 2.68],
    [39.375, 0, 39],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [0, 2, 0],
  ])('rounds %d to %d decimals as %d (half away from zero)', (value, decimals, expected) => {
    expect(roundTo(value, decimals)).toBe(expected);
  });
});
