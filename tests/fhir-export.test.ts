import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Observation, Provenance, QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { listInstrumentFolders } from '../src/cli/instrument-folder.ts';
import { scoreAssessment } from '../src/domain/score-assessment.ts';
import { toAdministrationEntries, toCollectionBundle } from '../src/export/fhir/bundle.ts';
import { checkResponseConforms } from '../src/export/fhir/conformance.ts';
import { toQuestionnaire } from '../src/export/fhir/questionnaire.ts';
import { responseStatus, type Administration } from '../src/export/fhir/questionnaire-response.ts';
import { validateFhir } from './support/fhir-validate.ts';
import { loadInstrument } from './support/instruments.ts';

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

function fixtures(id: string) {
  const dir = join(import.meta.dirname, '..', 'instruments', id, 'fixtures');
  return readdirSync(dir).map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as { answers: Record<string, string | null>; notAsked?: string[] }) }));
}

function administration(id: string, answers: Record<string, string | null>, identifier: string, notAsked: readonly string[] = []): Administration {
  const instrument = loadInstrument(id);
  const codes = Object.fromEntries(Object.entries(answers).filter((e): e is [string, string] => e[1] !== null));
  const result = scoreAssessment(instrument.definition, codes, 'en', undefined, notAsked);
  return {
    instrument,
    identifier,
    // Finished: the response is `completed`, or `stopped` where a required item is unanswered (responseStatus).
    finished: true,
    authored: '2026-03-01T10:00:00.000Z',
    // The built-in English text, as the app records it at the start.
    given: { language: 'en', version: instrument.definition.version, packHash: instrument.packs.en?.hash ?? null, reading: 'respondent' },
    patientLanguage: 'en',
    answers: codes,
    notAsked,
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
    // First a yes/no item per part a clinician may leave out (CBI), then the items in form order.
    const gates = (instrument.definition.parts ?? []).map((p) => `asked-${p.id}`);
    expect(linkIds.slice(0, gates.length + instrument.definition.items.length)).toEqual([...gates, ...instrument.definition.items.map((i) => i.id)]);
    for (const part of instrument.definition.parts ?? []) {
      for (const itemId of part.items) expect(questionnaire.item?.find((i) => i.linkId === itemId)?.enableWhen).toEqual([{ question: `asked-${part.id}`, operator: '=', answerBoolean: true }]);
    }
    const scored = new Set(instrument.definition.scores.filter((s) => !s.descriptive).flatMap((s) => s.items ?? []));
    const options = (questionnaire.item ?? []).filter((i) => scored.has(i.linkId)).flatMap((i) => i.answerOption ?? []);
    expect(options.length).toBeGreaterThan(0);
    expect(options.filter((o) => typeof o.extension?.[0]?.valueDecimal !== 'number')).toEqual([]);
  });

  it.each(fixtures(id).map((f) => [f.file, f] as const))('exports %s as resources that validate and conform', (_file, fixture) => {
    const a = administration(id, fixture.answers, `a1/${id}`, fixture.notAsked);
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

  // Score expressions are checked against the engine, on %resource alone and with items missing, in
  // tests/score-expressions.test.ts.
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

  it('codes PHQ-9 item 10 with LOINC answer list LL359-1, with LOINC displays, in the Questionnaire and the response', () => {
    const phq = loadInstrument('phq-9');
    const expected = [
      ['not-difficult-at-all', 'LA6572-7', 'Not difficult at all'],
      ['somewhat-difficult', 'LA6573-5', 'Somewhat difficult'],
      ['very-difficult', 'LA6575-0', 'Very difficult'],
      ['extremely-difficult', 'LA6574-3', 'Extremely difficult'],
    ] as const;
    const item10 = toQuestionnaire(phq).item?.find((i) => i.linkId === 'phq-9-difficulty');
    expect(item10?.code).toEqual([{ system: 'http://loinc.org', code: '69722-7', display: 'How difficult have these made it for you to do your work, take care of things at home, or get along with other people [Reported.PHQ]' }]);
    expect(item10?.answerOption?.map((o) => o.valueCoding)).toEqual(expected.map(([, code, display]) => ({ system: 'http://loinc.org', code, display })));
    const answers = Object.fromEntries(phq.definition.items.slice(0, 9).map((i) => [i.id, 'several-days']));
    for (const [option, code, display] of expected) {
      const response = toAdministrationEntries(administration('phq-9', { ...answers, 'phq-9-difficulty': option }, 'd1/phq-9'), uuid, '2026-03-01T10:00:00.000Z')[0]?.resource as QuestionnaireResponse;
      expect(response.item?.find((i) => i.linkId === 'phq-9-difficulty')?.answer).toEqual([{ valueCoding: { system: 'http://loinc.org', code, display } }]);
      expect(checkResponseConforms(response, toQuestionnaire(phq))).toEqual([]);
    }
  });

  it('writes LOINC displays exactly as LOINC publishes them (Long Common Names), in any language', () => {
    const phq = loadInstrument('phq-9');
    expect(toQuestionnaire(phq).code).toEqual([{ system: 'http://loinc.org', code: '44249-1', display: 'PHQ-9 quick depression assessment panel [Reported.PHQ]' }]);
    const a = administration('phq-9', Object.fromEntries(phq.definition.items.slice(0, 9).map((i) => [i.id, 'more-than-half-the-days'])), 'l1/phq-9');
    const observations = toAdministrationEntries(a, uuid, a.authored).map((e) => e.resource).filter((r): r is Observation => r?.resourceType === 'Observation');
    expect(observations.flatMap((o) => o.code.coding ?? []).filter((c) => c.system === 'http://loinc.org')).toEqual([
      { system: 'http://loinc.org', code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' },
      { system: 'http://loinc.org', code: '44260-8', display: 'Thoughts that you would be better off dead, or of hurting yourself in some way in last 2 weeks [Reported.PHQ]' },
    ]);
    // Item 9's value: LOINC's answer, then the project's option code as a second coding.
    expect(observations[1]?.valueCodeableConcept).toEqual({
      coding: [
        { system: 'http://loinc.org', code: 'LA6570-1', display: 'More than half the days' },
        { system: 'https://motivation-profile.app/fhir/CodeSystem/phq-9-options', code: 'more-than-half-the-days', display: 'More than half the days' },
      ],
      text: 'More than half the days',
    });
  });

  it('says so on a prorated score Observation, from the engine details, and stops a response with a required item empty', () => {
    const phq = loadInstrument('phq-9');
    const answers = Object.fromEntries(phq.definition.items.slice(1, 9).map((i) => [i.id, 'several-days']));
    const a = administration('phq-9', answers, 'p1/phq-9');
    const entries = toAdministrationEntries(a, uuid, a.authored);
    for (const entry of entries) expect(validateFhir(entry.resource ?? {}), entry.resource?.resourceType).toEqual([]);
    expect((entries[0]?.resource as QuestionnaireResponse).status).toBe('stopped');
    const observations = entries.map((e) => e.resource).filter((r): r is Observation => r?.resourceType === 'Observation');
    const prorated = Object.entries(a.result.details).filter(([, d]) => d.prorated && d.value !== null);
    expect(prorated.length).toBeGreaterThan(0);
    for (const [key, d] of prorated) {
      const o = observations.find((x) => x.identifier?.[0]?.value === `p1/phq-9/${key}`);
      expect(o?.status).toBe('final');
      expect(o?.note).toEqual([{ text: `prorated from ${String(d.answered)} of ${String(d.answered + d.missing)} items` }]);
    }
  });

  it('writes completed, stopped and in-progress by one rule', () => {
    const def = loadInstrument('phq-9').definition;
    const all = Object.fromEntries(def.items.slice(0, 9).map((i) => [i.id, 'not-at-all']));
    const eight = Object.fromEntries(Object.entries(all).filter(([id]) => id !== 'phq-9-4'));
    expect(responseStatus(def, all, true)).toBe('completed');
    expect(responseStatus(def, eight, true)).toBe('stopped');
    expect(responseStatus(def, { ...eight, 'phq-9-4': 'sometimes' }, true)).toBe('stopped');
    expect(responseStatus(def, all, false)).toBe('in-progress');
    expect(responseStatus(def, {}, false)).toBe('in-progress');
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

  it('names the clinician who keyed a scale in as its author (a Practitioner) and every clinician in the Provenance, and validates', () => {
    const wang = { id: 'c-wang', name: 'Dr Wang Li', role: 'Psychiatrist', identifier: { system: 'https://clinic.example/staff', value: 'E1234' } };
    const chen = { id: 'c-chen', name: 'Nurse Chen', fhirUser: 'https://ehr.example/fhir/Practitioner/77' };
    const aesC = loadInstrument('aes-c');
    const answers = Object.fromEntries(aesC.definition.items.map((i) => [i.id, aesC.definition.optionSets[i.optionSet]?.options[0] ?? '']));
    const a: Administration = { ...administration('aes-c', answers, 's2/aes-c'), mode: 'clinician', clinicians: { startedBy: chen, enteredBy: wang } };
    const bundle = toCollectionBundle([toQuestionnaire(a.instrument)], [toAdministrationEntries(a, uuid, a.authored)], 'e2', '2026-03-01T10:05:00.000Z');
    expect(validateFhir(bundle)).toEqual([]);
    const response = bundle.entry?.find((e) => e.resource?.resourceType === 'QuestionnaireResponse')?.resource as QuestionnaireResponse;
    expect(response.author).toEqual({ type: 'Practitioner', identifier: wang.identifier, display: 'Dr Wang Li' });
    expect(response.source).toEqual(response.author);
    const provenance = bundle.entry?.find((e) => e.resource?.resourceType === 'Provenance')?.resource as Provenance;
    expect(provenance.agent.map((g) => [g.type?.coding?.[0]?.code, g.who.type, g.who.display, g.who.reference ?? null, g.role?.[0]?.text ?? null])).toEqual([
      ['author', 'Device', expect.stringContaining('Motivation Profile') as unknown, null, null],
      ['performer', 'Practitioner', 'Nurse Chen', 'https://ehr.example/fhir/Practitioner/77', null],
      ['enterer', 'Practitioner', 'Dr Wang Li', null, 'Psychiatrist'],
    ]);
    // A self-report keeps the tablet as its author; who ran the visit is still in the Provenance.
    const self: Administration = { ...administration('shaps', Object.fromEntries(loadInstrument('shaps').definition.items.map((i) => [i.id, 'disagree'])), 's3/shaps'), clinicians: { startedBy: wang } };
    const selfEntries = toAdministrationEntries(self, uuid, self.authored);
    expect((selfEntries[0]?.resource as QuestionnaireResponse).author?.type).toBe('Device');
    expect((selfEntries.at(-1)?.resource as Provenance).agent.map((g) => g.type?.coding?.[0]?.code)).toEqual(['author', 'performer']);
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

describe('checkResponseConforms and enableWhen (CBI parts a clinician may leave out)', () => {
  const cbi = loadInstrument('cbi');
  const questionnaire = toQuestionnaire(cbi);
  const clientItems = cbi.definition.parts?.find((p) => p.id === 'client')?.items ?? [];
  const mixed = fixtures('cbi').find((f) => f.file === 'mixed.json')?.answers ?? {};
  const withoutClient = Object.fromEntries(Object.entries(mixed).filter(([id]) => !clientItems.includes(id)));
  const responseOf = (answers: Record<string, string | null>, notAsked: readonly string[] = []) =>
    toAdministrationEntries(administration('cbi', answers, 'e1/cbi', notAsked), uuid, '2026-03-01T10:00:00.000Z')[0]?.resource as QuestionnaireResponse;

  it('has the client items required and enabled only by asked-client = true', () => {
    expect(clientItems).toHaveLength(6);
    for (const id of clientItems) {
      expect(questionnaire.item?.find((i) => i.linkId === id)).toMatchObject({ required: true, enableWhen: [{ question: 'asked-client', operator: '=', answerBoolean: true }] });
    }
    expect(questionnaire.item?.find((i) => i.linkId === 'asked-client')).toMatchObject({ type: 'boolean', required: true });
  });

  it('does not require the disabled client items of a completed response whose client part was not asked', () => {
    const response = responseOf(withoutClient, ['client']);
    expect(response.status).toBe('completed');
    expect(response.item?.find((i) => i.linkId === 'asked-client')?.answer).toEqual([{ valueBoolean: false }]);
    expect(response.item?.filter((i) => clientItems.includes(i.linkId))).toEqual([]);
    expect(checkResponseConforms(response, questionnaire)).toEqual([]);
  });

  it('still requires the client items when the response says the client part was asked', () => {
    const asked: QuestionnaireResponse = {
      ...responseOf(withoutClient, ['client']),
      item: responseOf(withoutClient, ['client']).item?.map((i) => (i.linkId === 'asked-client' ? { ...i, answer: [{ valueBoolean: true }] } : i)),
    };
    expect(asked.status).toBe('completed');
    expect(checkResponseConforms(asked, questionnaire)).toEqual(clientItems.map((id) => `required ${id} is not answered`));
    // A response that is not completed requires nothing.
    expect(checkResponseConforms({ ...asked, status: 'in-progress' }, questionnaire)).toEqual([]);
  });

  it('flags an answered item that its enableWhen disables, naming it', () => {
    const full = responseOf(mixed);
    const c2 = full.item?.find((i) => i.linkId === 'cbi-c2');
    if (!c2) throw new Error('no cbi-c2');
    const notAsked = responseOf(withoutClient, ['client']);
    const answered: QuestionnaireResponse = { ...notAsked, item: [...(notAsked.item ?? []), c2] };
    expect(checkResponseConforms(answered, questionnaire)).toEqual(['cbi-c2 is answered, but its enableWhen disables it']);
    // The same item enabled (every part asked) conforms.
    expect(checkResponseConforms(full, questionnaire)).toEqual([]);
  });

  it('flags every client item answered on a response whose asked-client was flipped to false', () => {
    const full = responseOf(mixed);
    const flipped: QuestionnaireResponse = { ...full, item: full.item?.map((i) => (i.linkId === 'asked-client' ? { ...i, answer: [{ valueBoolean: false }] } : i)) };
    expect(checkResponseConforms(flipped, questionnaire)).toEqual(clientItems.map((id) => `${id} is answered, but its enableWhen disables it`));
  });

  it('flags a yes/no item answered with something other than a boolean', () => {
    const full = responseOf(mixed);
    const coded: QuestionnaireResponse = { ...full, item: full.item?.map((i) => (i.linkId === 'asked-work' ? { ...i, answer: [{ valueString: 'yes' }] } : i)) };
    expect(checkResponseConforms(coded, questionnaire)).toContain('asked-work: expected a boolean');
  });
});
