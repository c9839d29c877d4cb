import type { QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../src/domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import type { Catalogue } from '../src/domain/instrument-catalogue.ts';
import { toAssessmentExport } from '../src/export/fhir/assessment-export.ts';
import { assembleImportedVisits } from '../src/export/fhir/imported-visits.ts';
import { TEST_CLINIC_CODE_SYSTEM } from './support/fhir-server.ts';
import { loadInstrument } from './support/instruments.ts';

const shaps = loadInstrument('shaps');
const phq = loadInstrument('phq-9');
const catalogue: Catalogue = { instruments: [shaps, phq], broken: [] };
let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;
const SERVER = 'https://fhir.clinic.example/r4';

/** Tablet A's visit: SHAPS and PHQ-9 self-reported, item 9 "several days". */
function visitOnTabletA(id: string, day: string): Assessment {
  const now = `${day}T10:00:00.000Z`;
  const definitions = [shaps.definition, phq.definition];
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('tablet-a-patient'), batteryName: 'SHAPS + PHQ-9', definitions, mode: 'patient', language: 'en', now });
  for (const item of shaps.definition.items) a = recordAnswer(a, shaps.definition, item.id, { code: shaps.definition.optionSets[item.optionSet]?.options[1] ?? 'agree', answeredAt: now, durationMs: 4000 });
  for (const item of phq.definition.items) {
    const code = item.id === 'phq-9-difficulty' ? 'somewhat-difficult' : item.id === 'phq-9-9' ? 'several-days' : 'more-than-half-the-days';
    a = recordAnswer(a, phq.definition, item.id, { code, answeredAt: now, durationMs: 4000 });
  }
  return completeAssessment(a, definitions, () => ({}), now);
}

/** The QuestionnaireResponses tablet A's export puts on the server. */
function responsesOf(a: Assessment): QuestionnaireResponse[] {
  const exported = toAssessmentExport(a, catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null }, { appVersion: '0.2.0', now: a.completedAt ?? '', newUuid: uuid });
  return exported.groups.flatMap((g) => g.entries.map((e) => e.resource)).filter((r): r is QuestionnaireResponse => r?.resourceType === 'QuestionnaireResponse').map((r, i) => ({ ...r, id: `qr-${String(i)}`, meta: { versionId: '1' } }));
}

describe('a visit given on another tablet, read back from the clinic’s server', () => {
  const given = visitOnTabletA('visit-1', '2026-03-02');
  const into = { patientId: asPatientId('tablet-b-patient'), server: SERVER, pulledAt: '2026-04-01T08:00:00.000Z' };

  it('becomes one assessment under the same id, with the same answers, re-scored to the same scores', () => {
    const { assessments, skipped, voided } = assembleImportedVisits(responsesOf(given), catalogue, into);
    expect({ skipped, voided }).toEqual({ skipped: [], voided: [] });
    expect(assessments).toHaveLength(1);
    const [pulled] = assessments;
    expect(pulled?.id).toBe('visit-1');
    expect(pulled?.patientId).toBe('tablet-b-patient');
    expect(pulled?.status).toBe('completed');
    expect(pulled?.mode).toBe('patient');
    expect(pulled?.completedAt).toBe(given.completedAt);
    const codes = (a: Assessment | undefined) => Object.fromEntries(Object.entries(a?.answers ?? {}).map(([i, items]) => [i, Object.fromEntries(Object.entries(items).map(([k, v]) => [k, v.code]))]));
    expect(codes(pulled)).toEqual(codes(given));
    for (const id of ['shaps', 'phq-9']) expect(pulled?.results?.[id]?.scores).toEqual(given.results?.[id]?.scores);
    // The item-9 answer raises the alert here too; the item durations are not in a response, so no "too fast" flag.
    expect(pulled?.alerts).toEqual(given.alerts);
    expect(Object.values(pulled?.qualityFlags ?? {}).flat().filter((f) => f.code === 'tooFast')).toEqual([]);
    expect(pulled?.origin).toEqual({
      server: SERVER,
      pulledAt: '2026-04-01T08:00:00.000Z',
      responses: [
        { instrumentId: 'shaps', resourceId: 'qr-0', versionId: '1' },
        { instrumentId: 'phq-9', resourceId: 'qr-1', versionId: '1' },
      ],
      mismatches: [],
    });
  });

  it('keeps a score the server states differently as a mismatch, never its value', () => {
    const responses = responsesOf(given).map((r) =>
      r.questionnaire?.includes('phq-9') ? { ...r, item: r.item?.map((i) => (i.linkId === 'score-total' ? { ...i, answer: [{ valueDecimal: 3 }] } : i)) } : r,
    );
    const [pulled] = assembleImportedVisits(responses, catalogue, into).assessments;
    expect(pulled?.results?.['phq-9']?.scores.total).toBe(given.results?.['phq-9']?.scores.total);
    expect(pulled?.origin?.mismatches).toEqual([{ instrumentId: 'phq-9', key: 'total', source: 'response-item', reported: 3, engine: given.results?.['phq-9']?.scores.total }]);
  });

  it('lists what it cannot read and what was voided, and imports the rest', () => {
    const [shapsResponse, phqResponse] = responsesOf(given);
    const unknown = { ...shapsResponse, id: 'qr-x', questionnaire: 'https://elsewhere.example/Questionnaire/gad-7|1.0.0' } as QuestionnaireResponse;
    const voided = { ...responsesOf(visitOnTabletA('visit-2', '2026-03-09'))[0], status: 'entered-in-error' } as QuestionnaireResponse;
    const result = assembleImportedVisits([unknown, phqResponse as QuestionnaireResponse, voided], catalogue, into);
    expect(result.skipped).toEqual([{ index: 0, resourceId: 'qr-x', reasons: [expect.stringContaining('gad-7')] }]);
    // A voided visit (by another tool: no revision extension) is kept, as the second version, entered in error.
    expect(result.voided).toEqual(['visit-2']);
    expect(result.assessments.map((a) => [a.id, a.instruments.map((i) => i.id), a.revision?.kind ?? null])).toEqual([
      ['visit-1', ['phq-9'], null],
      ['visit-2', ['shaps'], 'entered-in-error'],
    ]);
    expect(result.assessments[1]?.revision).toMatchObject({ root: 'visit-2', number: 2, reason: 'entered-in-error', note: '' });
  });
});
