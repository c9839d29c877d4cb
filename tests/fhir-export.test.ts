import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import type { Observation, Provenance, QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { listInstrumentFolders } from '../src/cli/instrument-folder.ts';
import { scoreAssessment } from '../src/domain/score-assessment.ts';
import { toAdministrationEntries, toCollectionBundle } from '../src/export/fhir/bundle.ts';
import { checkResponseConforms } from '../src/export/fhir/conformance.ts';
import { CALCULATED_EXPRESSION } from '../src/export/fhir/fhir-terms.ts';
import { toQuestionnaire } from '../src/export/fhir/questionnaire.ts';
import type { Administration } from '../src/export/fhir/questionnaire-response.ts';
import { validateFhir } from './support/fhir-validate.ts';
import { loadInstrument } from './support/instruments.ts';

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

function fixtures(id: string) {
  const dir = join(import.meta.dirname, '..', 'instruments', id, 'fixtures');
  return readdirSync(dir).map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as { answers: Record<string, string | null> }) }));
}

function administration(id: string, answers: Record<string, string | null>, identifier: string): Administration {
  const instrument = loadInstrument(id);
  const codes = Object.fromEntries(Object.entries(answers).filter((e): e is [string, string] => e[1] !== null));
  const result = scoreAssessment(instrument.definition, codes);
  return {
    instrument,
    identifier,
    // Finished: the response is `completed`, or `stopped` where a required item is unanswered (responseStatus).
    finished: true,
    authored: '2026-03-01T10:00:00.000Z',
    language: 'en',
    answers: codes,
    result,
    subject: { reference: 'Patient/p1', display: 'W7-042' },
    mode: 'patient',
    informantRelation: null,
    appVersion: '0.2.0',
  };
}

const ids = listInstrumentFolders();

describe.each(ids)('FHIR R4 export of %s', (id) => {
  const instrument = loadInstrument(id);
  const questionnaire = toQuestionnaire(instrument);

  it('makes a Questionnaire that validates against R4, with licence, stable linkIds and weighted options', () => {
    expect(validateFhir(questionnaire)).toEqual([]);
    expect(questionnaire.url).toBe(`https://motivation-profile.app/fhir/Questionnaire/${id}`);
    expect(questionnaire.copyright).toContain(instrument.definition.licence.owner);
    const linkIds = (questionnaire.item ?? []).map((i) => i.linkId);
    expect(linkIds.slice(0, instrument.definition.items.length)).toEqual(instrument.definition.items.map((i) => i.id));
    const scored = new Set(instrument.definition.scores.filter((s) => !s.descriptive).flatMap((s) => s.items ?? []));
    const options = (questionnaire.item ?? []).filter((i) => scored.has(i.linkId)).flatMap((i) => i.answerOption ?? []);
    expect(options.length).toBeGreaterThan(0);
    expect(options.filter((o) => typeof o.extension?.[0]?.valueDecimal !== 'number')).toEqual([]);
  });

  it.each(fixtures(id).map((f) => [f.file, f] as const))('exports %s as resources that validate and conform', (_file, fixture) => {
    const a = administration(id, fixture.answers, `a1/${id}`);
    if (a.result.status === 'invalid') return;
    const entries = toAdministrationEntries(a, uuid, '2026-03-01T10:05:00.000Z');
    for (const entry of entries) expect(validateFhir(entry.resource ?? {}), entry.resource?.resourceType).toEqual([]);
    const response = entries[0]?.resource as QuestionnaireResponse;
    expect(checkResponseConforms(response, questionnaire)).toEqual([]);
    const observations = entries.filter((e) => e.resource?.resourceType === 'Observation').map((e) => e.resource as Observation);
    for (const o of observations) expect(o.derivedFrom?.[0]?.reference).toBe(entries[0]?.fullUrl);
    const provenance = entries.at(-1)?.resource as Provenance;
    expect(provenance.target.map((t) => t.reference)).toEqual(entries.slice(0, -1).map((e) => e.fullUrl));
  });

  it('recomputes every validated score from its calculatedExpression with fhirpath, equal to the engine on complete fixtures', () => {
    const expressions = (questionnaire.item ?? []).flatMap((i) => {
      const found = i.extension?.find((e) => e.url === CALCULATED_EXPRESSION)?.valueExpression?.expression;
      return found ? [[i.linkId.replace(/^score-/, ''), found] as const] : [];
    });
    let compared = 0;
    for (const fixture of fixtures(id)) {
      const a = administration(id, fixture.answers, 'x');
      if (a.result.status !== 'complete') continue;
      const response = toAdministrationEntries(a, uuid, a.authored)[0]?.resource as QuestionnaireResponse;
      for (const [key, expression] of expressions) {
        const [value] = fhirpath.evaluate(response, expression, { resource: response, questionnaire }, r4Model) as number[];
        const decimals = instrument.definition.scores.find((s) => s.key === key)?.decimals ?? 0;
        expect(Number((value ?? NaN).toFixed(decimals)), `${fixture.file} ${key}`).toBe(a.result.scores[key]);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});

describe('FHIR specifics', () => {
  it('codes PHQ-9 with LOINC: panel, total 44261-6, items, answers, and item 9 as its own Observation', () => {
    const a = administration('phq-9', Object.fromEntries(loadInstrument('phq-9').definition.items.slice(0, 9).map((i) => [i.id, i.id === 'phq-9-9' ? 'several-days' : 'nearly-every-day'])), 'a9/phq-9');
    const entries = toAdministrationEntries(a, uuid, a.authored);
    const observations = entries.map((e) => e.resource).filter((r): r is Observation => r?.resourceType === 'Observation');
    const total = observations.find((o) => o.code.coding?.some((c) => c.code === '44261-6'));
    expect(total?.valueQuantity).toEqual({ value: 25, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' });
    expect(total?.interpretation?.[0]?.text).toBe('Severe (20–27)');
    expect(total?.referenceRange?.map((r) => [r.low?.value, r.high?.value])).toEqual([[0, 4], [5, 9], [10, 14], [15, 19], [20, 27]]);
    const item9 = observations.find((o) => o.code.coding?.[0]?.code === '44260-8');
    expect(item9?.valueCodeableConcept?.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: 'LA6569-3' });
    expect(toQuestionnaire(loadInstrument('phq-9')).code?.[0]?.code).toBe('44249-1');
  });

  it('gives no interpretation or reference range where no sourced cut-off exists (TEPS)', () => {
    const teps = loadInstrument('teps');
    const answers = Object.fromEntries(teps.definition.items.map((i) => [i.id, 'very-true']));
    const entries = toAdministrationEntries(administration('teps', answers, 't1/teps'), uuid, '2026-03-01T10:00:00.000Z');
    const observations = entries.map((e) => e.resource).filter((r): r is Observation => r?.resourceType === 'Observation');
    expect(observations.length).toBeGreaterThan(0);
    for (const o of observations) {
      expect(o.interpretation).toBeUndefined();
      expect(o.referenceRange).toBeUndefined();
    }
  });

  it('bundles a self-contained collection that validates, Questionnaire included', () => {
    const a = administration('shaps', Object.fromEntries(loadInstrument('shaps').definition.items.map((i) => [i.id, 'disagree'])), 's1/shaps');
    const bundle = toCollectionBundle([toQuestionnaire(a.instrument)], [toAdministrationEntries(a, uuid, a.authored)], 'e1', '2026-03-01T10:05:00.000Z');
    expect(validateFhir(bundle)).toEqual([]);
    expect(bundle.entry?.[0]?.resource?.resourceType).toBe('Questionnaire');
    const response = bundle.entry?.[1]?.resource as QuestionnaireResponse;
    expect(response.questionnaire).toBe('https://motivation-profile.app/fhir/Questionnaire/shaps|1.0.0');
    expect(response.identifier?.value).toBe('s1/shaps');
  });

  it('finds a response that does not conform to its Questionnaire', () => {
    const q = toQuestionnaire(loadInstrument('shaps'));
    const bad: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: `${q.url ?? ''}|0.9.0`,
      item: [
        { linkId: 'shaps-99', answer: [{ valueCoding: { code: 'agree' } }] },
        { linkId: 'shaps-1', answer: [{ valueCoding: { system: 'x', code: 'agree' } }] },
      ],
    };
    const problems = checkResponseConforms(bad, q);
    expect(problems).toContain('unknown linkId shaps-99');
    expect(problems.some((p) => p.startsWith('shaps-1: x|agree is not one of its options'))).toBe(true);
    expect(problems.some((p) => p.includes('is not https://motivation-profile.app/fhir/Questionnaire/shaps|1.0.0'))).toBe(true);
    expect(problems).toContain('required shaps-2 is not answered');
  });
});
