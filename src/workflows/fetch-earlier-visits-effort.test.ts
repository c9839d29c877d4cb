import { clinicTablet, TEST_MRN_SYSTEM } from '../../tests/support/clinic-tablet.ts';
import type { Bundle, Observation } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playEffortTask, TEST_DEVICE } from '../../tests/support/effort-task.ts';
import { startFhirServer, TEST_CLINIC_CODE_SYSTEM, type TestFhirServer } from '../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../domain/assessment.ts';
import { summariseEffortTask } from '../domain/effort-task/effort-result.ts';
import { applyEffortTaskEvent } from '../domain/effort-task/task-events.ts';
import { createEffortTaskRecord, type EffortTaskRecord } from '../domain/effort-task/task-record.ts';
import { asAssessmentId } from '../domain/ids.ts';
import { toAssessmentExport } from '../export/fhir/assessment-export.ts';
import { EFFORT_TASK_SYSTEM } from '../export/fhir/effort-observations.ts';
import { findPatient, pullEffortObservations } from '../export/fhir/pull-client.ts';
import { pushTransaction, readCapabilities } from '../export/fhir/push-client.ts';
import { toTransactionBundles } from '../export/fhir/transaction.ts';
import { createAssessment, listAssessmentsForPatient, updateAssessment } from '../storage/assessment-repository.ts';
import { fetchEarlierVisits } from './fetch-earlier-visits.ts';
import { sendToEhr } from './send-to-ehr.ts';

const shaps = loadInstrument('shaps');
const catalogue = { instruments: [shaps], broken: [] };
const MRN_SYSTEM = TEST_MRN_SYSTEM;
const MRN = { system: MRN_SYSTEM, value: 'MRN-7001' };
const played = playEffortTask((reward, effort) => reward * 1.2 - effort * effort * 0.4 > 0);
const sig3 = (x: number) => Number(x.toPrecision(3));

function stoppedTask(): EffortTaskRecord {
  const skipped = applyEffortTaskEvent(createEffortTaskRecord({ seed: 3, startedAt: 0, device: TEST_DEVICE }), { type: 'skip', reason: 'cannot-tap', at: 5 });
  if (!skipped.ok) throw new Error(skipped.error);
  return skipped.value;
}

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: 'clinic-token' });
  server.nextLinks = true;
});
afterAll(() => server.close());

async function tablet(code: string, mrn = MRN.value) {
  // Every tablet of the clinic uses the clinic's patient-code system, and knows the patient by the same code.
  return clinicTablet(server, { code, mrn, catalogue, token: 'clinic-token', codeSystem: TEST_CLINIC_CODE_SYSTEM });
}

/** A SHAPS visit on tablet A with the given effort task, completed and stored as the app does. */
async function visit(on: Awaited<ReturnType<typeof tablet>>, n: number, effortTask: EffortTaskRecord): Promise<Assessment> {
  const now = `2026-0${String(n + 1)}-10T10:00:00.000Z`;
  let a = startAssessment({ id: asAssessmentId(crypto.randomUUID()), patientId: on.patient.id, batteryName: 'SHAPS', definitions: [shaps.definition], mode: 'patient', language: 'en', now });
  await createAssessment(on.vault, a);
  for (const item of shaps.definition.items) a = recordAnswer(a, shaps.definition, item.id, { code: shaps.definition.optionSets[item.optionSet]?.options[n % 4] ?? '', answeredAt: now, durationMs: 4000 });
  const done = { ...completeAssessment(a, [shaps.definition], () => ({}), now), effortTask };
  await updateAssessment(on.vault, done);
  return done;
}

const listed = async (on: Awaited<ReturnType<typeof tablet>>) => {
  const all = await listAssessmentsForPatient(on.vault, on.patient.id);
  if (!all.ok) throw new Error(all.error.code);
  return all.value;
};

describe('the effort task travels with a visit fetched by another tablet', () => {
  it('shows on tablet B the kR, kE, a and acceptance rate, or the reason it stopped, that tablet A reported; never twice', async () => {
    const a = await tablet('K-9');
    const [done, stopped] = [await visit(a, 0, played), await visit(a, 1, stoppedTask())];
    for (const assessment of [done, stopped]) expect(await sendToEhr(a.ctx, { assessment, subject: { patientCode: a.patient.code, mrn: MRN }, server: a.settings, resend: false })).toEqual({ kind: 'sent' });

    // The pull client pages the effort Observations by the server's next links, and resumes from its cursor.
    const serverPatient = await findPatient(a.settings, MRN, fetch);
    const id = serverPatient.ok ? (serverPatient.value?.id ?? '') : '';
    const before = server.requests.length;
    const paged = await pullEffortObservations(a.settings, id, null, fetch, { pageSize: 2 });
    expect(paged.ok && paged.value.observations.map((o: Observation) => o.code.coding?.[0]?.code).sort()).toEqual(
      ['acceptance-bias', 'acceptance-rate', 'effort-sensitivity', 'effort-task-status', 'reward-sensitivity'],
    );
    expect(server.requests.slice(before).filter((r) => r.url.includes('_page=')).length).toBeGreaterThanOrEqual(2);
    const again = await pullEffortObservations(a.settings, id, paged.ok ? paged.value.cursor : null, fetch, { pageSize: 2 });
    expect(again.ok && again.value.observations).toEqual([]);

    const b = await tablet('K-9');
    const first = await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings });
    expect(first).toMatchObject({ kind: 'fetched', stored: 2, effort: { stored: 2, alreadyHere: 0, waiting: 0, skipped: [], voided: 0 } });
    const onB = new Map((await listed(b)).map((x) => [x.id, x]));
    const result = summariseEffortTask(played);
    if (result.status !== 'completed') throw new Error(result.status);
    const { parameters, standardErrors, n } = result.reported;
    const estimate = (key: keyof typeof parameters) => ({ value: sig3(parameters[key]), standardError: sig3(standardErrors[key]) });
    expect(onB.get(done.id)?.origin?.effort).toMatchObject({
      status: 'completed',
      n,
      acceptancePercent: Math.round(result.acceptanceRate * 1000) / 10,
      parameters: { rewardSensitivity: estimate('rewardSensitivity'), effortSensitivity: estimate('effortSensitivity'), acceptanceBias: estimate('acceptanceBias') },
    });
    expect(onB.get(stopped.id)?.origin?.effort).toMatchObject({ status: 'skipped', phase: 'calibration', reason: 'cannot-tap' });
    // No trials are made up: the imported visit has no effort task record of its own.
    expect([...onB.values()].map((x) => x.effortTask)).toEqual([null, null]);

    // A second pull stores nothing new; tablet A's own visits keep their own effort task (never overwritten).
    expect(await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings })).toMatchObject({ kind: 'fetched', stored: 0, effort: { stored: 0, alreadyHere: 0, waiting: 0 } });
    expect(await fetchEarlierVisits(a.ctx, { patient: a.patient, server: a.settings })).toMatchObject({ kind: 'fetched', stored: 0, alreadyHere: 2, effort: { stored: 0, alreadyHere: 2 } });
    expect((await listed(a)).map((x) => [x.effortTask?.outcome.status, x.origin])).toEqual(expect.arrayContaining([['completed', undefined], ['skipped', undefined]]));

    // An imported effort result is never pushed back: the export of a pulled visit carries no effort Observation.
    const meta = { appVersion: 'test', now: '2026-04-01T08:00:00.000Z', newUuid: () => crypto.randomUUID() };
    const exported = toAssessmentExport(onB.get(done.id) as Assessment, catalogue, { patientCode: b.patient.code, codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: MRN }, meta);
    const codes = exported.groups.flatMap((g) => g.entries.map((e) => e.resource)).flatMap((r) => (r?.resourceType === 'Observation' ? (r.code.coding ?? []) : []));
    expect(codes.filter((c) => c.system === EFFORT_TASK_SYSTEM)).toEqual([]);
  });

  it('keeps an effort result whose questionnaires have not reached the server, and puts it on the visit when they come', async () => {
    const a = await tablet('K-9', 'MRN-7002');
    const given = await visit(a, 2, played);
    const meta = { appVersion: 'test', now: '2026-04-01T08:00:00.000Z', newUuid: () => crypto.randomUUID() };
    const bundles = toTransactionBundles(toAssessmentExport(given, catalogue, { patientCode: a.patient.code, codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: { ...MRN, value: 'MRN-7002' } }, meta), () => crypto.randomUUID());
    const capabilities = await readCapabilities(a.settings, fetch);
    if (!capabilities.ok) throw new Error(capabilities.error.message);
    const push = async (i: number) => expect((await pushTransaction(bundles[i] as Bundle, a.settings, fetch, capabilities.value)).ok).toBe(true);
    // The effort task's own transaction arrives first (the questionnaire's is still in tablet A's outbox).
    await push(1);
    const b = await tablet('K-9', 'MRN-7002');
    const bPatient = b.patient;
    const first = await fetchEarlierVisits(b.ctx, { patient: bPatient, server: b.settings });
    expect(first).toMatchObject({ kind: 'fetched', stored: 0, effort: { stored: 0, waiting: 1 } });
    await push(0);
    const second = await fetchEarlierVisits(b.ctx, { patient: bPatient, server: b.settings });
    expect(second).toMatchObject({ kind: 'fetched', stored: 1, effort: { stored: 1, waiting: 0 } });
    expect((await listed(b))[0]?.origin?.effort?.status).toBe('completed');
    expect(await fetchEarlierVisits(b.ctx, { patient: bPatient, server: b.settings })).toMatchObject({ kind: 'fetched', stored: 0, effort: { stored: 0, alreadyHere: 0, waiting: 0 } });
  });
});
