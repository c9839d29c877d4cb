import { Readable } from 'node:stream';
import { TEST_CLINIC_CODE_SYSTEM } from './support/fhir-server.ts';
import type { Extension, Observation, QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { fhirFromCsv } from '../src/cli/fhir-command.ts';
import { completeAssessment, recordAnswer, startAssessment, type AdministeredText } from '../src/domain/assessment.ts';
import { buildCodebook } from '../src/domain/codebook.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import type { Instrument } from '../src/domain/instrument-catalogue.ts';
import { toAssessmentCollection, toAssessmentExport } from '../src/export/fhir/assessment-export.ts';
import { validateFhir } from './support/fhir-validate.ts';
import { loadInstrument } from './support/instruments.ts';
import { TEST_PACK_MARK, withTestPack } from './support/test-packs.ts';

/*
 * Issue 14: a QuestionnaireResponse says which text its items were shown in — `language` (the text's BCP-47 code),
 * the translation-pack extension (version, SHA-256, origin, reading) and each item's `text` from that pack — and
 * claims nothing it does not know.
 */

const EXTENSION = 'https://motivation-profile.app/fhir/StructureDefinition/translation-pack';
const NOW = '2026-03-01T10:10:00.000Z';
let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

const phq9 = withTestPack(loadInstrument('phq-9'), 'zh-CN');
const shaps = withTestPack(loadInstrument('shaps'), 'zh-CN');
const catalogue = { instruments: [phq9, shaps], broken: [] };
const zhText = (i: Instrument): AdministeredText => ({ language: 'zh-CN', version: '1.0.0', packHash: i.packs['zh-CN']?.hash ?? null, reading: 'respondent' });

/** A completed PHQ-9 + SHAPS assessment of a patient reading `language`, with these texts recorded (none: older). */
function exported(language: string, texts?: Readonly<Record<string, AdministeredText>>) {
  const defs = [phq9.definition, shaps.definition];
  let a = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'x', definitions: defs, mode: 'clinician', language, ...(texts ? { texts } : {}), now: '2026-03-01T10:00:00.000Z' });
  for (const def of defs) {
    for (const item of def.items) a = recordAnswer(a, def, item.id, { code: def.optionSets[item.optionSet]?.options[1] ?? '', answeredAt: '2026-03-01T10:01:00.000Z', durationMs: 4000 });
  }
  const done = completeAssessment(a, defs, () => ({}), '2026-03-01T10:05:00.000Z');
  const bundle = toAssessmentCollection(toAssessmentExport(done, catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null }, { appVersion: '0.2.0', now: NOW, newUuid: uuid }), uuid(), NOW);
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const responses = resources.filter((r): r is QuestionnaireResponse => r.resourceType === 'QuestionnaireResponse');
  const response = (id: string) => responses.find((r) => (r.questionnaire ?? '').includes(`/${id}|`));
  const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation');
  return { bundle, response, observations };
}

/** The translation-pack extension's parts as a plain object (`{ language: 'zh-CN', sha256: … }`). */
function packParts(response: QuestionnaireResponse | undefined): Record<string, string> | undefined {
  const ext = response?.extension?.find((e) => e.url === EXTENSION);
  return ext && Object.fromEntries((ext.extension ?? []).map((e: Extension) => [e.url, e.valueCode ?? e.valueString ?? '']));
}

describe('FHIR: the text a response was given in', () => {
  it('states the language of the text shown, the pack’s identity, and quotes each item from that pack; the Bundle validates', () => {
    const { bundle, response, observations } = exported('zh-CN', { 'phq-9': zhText(phq9), shaps: zhText(shaps) });
    const phq = response('phq-9');
    expect(phq?.language).toBe('zh-CN');
    expect(packParts(phq)).toEqual({ language: 'zh-CN', version: '1.0.0', sha256: phq9.packs['zh-CN']?.hash, origin: 'imported', reading: 'respondent' });
    expect(phq?.item?.find((i) => i.linkId === 'phq-9-1')?.text).toBe(`${TEST_PACK_MARK} phq-9-1`);
    // PHQ-9 answers keep LOINC's own display whatever the language; SHAPS options are displayed as shown.
    expect(phq?.item?.find((i) => i.linkId === 'phq-9-1')?.answer?.[0]?.valueCoding?.display).toBe('Several days');
    expect(response('shaps')?.item?.find((i) => i.linkId === 'shaps-1')?.answer?.[0]?.valueCoding?.display).toBe(`${TEST_PACK_MARK} disagree`);
    // Item 9's Observation gives the answer as the patient read it.
    expect(observations.find((o) => o.code.coding?.some((c) => c.code === '44260-8'))?.valueCodeableConcept?.text).toBe(`${TEST_PACK_MARK} several-days`);
    expect(validateFhir(bundle)).toEqual([]);
  });

  it('names the built-in English pack by its hash and origin', () => {
    const en = (i: Instrument): AdministeredText => ({ language: 'en', version: '1.0.0', packHash: i.packs.en?.hash ?? null, reading: 'respondent' });
    const { response } = exported('en', { 'phq-9': en(phq9), shaps: en(shaps) });
    expect(response('phq-9')?.language).toBe('en');
    expect(packParts(response('phq-9'))).toMatchObject({ sha256: phq9.packs.en?.hash, origin: 'built-in' });
    expect(response('phq-9')?.item?.find((i) => i.linkId === 'phq-9-1')?.text).toBe('Little interest or pleasure in doing things');
  });

  it('says a clinician read a questionnaire aloud and into which language it was interpreted', () => {
    const read: AdministeredText = { language: 'en', version: '1.0.0', packHash: shaps.packs.en?.hash ?? null, reading: 'clinician-read' };
    const { bundle, response } = exported('zh-CN', { 'phq-9': zhText(phq9), shaps: read });
    expect(response('shaps')?.language).toBe('en');
    expect(packParts(response('shaps'))).toMatchObject({ language: 'en', reading: 'clinician-read', interpretedInto: 'zh-CN' });
    expect(validateFhir(bundle)).toEqual([]);
  });

  it('claims no pack for an assessment stored before packs were recorded: its language only', () => {
    const { bundle, response } = exported('en');
    expect(response('phq-9')?.language).toBe('en');
    expect(packParts(response('phq-9'))).toEqual({ language: 'en', version: '1.0.0', reading: 'respondent' });
    expect(validateFhir(bundle)).toEqual([]);
  });

  it('claims no language for the CLI’s rows from a file, whose text is unknown', async () => {
    const columns = buildCodebook(phq9).items;
    const csv = `id,${columns.map((c) => c.column).join(',')}\nr1,${columns.map(() => '').join(',')}\n`;
    const file = await fhirFromCsv(Readable.from([csv]), phq9, { appVersion: '0.2.0', now: NOW });
    if (!file.ok) throw new Error(file.error);
    const response = file.value.bundle.entry?.map((e) => e.resource).find((r): r is QuestionnaireResponse => r?.resourceType === 'QuestionnaireResponse');
    expect(response && [response.language, response.extension]).toEqual([undefined, undefined]);
  });
});
