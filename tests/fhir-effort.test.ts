import type { Bundle, Observation, Provenance } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../src/domain/assessment.ts';
import { summariseEffortTask } from '../src/domain/effort-task/effort-result.ts';
import { applyEffortTaskEvent } from '../src/domain/effort-task/task-events.ts';
import { createEffortTaskRecord, type EffortTaskRecord } from '../src/domain/effort-task/task-record.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import type { Catalogue } from '../src/domain/instrument-catalogue.ts';
import { toAssessmentCollection, toAssessmentExport } from '../src/export/fhir/assessment-export.ts';
import { EFFORT_TASK_SYSTEM, toEffortEntries } from '../src/export/fhir/effort-observations.ts';
import { ASSESSMENT_ID_SYSTEM } from '../src/export/fhir/fhir-terms.ts';
import { pushTransaction, readCapabilities, type FhirServer } from '../src/export/fhir/push-client.ts';
import { PROVENANCE_TAG_SYSTEM, toTransactionBundles } from '../src/export/fhir/transaction.ts';
import { playEffortTask, TEST_DEVICE } from './support/effort-task.ts';
import { startFhirServer, type TestFhirServer, TEST_CLINIC_CODE_SYSTEM } from './support/fhir-server.ts';
import { validateFhir } from './support/fhir-validate.ts';
import { loadInstrument } from './support/instruments.ts';

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;
const NOW = '2026-03-01T10:10:00.000Z';
const meta = { appVersion: '0.2.0', now: NOW, newUuid: uuid };
const SUBJECT = { reference: 'urn:uuid:00000000-0000-4000-8000-999999999999' };
const CODES = ['reward-sensitivity', 'effort-sensitivity', 'acceptance-bias', 'acceptance-rate'];

const catalogue: Catalogue = { instruments: ['shaps', 'phq-9'].map(loadInstrument), broken: [] };
// Accepts unless the effort is high and the reward low (as effort-result.test.ts): both sensitivities above 0.
const played = playEffortTask((reward, effort) => reward * 1.2 - effort * effort * 0.4 > 0);

function skippedTask(): EffortTaskRecord {
  const skipped = applyEffortTaskEvent(createEffortTaskRecord({ seed: 1, startedAt: 0, device: TEST_DEVICE }), { type: 'skip', reason: 'cannot-tap', at: 5 });
  if (!skipped.ok) throw new Error(skipped.error);
  return skipped.value;
}

/** SHAPS and PHQ-9 answered and completed through the engine, with the given effort task. */
function assessmentWith(id: string, effortTask: EffortTaskRecord | null): Assessment {
  const definitions = catalogue.instruments.map((i) => i.definition);
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'Standard', definitions, mode: 'patient', language: 'en', now: '2026-03-01T10:00:00.000Z' });
  for (const def of definitions) {
    for (const item of def.items) {
      const code = def.optionSets[item.optionSet]?.options[0];
      if (code !== undefined) a = recordAnswer(a, def, item.id, { code, answeredAt: '2026-03-01T10:01:00.000Z', durationMs: 1500 });
    }
  }
  const completed = completeAssessment(a, definitions, () => ({}), '2026-03-01T10:05:00.000Z');
  // The task is stored on the assessment; completing it is the task UI's business, not the export's.
  return { ...completed, effortTask };
}

const observationsOf = (entries: readonly { resource?: { resourceType: string } }[]) =>
  entries.map((e) => e.resource).filter((r): r is Observation => r?.resourceType === 'Observation');

describe('the effort task in the FHIR export', () => {
  it('exports a completed task as four Observations that validate, equal to the reported parabolic fit, then a Provenance', () => {
    const result = summariseEffortTask(played);
    if (result.status !== 'completed') throw new Error(result.status);
    const a = assessmentWith('e1', played);
    const entries = toEffortEntries(a, SUBJECT, meta);
    for (const entry of entries) {
      expect(entry.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(validateFhir(entry.resource ?? {}), entry.resource?.resourceType).toEqual([]);
    }
    const observations = observationsOf(entries);
    expect(observations.map((o) => o.code.coding?.[0]?.code)).toEqual(CODES);
    const byCode = new Map(observations.map((o) => [o.code.coding?.[0]?.code, o]));
    const { parameters, standardErrors, n } = result.reported;
    // Three significant digits: never an unrounded fit such as −2.1415969669795984.
    const one = (value: number) => ({ value: Number(value.toPrecision(3)), unit: '1', system: 'http://unitsofmeasure.org', code: '1' });
    expect(byCode.get('reward-sensitivity')?.valueQuantity).toEqual(one(parameters.rewardSensitivity));
    expect(byCode.get('effort-sensitivity')?.valueQuantity).toEqual(one(parameters.effortSensitivity));
    expect(byCode.get('acceptance-bias')?.valueQuantity).toEqual(one(parameters.acceptanceBias));
    expect(byCode.get('acceptance-rate')?.valueQuantity).toEqual({ value: Math.round(result.acceptanceRate * 1000) / 10, unit: '%', system: 'http://unitsofmeasure.org', code: '%' });
    expect(byCode.get('acceptance-rate')?.note?.[0]?.text).toContain(`${String(Math.round(result.acceptanceRate * n))} of ${String(n)} offers accepted`);

    for (const o of observations) {
      expect(o).toMatchObject({ status: 'final', subject: SUBJECT, effectiveDateTime: a.completedAt });
      expect(o.category?.[0]?.coding?.[0]?.code).toBe('survey');
      expect(o.code.coding?.[0]?.system).toBe(EFFORT_TASK_SYSTEM);
      expect(o.code.text).toBeTruthy();
      expect(o.interpretation).toBeUndefined();
      expect(o.referenceRange).toBeUndefined();
      expect(o.note?.[0]?.text).toContain('Research measure; no reference data.');
    }
    const kR = byCode.get('reward-sensitivity');
    expect(kR?.method?.text).toBe(`MAP fit, parabolic effort cost SV = kR·R − kE·E², Motivation Profile effort task ${played.taskVersion}`);
    expect(kR?.note?.[0]?.text).toContain(`Standard error ${String(Number(standardErrors.rewardSensitivity.toPrecision(3)))}`);
    expect(kR?.note?.[0]?.text).toContain(`n = ${String(n)} offers`);

    const provenance = entries.at(-1)?.resource as Provenance;
    expect(provenance.resourceType).toBe('Provenance');
    expect(provenance.target.map((t) => t.reference)).toEqual(entries.slice(0, -1).map((e) => e.fullUrl));
    expect(provenance.recorded).toBe(NOW);
    expect(provenance.agent[0]?.who).toEqual({ type: 'Device', display: `Motivation Profile 0.2.0 (effort task ${played.taskVersion})` });
  });

  it('keeps the identifiers stable across exports', () => {
    const a = assessmentWith('e1', played);
    const identifiers = () => observationsOf(toEffortEntries(a, SUBJECT, meta)).map((o) => o.identifier);
    const first = identifiers();
    expect(first).toEqual(CODES.map((code) => [{ system: ASSESSMENT_ID_SYSTEM, value: `e1/effort-task/${code}` }]));
    expect(identifiers()).toEqual(first);
  });

  it('exports a skipped task as one status Observation saying where and why, and no parameter', () => {
    const entries = toEffortEntries(assessmentWith('e2', skippedTask()), SUBJECT, meta);
    for (const entry of entries) expect(validateFhir(entry.resource ?? {}), entry.resource?.resourceType).toEqual([]);
    const observations = observationsOf(entries);
    expect(observations).toHaveLength(1);
    const [status] = observations;
    expect(status?.code.coding?.[0]).toMatchObject({ system: EFFORT_TASK_SYSTEM, code: 'effort-task-status' });
    expect(status?.identifier?.[0]?.value).toBe('e2/effort-task/effort-task-status');
    expect(status?.valueCodeableConcept).toEqual({ text: 'skipped during calibration: cannot tap (hand, tremor or pain)' });
    expect(status?.valueQuantity).toBeUndefined();
    expect(entries.map((e) => e.resource?.resourceType)).toEqual(['Observation', 'Provenance']);
  });

  it('exports nothing for no task, or a task still in progress', () => {
    expect(toEffortEntries(assessmentWith('e3', null), SUBJECT, meta)).toEqual([]);
    expect(toEffortEntries(assessmentWith('e3', createEffortTaskRecord({ seed: 1, startedAt: 0, device: TEST_DEVICE })), SUBJECT, meta)).toEqual([]);
    const exported = toAssessmentExport(assessmentWith('e3', null), catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null }, meta);
    expect(exported.groups).toHaveLength(2);
    expect(JSON.stringify(exported.groups)).not.toContain('effort-task');
  });

  it('adds the task as its own group: in the collection file, and as its own transaction of conditional creates', () => {
    const exported = toAssessmentExport(assessmentWith('e1', played), catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null }, meta);
    expect(exported.groups).toHaveLength(3);
    const collection = toAssessmentCollection(exported, 'x1', NOW);
    expect(validateFhir(collection)).toEqual([]);
    expect(observationsOf(collection.entry ?? []).filter((o) => o.code.coding?.[0]?.system === EFFORT_TASK_SYSTEM)).toHaveLength(4);

    const bundles = toTransactionBundles(exported, uuid);
    expect(bundles).toHaveLength(3);
    const effort = bundles[2];
    expect(effort?.entry?.map((e) => e.resource?.resourceType)).toEqual(['Patient', 'Observation', 'Observation', 'Observation', 'Observation', 'Provenance']);
    for (const bundle of bundles) {
      expect(validateFhir(bundle)).toEqual([]);
      // Medplum serialises transactions of conditional creates and takes at most 8 entries in one.
      expect(bundle.entry?.length).toBeLessThanOrEqual(8);
      for (const entry of bundle.entry ?? []) expect(entry.request?.ifNoneExist).toMatch(/^(identifier|url|_tag)=/);
    }
    expect(effort?.entry?.slice(1).map((e) => e.request?.ifNoneExist)).toEqual([
      ...CODES.map((code) => `identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|e1/effort-task/${code}`)}`),
      `_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|e1/effort-task`)}`,
    ]);
    // The instruments' Provenances keep their response's identifier as tag.
    expect(bundles[1]?.entry?.at(-1)?.request?.ifNoneExist).toBe(`_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|e1/phq-9`)}`);

    const skipped = toTransactionBundles(toAssessmentExport(assessmentWith('e2', skippedTask()), catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null }, meta), uuid).at(-1);
    expect(skipped?.entry?.map((e) => e.request?.ifNoneExist)).toEqual([
      `identifier=${encodeURIComponent(`${TEST_CLINIC_CODE_SYSTEM}|W7-042`)}`,
      `identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|e2/effort-task/effort-task-status`)}`,
      `_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|e2/effort-task`)}`,
    ]);
  });
});

describe('pushing the effort task to a FHIR server (Medplum FhirRouter on 127.0.0.1)', () => {
  let server: TestFhirServer;
  let connection: FhirServer;
  beforeAll(async () => {
    server = await startFhirServer();
    connection = { baseUrl: server.baseUrl, auth: { kind: 'none' } };
  });
  afterAll(() => server.close());

  async function search<T>(resourceType: string, query: string): Promise<T[]> {
    const answer = (await (await fetch(`${server.baseUrl}/${resourceType}?${query}`)).json()) as Bundle;
    return (answer.entry ?? []).map((e) => e.resource as T);
  }
  async function pushAll(bundles: readonly Bundle[]) {
    const capabilities = await readCapabilities(connection, fetch);
    if (!capabilities.ok) throw new Error(capabilities.error.message);
    for (const bundle of bundles) {
      const pushed = await pushTransaction(bundle, connection, fetch, capabilities.value);
      expect(pushed.ok ? null : pushed.error).toBeNull();
    }
  }

  it('creates the Observations and their Provenance once, and nothing more when sent again', async () => {
    const assessment = assessmentWith('e1', played);
    const exportOnce = () => toTransactionBundles(toAssessmentExport(assessment, catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null }, meta), uuid);
    await pushAll(exportOnce());
    const effortObservations = async () => (await search<Observation>('Observation', '_count=100')).filter((o) => o.code.coding?.[0]?.system === EFFORT_TASK_SYSTEM);
    const first = await effortObservations();
    expect(first.map((o) => o.identifier?.[0]?.value).sort()).toEqual(CODES.map((c) => `e1/effort-task/${c}`).sort());
    const [patient, ...otherPatients] = await search<{ id?: string }>('Patient', '');
    expect(otherPatients).toEqual([]);
    expect(first.every((o) => o.subject?.reference === `Patient/${patient?.id ?? ''}`)).toBe(true);
    const [provenance, ...otherProvenances] = await search<Provenance>('Provenance', `_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|e1/effort-task`)}`);
    expect(otherProvenances).toEqual([]);
    expect(provenance?.target.map((t) => t.reference).sort()).toEqual(first.map((o) => `Observation/${o.id ?? ''}`).sort());

    await pushAll(exportOnce());
    expect((await effortObservations()).map((o) => o.id).sort()).toEqual(first.map((o) => o.id).sort());
    expect(await search('Provenance', `_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|e1/effort-task`)}`)).toHaveLength(1);
    expect(await search('Patient', '')).toHaveLength(1);
  });
});
