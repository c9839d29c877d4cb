import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Observation, QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { listInstrumentFolders } from '../src/cli/instrument-folder.ts';
import type { Catalogue } from '../src/domain/instrument-catalogue.ts';
import type { Fixture } from '../src/domain/instrument-schema.ts';
import { scoreAssessment, type Respondent } from '../src/domain/score-assessment.ts';
import { toObservations } from '../src/export/fhir/observations.ts';
import { toQuestionnaireResponse, type Administration } from '../src/export/fhir/questionnaire-response.ts';
import { compareServerScores, fromQuestionnaireResponse, scoresFromObservations, type ImportProblem } from '../src/export/fhir/questionnaire-response-import.ts';
import { loadInstrument } from './support/instruments.ts';

const ids = listInstrumentFolders();
const catalogue: Catalogue = { instruments: ids.map(loadInstrument), broken: [] };
const BASE = 'https://motivation-profile.app/fhir';

function fixtures(id: string): { file: string; fixture: Fixture }[] {
  const dir = join(import.meta.dirname, '..', 'instruments', id, 'fixtures');
  return readdirSync(dir)
    .sort()
    .map((file) => ({ file, fixture: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture }));
}

const given = (answers: Fixture['answers']) => Object.fromEntries(Object.entries(answers).filter((e): e is [string, string] => e[1] !== null));

function administration(id: string, answers: Record<string, string>, respondent?: Respondent, notAsked: readonly string[] = []): Administration {
  const instrument = loadInstrument(id);
  return {
    instrument,
    identifier: `a-1/${id}`,
    finished: true,
    authored: '2026-03-01T10:00:00.000Z',
    given: { language: 'en', version: instrument.definition.version, packHash: instrument.packs.en?.hash ?? null, reading: 'respondent' },
    patientLanguage: 'en',
    answers,
    notAsked,
    result: scoreAssessment(instrument.definition, answers, 'en', respondent, notAsked),
    subject: { reference: 'Patient/p1' },
    mode: 'patient',
    informantRelation: null,
    appVersion: '0.2.0',
  };
}

/** A response as our exporter writes it, for the answers of a fixture. */
const exported = (id: string, answers: Record<string, string>, respondent?: Respondent, notAsked?: readonly string[]) =>
  toQuestionnaireResponse(administration(id, answers, respondent, notAsked));

const shaps = () => exported('shaps', given(fixtures('shaps').find((f) => f.file === 'abnormal-lower-boundary.json')?.fixture.answers ?? {}));
const withItems = (response: QuestionnaireResponse, edit: (items: QuestionnaireResponseItem[]) => QuestionnaireResponseItem[]): QuestionnaireResponse => ({
  ...response,
  item: edit(structuredClone(response.item ?? [])),
});
function problemsOf(resource: unknown): ImportProblem[] {
  const imported = fromQuestionnaireResponse(resource, catalogue);
  if (imported.ok) throw new Error('expected a refusal');
  return imported.error;
}

describe.each(ids)('round trip of %s through FHIR: export → import → the same answers → the same scores', (id) => {
  const valid = fixtures(id).filter((f) => f.fixture.expected.status !== 'invalid');
  it.each(valid.map((f) => [f.file, f.fixture] as const))('%s', (_file, fixture) => {
    const answers = given(fixture.answers);
    const imported = fromQuestionnaireResponse(exported(id, answers, fixture.respondent, fixture.notAsked), catalogue);
    if (!imported.ok) throw new Error(imported.error.map((p) => p.message).join('\n'));
    expect(imported.value.instrument.definition.id).toBe(id);
    expect(imported.value.answers).toEqual(answers);
    // The parts left out travel as answers to the clinician's yes/no items, and come back.
    expect(imported.value.notAsked).toEqual(fixture.notAsked ?? []);
    // A table converted by age and administration (CFPB) is re-scored for the same respondent.
    const rescored = scoreAssessment(imported.value.instrument.definition, imported.value.answers, 'en', fixture.respondent, imported.value.notAsked);
    expect({ status: rescored.status, scores: rescored.scores, bands: rescored.bands, flags: rescored.flags }).toEqual({
      status: fixture.expected.status,
      scores: fixture.expected.scores,
      bands: fixture.expected.bands,
      flags: fixture.expected.flags,
    });
    // The scores our export wrote into the response agree with the engine's re-score.
    const written = Object.entries(fixture.expected.scores).filter(([key, value]) => value !== null && !imported.value.instrument.definition.scores.find((s) => s.key === key)?.descriptive);
    expect(imported.value.reportedScores.map((s) => s.key).sort()).toEqual(written.map(([key]) => key).sort());
    expect(compareServerScores(imported.value.reportedScores, rescored)).toEqual([]);
  });
});

describe('fromQuestionnaireResponse reads answers by meaning', () => {
  it('keeps what a puller needs: status, identifier, resource id and version, authored', () => {
    const response = { ...shaps(), id: 'qr-7', meta: { versionId: '3', lastUpdated: '2026-03-02T08:00:00.000Z' } };
    const imported = fromQuestionnaireResponse(response, catalogue);
    expect(imported.ok && { ...imported.value, instrument: imported.value.instrument.definition.id, answers: undefined, reportedScores: undefined }).toEqual({
      instrument: 'shaps',
      status: 'completed',
      identifier: 'a-1/shaps',
      resourceId: 'qr-7',
      versionId: '3',
      authored: '2026-03-01T10:00:00.000Z',
      lastUpdated: '2026-03-02T08:00:00.000Z',
      revision: null,
      answers: undefined,
      notAsked: [],
      reportedScores: undefined,
    });
  });

  it('ignores item order, displays and item text: only linkId and the coding (system and code) count', () => {
    const original = shaps();
    const scrambled = withItems(original, (items) =>
      items.reverse().map((item) => ({ ...item, text: 'x', answer: item.answer?.map((a) => (a.valueCoding ? { valueCoding: { ...a.valueCoding, display: 'Agree' } } : a)) })),
    );
    const a = fromQuestionnaireResponse(original, catalogue);
    const b = fromQuestionnaireResponse(scrambled, catalogue);
    expect(b.ok && b.value.answers).toEqual(a.ok && a.value.answers);
  });

  it('reads PHQ-9 answers coded in LOINC (LL358-3) or in the project option system alike', () => {
    const answers = given(fixtures('phq-9').find((f) => f.file === 'moderate-lower-boundary.json')?.fixture.answers ?? {});
    const loinc = exported('phq-9', answers);
    expect(loinc.item?.[0]?.answer?.[0]?.valueCoding?.system).toBe('http://loinc.org');
    const ours = withItems(loinc, (items) =>
      items.map((item) => (item.linkId in answers ? { ...item, answer: [{ valueCoding: { system: `${BASE}/CodeSystem/phq-9-options`, code: answers[item.linkId] } }] } : item)),
    );
    for (const response of [loinc, ours]) {
      const imported = fromQuestionnaireResponse(response, catalogue);
      expect(imported.ok && imported.value.answers).toEqual(answers);
    }
  });

  it('treats an item without an answer as unanswered, as the engine does', () => {
    const response = withItems(shaps(), (items) => items.map((item) => (item.linkId === 'shaps-3' ? { linkId: 'shaps-3' } : item)));
    const imported = fromQuestionnaireResponse(response, catalogue);
    expect(imported.ok && imported.value.answers['shaps-3']).toBeUndefined();
    expect(imported.ok && Object.keys(imported.value.answers)).toHaveLength(13);
  });
});

describe('fromQuestionnaireResponse refuses what it cannot read, listing every problem and guessing nothing', () => {
  it('refuses a resource that is not a QuestionnaireResponse', () => {
    expect(problemsOf({ resourceType: 'Observation', status: 'final' })).toEqual([expect.objectContaining({ code: 'not-a-response' })]);
    expect(problemsOf('text')).toEqual([expect.objectContaining({ code: 'not-a-response' })]);
  });

  it('refuses an unknown questionnaire, naming it', () => {
    const problems = problemsOf({ ...shaps(), questionnaire: 'http://example.org/Questionnaire/gad-7|1.0.0' });
    expect(problems).toEqual([{ code: 'unknown-questionnaire', message: expect.stringContaining('http://example.org/Questionnaire/gad-7|1.0.0') }]);
    expect(problemsOf({ ...shaps(), questionnaire: undefined })).toEqual([expect.objectContaining({ code: 'unknown-questionnaire' })]);
  });

  it('refuses a known questionnaire in a version it does not know, or in no version, naming the version it knows', () => {
    const version = loadInstrument('shaps').definition.version;
    const other = problemsOf({ ...shaps(), questionnaire: `${BASE}/Questionnaire/shaps|9.9.9` });
    expect(other).toEqual([{ code: 'unknown-version', message: expect.stringMatching(new RegExp(`9\\.9\\.9.*${version.replace(/\./g, '\\.')}`)) }]);
    expect(problemsOf({ ...shaps(), questionnaire: `${BASE}/Questionnaire/shaps` })).toEqual([expect.objectContaining({ code: 'unknown-version' })]);
  });

  it('refuses an unknown linkId, and a score item that is not one of ours', () => {
    const problems = problemsOf(withItems(shaps(), (items) => [...items, { linkId: 'shaps-15', answer: [{ valueCoding: { system: `${BASE}/CodeSystem/shaps-options`, code: 'agree' } }] }, { linkId: 'score-mood', answer: [{ valueDecimal: 1 }] }]));
    expect(problems).toEqual([
      { code: 'unknown-link-id', linkId: 'shaps-15', message: expect.stringContaining('shaps-15') },
      { code: 'unknown-link-id', linkId: 'score-mood', message: expect.stringContaining('score-mood') },
    ]);
  });

  it('refuses an unknown answer code: a code not among the options, the right code in another system, or no system', () => {
    const problems = problemsOf(
      withItems(shaps(), (items) =>
        items.map((item) => {
          if (item.linkId === 'shaps-1') return { ...item, answer: [{ valueCoding: { system: `${BASE}/CodeSystem/shaps-options`, code: 'sometimes' } }] };
          if (item.linkId === 'shaps-2') return { ...item, answer: [{ valueCoding: { system: `${BASE}/CodeSystem/aes-s-options`, code: 'agree' } }] };
          if (item.linkId === 'shaps-3') return { ...item, answer: [{ valueCoding: { code: 'agree' } }] };
          return item;
        }),
      ),
    );
    expect(problems.map((p) => [p.code, p.linkId])).toEqual([
      ['unknown-answer-code', 'shaps-1'],
      ['unknown-answer-code', 'shaps-2'],
      ['unknown-answer-code', 'shaps-3'],
    ]);
    expect(problems[0]?.message).toContain('sometimes');
  });

  it('refuses an answer of the wrong type: a string or a number for a choice item, a coding for a score', () => {
    const problems = problemsOf(
      withItems(shaps(), (items) =>
        items.map((item) => {
          if (item.linkId === 'shaps-1') return { ...item, answer: [{ valueString: 'agree' }] };
          if (item.linkId === 'shaps-2') return { ...item, answer: [{ valueInteger: 1 }] };
          if (item.linkId === 'score-total') return { ...item, answer: [{ valueCoding: { code: '3' } }] };
          return item;
        }),
      ),
    );
    expect(problems.map((p) => [p.code, p.linkId])).toEqual([
      ['wrong-type', 'shaps-1'],
      ['wrong-type', 'shaps-2'],
      ['wrong-type', 'score-total'],
    ]);
    expect(problems[0]?.message).toContain('valueString');
  });

  it('refuses two answers to one item, an item given twice, and nested items, which our Questionnaires do not have', () => {
    const agree = { valueCoding: { system: `${BASE}/CodeSystem/shaps-options`, code: 'agree' } };
    const problems = problemsOf(
      withItems(shaps(), (items) => [
        ...items.map((item) => (item.linkId === 'shaps-1' ? { ...item, answer: [agree, agree] } : item.linkId === 'shaps-2' ? { ...item, item: [{ linkId: 'x' }] } : item)),
        { linkId: 'shaps-4', answer: [agree] },
      ]),
    );
    expect(problems.map((p) => [p.code, p.linkId])).toEqual([
      ['several-answers', 'shaps-1'],
      ['nested-items', 'shaps-2'],
      ['repeated-link-id', 'shaps-4'],
    ]);
  });
});

describe('compareServerScores flags what the server says and the engine does not', () => {
  const answers = given(fixtures('shaps').find((f) => f.file === 'abnormal-lower-boundary.json')?.fixture.answers ?? {});
  const def = loadInstrument('shaps').definition;
  const engine = scoreAssessment(def, answers);

  it('finds a score item changed on the server', () => {
    const tampered = withItems(shaps(), (items) => items.map((item) => (item.linkId === 'score-total' ? { ...item, answer: [{ valueDecimal: 1 }] } : item)));
    const imported = fromQuestionnaireResponse(tampered, catalogue);
    if (!imported.ok) throw new Error('expected the response to import');
    expect(compareServerScores(imported.value.reportedScores, engine)).toEqual([{ key: 'total', source: 'response-item', reported: 1, engine: engine.scores.total }]);
  });

  it('finds a score the server has where the engine finds none (too many items missing)', () => {
    const fewer = { ...answers };
    delete fewer['shaps-1'];
    delete fewer['shaps-2'];
    const imported = fromQuestionnaireResponse(shaps(), catalogue);
    if (!imported.ok) throw new Error('expected the response to import');
    const rescored = scoreAssessment(def, fewer);
    expect(rescored.scores.total).toBeNull();
    expect(compareServerScores(imported.value.reportedScores, rescored)).toContainEqual({ key: 'total', source: 'response-item', reported: engine.scores.total, engine: null });
  });

  it('reads score Observations (our score codes) and compares them too; other Observations are not scores', () => {
    const a = administration('shaps', answers);
    const observations: Observation[] = toObservations(a, { reference: 'QuestionnaireResponse/qr-1' });
    const reported = scoresFromObservations(observations, loadInstrument('shaps'));
    expect(reported.map((r) => [r.key, r.source])).toEqual([
      ['total', 'observation'],
      ['likert', 'observation'],
    ]);
    expect(compareServerScores(reported, engine)).toEqual([]);
    const changed = observations.map((o, i) => (i === 1 ? { ...o, valueQuantity: { ...o.valueQuantity, value: 99 } } : o));
    const unrelated: Observation = { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, valueQuantity: { value: 60 } };
    expect(compareServerScores(scoresFromObservations([...changed, unrelated], loadInstrument('shaps')), engine)).toEqual([
      { key: 'likert', source: 'observation', reported: 99, engine: engine.scores.likert },
    ]);
  });
});

describe('fromQuestionnaireResponse reads the parts a clinician left out (CBI asked-work, asked-client)', () => {
  const mixed = given(fixtures('cbi').find((f) => f.file === 'mixed.json')?.fixture.answers ?? {});
  const clientItems = ['cbi-c1', 'cbi-c2', 'cbi-c3', 'cbi-c4', 'cbi-c5', 'cbi-c6'];
  const withoutClient = Object.fromEntries(Object.entries(mixed).filter(([id]) => !clientItems.includes(id)));
  const gate = (response: QuestionnaireResponse, linkId: string) => response.item?.find((i) => i.linkId === linkId)?.answer;

  it('imports a response whose asked-client is false and that answers no client item: client not asked, its score not given', () => {
    const response = exported('cbi', withoutClient, undefined, ['client']);
    expect([gate(response, 'asked-work'), gate(response, 'asked-client')]).toEqual([[{ valueBoolean: true }], [{ valueBoolean: false }]]);
    const imported = fromQuestionnaireResponse(response, catalogue);
    if (!imported.ok) throw new Error(imported.error.map((p) => p.message).join('\n'));
    expect(imported.value.notAsked).toEqual(['client']);
    expect(imported.value.answers).toEqual(withoutClient);
    const rescored = scoreAssessment(imported.value.instrument.definition, imported.value.answers, 'en', undefined, imported.value.notAsked);
    expect([rescored.status, rescored.scores, rescored.details['client']?.reason, rescored.missing]).toEqual(['complete', { personal: 54.2, work: 46.4, client: null }, 'not-asked', []]);
  });

  it('reads asked-client false the same from a response another renderer wrote: the client items dropped and the gate flipped by hand', () => {
    const edited = withItems(exported('cbi', mixed), (items) =>
      items.filter((i) => !clientItems.includes(i.linkId) && i.linkId !== 'score-client').map((i) => (i.linkId === 'asked-client' ? { ...i, answer: [{ valueBoolean: false }] } : i)),
    );
    const imported = fromQuestionnaireResponse(edited, catalogue);
    expect(imported.ok && [imported.value.notAsked, imported.value.answers]).toEqual([['client'], withoutClient]);
  });

  it('reads a response with both gates true, or with no gate at all, as every part asked', () => {
    const asked = fromQuestionnaireResponse(exported('cbi', mixed), catalogue);
    expect(asked.ok && [asked.value.notAsked, Object.keys(asked.value.answers).length]).toEqual([[], 19]);
    const noGates = fromQuestionnaireResponse(withItems(exported('cbi', mixed), (items) => items.filter((i) => !i.linkId.startsWith('asked-'))), catalogue);
    expect(noGates.ok && noGates.value.notAsked).toEqual([]);
  });

  it('refuses a response whose asked-client is false but that answers a client item, naming the item', () => {
    const full = exported('cbi', mixed);
    const c3 = full.item?.find((i) => i.linkId === 'cbi-c3');
    if (!c3) throw new Error('no cbi-c3 in the full export');
    const response = withItems(exported('cbi', withoutClient, undefined, ['client']), (items) => [...items, c3]);
    expect(gate(response, 'asked-client')).toEqual([{ valueBoolean: false }]);
    const problems = problemsOf(response);
    expect(problems).toEqual([{ code: 'answered-not-asked', linkId: 'cbi-c3', message: expect.stringContaining('cbi-c3') as unknown }]);
    expect(problems[0]?.message).toContain('asked-client');
  });

  it('refuses every client item answered when asked-client is flipped to false on a fully answered response', () => {
    const response = withItems(exported('cbi', mixed), (items) => items.map((i) => (i.linkId === 'asked-client' ? { ...i, answer: [{ valueBoolean: false }] } : i)));
    expect(problemsOf(response).map((p) => [p.code, p.linkId])).toEqual(clientItems.map((id) => ['answered-not-asked', id]));
  });

  it.each([
    ['a string', { valueString: 'yes' }, 'valueString'],
    ['a coding', { valueCoding: { code: 'true' } }, 'valueCoding'],
    ['a number', { valueInteger: 1 }, 'valueInteger'],
  ])('refuses %s as the answer to asked-work as the wrong type', (_what, answer, kind) => {
    const response = withItems(exported('cbi', mixed), (items) => items.map((i) => (i.linkId === 'asked-work' ? { ...i, answer: [answer] } : i)));
    const problems = problemsOf(response);
    expect(problems.map((p) => [p.code, p.linkId])).toEqual([['wrong-type', 'asked-work']]);
    expect(problems[0]?.message).toContain('valueBoolean');
    expect(problems[0]?.message).toContain(kind);
  });
});
