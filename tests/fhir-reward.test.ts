import type { Bundle, Observation, Provenance } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../src/domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import type { Catalogue } from '../src/domain/instrument-catalogue.ts';
import { summariseRewardTask } from '../src/domain/prt/reward-result.ts';
import { createRewardTaskRecord, type RewardTaskRecord } from '../src/domain/prt/task-record.ts';
import { voidVisit } from '../src/domain/revision.ts';
import { toAssessmentCollection, toAssessmentExport } from '../src/export/fhir/assessment-export.ts';
import { EFFORT_TASK_SYSTEM } from '../src/export/fhir/effort-observations.ts';
import { ASSESSMENT_ID_SYSTEM } from '../src/export/fhir/fhir-terms.ts';
import { pushTransaction, readCapabilities, type FhirServer } from '../src/export/fhir/push-client.ts';
import { REWARD_TASK_SYSTEM, toRewardEntries } from '../src/export/fhir/reward-observations.ts';
import { PROVENANCE_TAG_SYSTEM, toTransactionBundles } from '../src/export/fhir/transaction.ts';
import { playEffortTask, TEST_DEVICE } from './support/effort-task.ts';
import { startFhirServer, type TestFhirServer, TEST_CLINIC_CODE_SYSTEM } from './support/fhir-server.ts';
import { validateFhir } from './support/fhir-validate.ts';
import { loadInstrument } from './support/instruments.ts';
import { playRewardTask, skippedRewardTask } from './support/reward-task.ts';

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;
const NOW = '2026-03-01T10:10:00.000Z';
const meta = { appVersion: '0.2.0', now: NOW, newUuid: uuid };
const SUBJECT = { reference: 'urn:uuid:00000000-0000-4000-8000-999999999999' };
const CODES = ['response-bias', 'discriminability', 'reward-sensitivity'];
const SUBJECT_CODE = { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null };

const catalogue: Catalogue = { instruments: ['shaps', 'phq-9'].map(loadInstrument), broken: [] };
const played = playRewardTask(4);

/** SHAPS and PHQ-9 answered and completed through the engine, with the given reward task (and no effort task). */
function assessmentWith(id: string, rewardTask: RewardTaskRecord | null): Assessment {
  const definitions = catalogue.instruments.map((i) => i.definition);
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'Standard', definitions, mode: 'patient', language: 'en', now: '2026-03-01T10:00:00.000Z' });
  for (const def of definitions) {
    for (const item of def.items) {
      const code = def.optionSets[item.optionSet]?.options[0];
      if (code !== undefined) a = recordAnswer(a, def, item.id, { code, answeredAt: '2026-03-01T10:01:00.000Z', durationMs: 1500 });
    }
  }
  return { ...completeAssessment(a, definitions, () => ({}), '2026-03-01T10:05:00.000Z'), effortTask: null, rewardTask };
}

const observationsOf = (entries: readonly { resource?: { resourceType: string } }[]) =>
  entries.map((e) => e.resource).filter((r): r is Observation => r?.resourceType === 'Observation');
const three = (value: number) => ({ value: Number(value.toPrecision(3)), unit: '1', system: 'http://unitsofmeasure.org', code: '1' });

describe('the reward task in the FHIR export', () => {
  it('exports a completed task as log b and log d with per-block components and ρ with its SE, that validate, then a Provenance', () => {
    const result = summariseRewardTask(played);
    if (result.status !== 'completed' || !result.fit) throw new Error(result.status);
    const a = assessmentWith('r1', played);
    const entries = toRewardEntries(a, SUBJECT, meta);
    for (const entry of entries) {
      expect(entry.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(validateFhir(entry.resource ?? {}), entry.resource?.resourceType).toEqual([]);
    }
    const observations = observationsOf(entries);
    expect(observations.map((o) => o.code.coding?.[0]?.code)).toEqual(CODES);
    const byCode = new Map(observations.map((o) => [o.code.coding?.[0]?.code, o]));
    const { summary, fit } = result;
    const bias = byCode.get('response-bias');
    expect(bias?.valueQuantity).toEqual(three(summary.overall.logB));
    expect(bias?.component?.map((c) => [c.code.coding?.[0]?.system, c.code.coding?.[0]?.code, c.valueQuantity])).toEqual(
      summary.blocks.map((b) => [REWARD_TASK_SYSTEM, `response-bias-block-${b.block}`, three(b.logB)]),
    );
    expect(bias?.note?.[0]?.text).toContain(`n = 300 trials, ${summary.excluded.length} excluded`);
    const discriminability = byCode.get('discriminability');
    expect(discriminability?.valueQuantity).toEqual(three(summary.overall.logD));
    expect(discriminability?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity])).toEqual(summary.blocks.map((b) => [`discriminability-block-${b.block}`, three(b.logD)]));
    const rho = byCode.get('reward-sensitivity');
    expect(rho?.valueQuantity).toEqual(three(fit.parameters.rewardSensitivity));
    expect(rho?.note?.[0]?.text).toContain(`Standard error ${String(Number(fit.rewardSensitivitySe.toPrecision(3)))} (Laplace approximation`);
    expect(rho?.note?.[0]?.text).toContain(`n = ${fit.n} scored trials`);
    expect(rho?.method?.text).toMatch(/^Probabilistic Reward Task \(Pizzagalli et al\. 2005\), MAP fit/);
    expect(bias?.method?.text).toBe(`Probabilistic Reward Task (Pizzagalli et al. 2005), Motivation Profile reward task ${played.taskVersion}`);

    for (const o of observations) {
      expect(o).toMatchObject({ status: 'final', subject: SUBJECT, effectiveDateTime: a.completedAt });
      expect(o.category?.[0]?.coding?.[0]?.code).toBe('survey');
      expect(o.code.coding?.[0]?.system).toBe(REWARD_TASK_SYSTEM);
      expect(o.interpretation).toBeUndefined();
      expect(o.referenceRange).toBeUndefined();
      expect(o.note?.[0]?.text).toContain('Research measure; no reference data.');
    }
    // ε (and γ) are research-only: never sent per person.
    expect(JSON.stringify(entries)).not.toMatch(/learning rate|ε|epsilon|instruction sensitivity|γ|gamma/i);

    const provenance = entries.at(-1)?.resource as Provenance;
    expect(provenance.resourceType).toBe('Provenance');
    expect(provenance.target.map((t) => t.reference)).toEqual(entries.slice(0, -1).map((e) => e.fullUrl));
    expect(provenance.recorded).toBe(NOW);
    expect(provenance.agent[0]?.who).toEqual({ type: 'Device', display: `Motivation Profile 0.2.0 (reward task ${played.taskVersion})` });
  });

  it('keeps the identifiers stable across exports', () => {
    const a = assessmentWith('r1', played);
    const identifiers = () => observationsOf(toRewardEntries(a, SUBJECT, meta)).map((o) => o.identifier);
    const first = identifiers();
    expect(first).toEqual(CODES.map((code) => [{ system: ASSESSMENT_ID_SYSTEM, value: `r1/reward-task/${code}` }]));
    expect(identifiers()).toEqual(first);
  });

  it('exports a skipped task as one status Observation saying where and why, and no value', () => {
    const entries = toRewardEntries(assessmentWith('r2', skippedRewardTask('cannot-see')), SUBJECT, meta);
    for (const entry of entries) expect(validateFhir(entry.resource ?? {}), entry.resource?.resourceType).toEqual([]);
    const [status, ...others] = observationsOf(entries);
    expect(others).toEqual([]);
    expect(status?.code.coding?.[0]).toMatchObject({ system: REWARD_TASK_SYSTEM, code: 'reward-task-status' });
    expect(status?.identifier?.[0]?.value).toBe('r2/reward-task/reward-task-status');
    expect(status?.valueCodeableConcept).toEqual({ text: 'skipped during the instructions: cannot see the faces' });
    expect(entries.map((e) => e.resource?.resourceType)).toEqual(['Observation', 'Provenance']);
  });

  it('exports nothing for no task, or a task still in progress', () => {
    expect(toRewardEntries(assessmentWith('r3', null), SUBJECT, meta)).toEqual([]);
    expect(toRewardEntries(assessmentWith('r3', createRewardTaskRecord({ seed: 1, startedAt: 0, device: TEST_DEVICE })), SUBJECT, meta)).toEqual([]);
    const exported = toAssessmentExport(assessmentWith('r3', null), catalogue, SUBJECT_CODE, meta);
    expect(exported.groups).toHaveLength(2);
    expect(JSON.stringify(exported.groups)).not.toContain('reward-task');
  });

  it('adds the task as its own group after the effort task’s: in the collection file, and as its own transaction of conditional creates', () => {
    const both = { ...assessmentWith('r1', played), effortTask: playEffortTask((reward, effort) => reward > effort) };
    const exported = toAssessmentExport(both, catalogue, SUBJECT_CODE, meta);
    expect(exported.groups.map((g) => g.identifier)).toEqual(['r1/shaps', 'r1/phq-9', 'r1/effort-task', 'r1/reward-task']);
    const collection = toAssessmentCollection(exported, 'x1', NOW);
    expect(validateFhir(collection)).toEqual([]);
    expect(observationsOf(collection.entry ?? []).filter((o) => o.code.coding?.[0]?.system === REWARD_TASK_SYSTEM)).toHaveLength(3);
    expect(observationsOf(collection.entry ?? []).filter((o) => o.code.coding?.[0]?.system === EFFORT_TASK_SYSTEM)).toHaveLength(4);

    const bundles = toTransactionBundles(exported, uuid);
    expect(bundles).toHaveLength(4);
    const reward = bundles[3];
    expect(reward?.entry?.map((e) => e.resource?.resourceType)).toEqual(['Patient', 'Observation', 'Observation', 'Observation', 'Provenance']);
    for (const bundle of bundles) {
      expect(validateFhir(bundle)).toEqual([]);
      // Medplum serialises transactions of conditional creates and takes at most 8 entries in one.
      expect(bundle.entry?.length).toBeLessThanOrEqual(8);
    }
    expect(reward?.entry?.slice(1).map((e) => e.request?.ifNoneExist)).toEqual([
      ...CODES.map((code) => `identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|r1/reward-task/${code}`)}`),
      `_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|r1/reward-task`)}`,
    ]);
  });

  it('marks a voided visit’s reward-task Observations entered-in-error, as the effort task’s', () => {
    const first = assessmentWith('r4', played);
    const voided = voidVisit(first, [first], { reason: 'wrong-patient', note: '', at: '2026-03-02T09:00:00.000Z', by: 'Dr Wang', newId: 'r5' });
    if (!voided.ok) throw new Error(JSON.stringify(voided.error));
    const group = toAssessmentExport(voided.value, catalogue, SUBJECT_CODE, meta).groups.find((g) => g.identifier === 'r4/reward-task');
    expect(group?.revision).toBe(2);
    expect(observationsOf(group?.entries ?? []).map((o) => [o.identifier?.[0]?.value, o.status])).toEqual(CODES.map((code) => [`r4/reward-task/${code}`, 'entered-in-error']));
  });
});

describe('pushing the reward task to a FHIR server (Medplum FhirRouter on 127.0.0.1)', () => {
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
    const exportOnce = () => toTransactionBundles(toAssessmentExport(assessmentWith('r1', played), catalogue, SUBJECT_CODE, meta), uuid);
    await pushAll(exportOnce());
    const rewardObservations = async () => (await search<Observation>('Observation', '_count=100')).filter((o) => o.code.coding?.[0]?.system === REWARD_TASK_SYSTEM);
    const first = await rewardObservations();
    expect(first.map((o) => o.identifier?.[0]?.value).sort()).toEqual(CODES.map((c) => `r1/reward-task/${c}`).sort());
    expect(first.find((o) => o.code.coding?.[0]?.code === 'response-bias')?.component).toHaveLength(3);
    const [patient, ...otherPatients] = await search<{ id?: string }>('Patient', '');
    expect(otherPatients).toEqual([]);
    expect(first.every((o) => o.subject?.reference === `Patient/${patient?.id ?? ''}`)).toBe(true);
    const tag = `_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|r1/reward-task`)}`;
    const [provenance, ...otherProvenances] = await search<Provenance>('Provenance', tag);
    expect(otherProvenances).toEqual([]);
    expect(provenance?.target.map((t) => t.reference).sort()).toEqual(first.map((o) => `Observation/${o.id ?? ''}`).sort());

    await pushAll(exportOnce());
    expect((await rewardObservations()).map((o) => o.id).sort()).toEqual(first.map((o) => o.id).sort());
    expect(await search('Provenance', tag)).toHaveLength(1);
  });
});
