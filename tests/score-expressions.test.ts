import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import type { QuestionnaireResponse } from 'fhir/r4';
import { afterAll, describe, expect, it } from 'vitest';
import { listInstrumentFolders, readFixtures } from '../src/cli/instrument-folder.ts';
import type { Instrument } from '../src/domain/instrument-catalogue.ts';
import { scoreAssessment } from '../src/domain/score-assessment.ts';
import { CALCULATED_EXPRESSION } from '../src/export/fhir/fhir-terms.ts';
import { toQuestionnaire } from '../src/export/fhir/questionnaire.ts';
import { toQuestionnaireResponse } from '../src/export/fhir/questionnaire-response.ts';
import { loadInstrument } from './support/instruments.ts';

/**
 * Every score's calculatedExpression, evaluated by fhirpath.js on `%resource` alone (as CSIRO Smart Forms does:
 * no `%questionnaire`, no terminology), must give exactly the engine's score — or nothing where the engine says
 * null — for every golden fixture, complete and with items removed: each answered item alone, and the first and
 * last k answered items of each score for k up to one past its missing-data limit.
 */
type Codes = Record<string, string>;

function fixtureAnswers(id: string): { name: string; answers: Codes }[] {
  const read = readFixtures(id);
  if (!read.ok) throw new Error(read.error.join('\n'));
  return read.value.map((f) => ({
    name: f.name,
    answers: Object.fromEntries(Object.entries(f.fixture.answers).filter((e): e is [string, string] => e[1] !== null)),
  }));
}

function without(answers: Codes, itemIds: readonly string[]): Codes {
  return Object.fromEntries(Object.entries(answers).filter(([itemId]) => !itemIds.includes(itemId)));
}

/** The fixture complete, then with items removed: each one, and enough per score to reach and cross its limit. */
function cases(instrument: Instrument, name: string, answers: Codes): { label: string; answers: Codes }[] {
  const out = new Map<string, { label: string; answers: Codes }>();
  const add = (label: string, a: Codes) => {
    const key = JSON.stringify(Object.keys(a).sort());
    if (!out.has(key)) out.set(key, { label: `${name} ${label}`, answers: a });
  };
  add('as given', answers);
  for (const itemId of Object.keys(answers)) add(`without ${itemId}`, without(answers, [itemId]));
  for (const score of instrument.definition.scores) {
    const answered = (score.items ?? []).filter((itemId) => answers[itemId] !== undefined);
    const allowed = score.missing?.rule === 'prorate' ? score.missing.maxMissing : 0;
    for (let k = 2; k <= Math.min(allowed + 1, answered.length); k += 1) {
      add(`without first ${String(k)} of ${score.key}`, without(answers, answered.slice(0, k)));
      add(`without last ${String(k)} of ${score.key}`, without(answers, answered.slice(-k)));
    }
  }
  add('with nothing answered', {});
  return [...out.values()];
}

/** The response a form filler would hold: coded answers only (the engine's own score items removed). */
function answersOnlyResponse(instrument: Instrument, answers: Codes): QuestionnaireResponse {
  const result = scoreAssessment(instrument.definition, answers);
  const response = toQuestionnaireResponse({
    instrument,
    identifier: 'x',
    finished: false,
    authored: '2026-03-01T10:00:00.000Z',
    given: null,
    patientLanguage: null,
    answers,
    result,
    subject: { reference: 'Patient/p1' },
    mode: 'patient',
    informantRelation: null,
    appVersion: '0.0.0',
  });
  return { ...response, item: (response.item ?? []).filter((i) => !i.linkId.startsWith('score-')) };
}

const tally: string[] = [];
afterAll(() => {
  console.log(`calculatedExpression vs engine (fhirpath.js, %resource only):\n${tally.join('\n')}`);
});

describe.each(listInstrumentFolders())('calculatedExpressions of %s', (id) => {
  const instrument = loadInstrument(id);
  const questionnaire = toQuestionnaire(instrument);
  const expressions = (questionnaire.item ?? []).flatMap((i) => {
    const found = i.extension?.find((e) => e.url === CALCULATED_EXPRESSION)?.valueExpression?.expression;
    return found ? [[i.linkId.replace(/^score-/, ''), found] as const] : [];
  });
  // Compiled once: parsing each expression per case is most of the cost.
  const compiled = expressions.map(([key, expression]) => [key, fhirpath.compile(expression, r4Model)] as const);

  it('gives every validated score an expression that needs only %resource', () => {
    // Not a lookup score: its table needs the respondent's age group and administration, which a response lacks.
    expect(expressions.map(([key]) => key)).toEqual(instrument.definition.scores.filter((s) => !s.descriptive && s.method !== 'lookup').map((s) => s.key));
    for (const [, expression] of expressions) expect(expression).not.toMatch(/%questionnaire|weight\(|ordinal\(/);
  });

  const computable = instrument.definition.scores.some((s) => !s.descriptive && s.method !== 'lookup');
  it('equals the engine on every fixture, complete and with items removed', () => {
    // An instrument whose only score is a lookup (CFPB) has no expression to compare: none is written.
    if (!computable) {
      expect(compiled).toEqual([]);
      return;
    }
    // Per kind of response: responses, score comparisons, agreements, and comparisons where the engine says null.
    const tallyOf = () => ({ responses: 0, compared: 0, agreed: 0, nulls: 0 });
    const counts = { complete: tallyOf(), missing: tallyOf() };
    const disagreements: string[] = [];
    for (const fixture of fixtureAnswers(id)) {
      // An unknown option makes the engine's result invalid; such answers are never exported.
      if (scoreAssessment(instrument.definition, fixture.answers).status === 'invalid') continue;
      for (const c of cases(instrument, fixture.name, fixture.answers)) {
        const result = scoreAssessment(instrument.definition, c.answers);
        const response = answersOnlyResponse(instrument, c.answers);
        const kind = result.status === 'complete' ? counts.complete : counts.missing;
        kind.responses += 1;
        for (const [key, evaluate] of compiled) {
          const values = evaluate(response, { resource: response }) as unknown[];
          const value = values.length === 0 ? null : values[0];
          const expected = result.scores[key] ?? null;
          kind.compared += 1;
          if (expected === null) kind.nulls += 1;
          if (values.length <= 1 && value === expected) kind.agreed += 1;
          else disagreements.push(`${c.label} ${key}: fhirpath ${JSON.stringify(values)}, engine ${String(expected)}`);
        }
      }
    }
    const line = ({ responses, compared, agreed, nulls }: ReturnType<typeof tallyOf>) =>
      `${String(agreed)}/${String(compared)} scores agree (${String(responses)} responses, engine null in ${String(nulls)})`;
    tally.push(`${id}: complete ${line(counts.complete)}; items missing ${line(counts.missing)}`);
    expect(disagreements).toEqual([]);
    expect(counts.complete.compared).toBeGreaterThan(0);
    expect(counts.missing.compared).toBeGreaterThan(0);
  });
});
