import type { Bundle, Flag } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { startFhirServer, type TestFhirServer } from '../../tests/support/fhir-server.ts';
import { simulateFullDisk } from '../../tests/support/full-disk.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault, TEST_PASSPHRASE } from '../../tests/support/vault.ts';
import { startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { createAssessment, getAssessment } from '../storage/assessment-repository.ts';
import { unlockClinic } from '../storage/clinic-lock.ts';
import { outboxStateFor, riskFlagsOutboxKey } from '../storage/outbox-repository.ts';
import { createPatient } from '../storage/patient-repository.ts';
import { saveFhirServer } from '../storage/settings-repository.ts';
import { NO_KEYS } from '../storage/vault.ts';
import { createAnswerWriter, openAssessmentForAnswers } from './answer-writer.ts';
import { handOver, takeBack } from './hand-over.ts';
import { createPatientWriter } from './patient-answers.ts';
import { acknowledgeAlert } from './review-assessment.ts';
import { sendRiskFlags } from './risk-flags.ts';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';
const TOKEN = 'clinic-token';

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: TOKEN });
});
afterAll(() => server.close());

let patients = 0;

/** A clinic with one patient (a fresh MRN per test, the server is shared) and a PHQ-9 draft `a-<n>`, optionally connected. */
async function clinic(options: { connected?: boolean; mode?: 'patient' | 'clinician' } = {}) {
  const vault = await freshVault();
  const env = testEnvironment({ fetch, newId: () => crypto.randomUUID() });
  const n = (patients += 1);
  const mrn = `MRN-FLAG-${String(n)}-${String(Date.now())}`;
  const patientId = `p-${String(n)}`;
  const assessmentId = `a-${String(n)}-${String(Date.now())}`;
  await createPatient(vault, { code: `P-${String(n)}`, displayName: null, birthYear: null, sex: null, mrn }, patientId, env.now());
  const draft = startAssessment({
    id: asAssessmentId(assessmentId),
    patientId: asPatientId(patientId),
    batteryName: 'PHQ-9',
    definitions: [phq9.definition],
    mode: options.mode ?? 'clinician',
    language: 'en',
    now: env.now(),
  });
  await createAssessment(vault, draft);
  if (options.connected ?? true) await saveFhirServer(vault, { baseUrl: server.baseUrl, auth: { kind: 'bearer', token: TOKEN }, mrnSystem: MRN_SYSTEM });
  return { vault, env, ctx: { vault, env, catalogue }, mrn, assessmentId };
}

/** The clinician keys in item 9 ("nearly every day") and the answer is stored. */
async function clinicianAnswersItem9(c: Awaited<ReturnType<typeof clinic>>) {
  const opened = await openAssessmentForAnswers(c.ctx, c.assessmentId);
  if (!opened.ok) throw new Error(opened.error.code);
  const writer = createAnswerWriter(c.ctx, opened.value, () => undefined);
  c.env.advance(60_000);
  expect(writer.answer(phq9, 'phq-9-9', 'nearly-every-day', 2000)).toEqual(['suicidalIdeation']);
  expect((await writer.flush()).ok).toBe(true);
}

const search = async (query: string): Promise<Bundle> => {
  const response = await fetch(`${server.baseUrl}/${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return (await response.json()) as Bundle;
};

/** The Flags the server holds on the Patient with this MRN (found by identifier, as the EHR would). */
async function flagsOnServer(mrn: string): Promise<Flag[]> {
  const patientsFound = await search(`Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|${mrn}`)}`);
  const ids = (patientsFound.entry ?? []).map((e) => e.resource?.id ?? '');
  expect(ids).toHaveLength(ids.length === 0 ? 0 : 1);
  if (ids.length === 0) return [];
  const flags = await search(`Flag?subject=${encodeURIComponent(`Patient/${ids[0] ?? ''}`)}`);
  return (flags.entry ?? []).map((e) => e.resource as Flag);
}

const flagRequests = () => server.requests.filter((r) => r.method === 'POST').length;

describe('Risk flags on the EHR (issue 18.5)', () => {
  it('a positive item 9 keyed in by a clinician makes exactly one active Flag on that Patient', async () => {
    const c = await clinic();
    await clinicianAnswersItem9(c);
    expect(await sendRiskFlags(c.ctx, c.assessmentId)).toEqual({ kind: 'sent' });
    const flags = await flagsOnServer(c.mrn);
    expect(flags.map((f) => [f.status, f.identifier?.[0]?.value, f.category?.[0]?.coding?.[0]?.code, f.period?.start, f.period?.end])).toEqual([
      ['active', `${c.assessmentId}/suicidalIdeation`, 'clinical', '2026-01-01T09:01:00.000Z', undefined],
    ]);
    expect(flags[0]?.code.text).toBe(phq9.labels.en?.flags['suicidalIdeation']);
    const state = await outboxStateFor(c.vault, [riskFlagsOutboxKey(c.assessmentId)]);
    expect(state.ok && state.value.get(riskFlagsOutboxKey(c.assessmentId))?.state).toBe('sent');
    // Sending again (the take-back, a second tap) finds it sent and sends nothing.
    const before = flagRequests();
    expect(await sendRiskFlags(c.ctx, c.assessmentId)).toEqual({ kind: 'already-sent' });
    expect(flagRequests()).toBe(before);
  });

  it('a retry after a network failure (the answer lost after the server took it) creates no duplicate', async () => {
    const c = await clinic();
    await clinicianAnswersItem9(c);
    // The server receives the transaction, but the answer never reaches the tablet.
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST') throw new TypeError('Failed to fetch');
      return response;
    };
    const failed = await sendRiskFlags({ ...c.ctx, env: { ...c.env, fetch: lossy } }, c.assessmentId);
    expect(failed.kind === 'refused' && failed.failure.code).toBe('network');
    const state = await outboxStateFor(c.vault, [riskFlagsOutboxKey(c.assessmentId)]);
    expect(state.ok && state.value.get(riskFlagsOutboxKey(c.assessmentId))?.state).toBe('failed');
    expect(await flagsOnServer(c.mrn)).toHaveLength(1);
    expect(await sendRiskFlags(c.ctx, c.assessmentId)).toEqual({ kind: 'sent' });
    expect((await flagsOnServer(c.mrn)).map((f) => f.status)).toEqual(['active']);
  });

  it('a hand-over sends nothing before take-back (patient mode holds no key), and one Flag after', async () => {
    const c = await clinic({ mode: 'patient' });
    const begun = await handOver(c.ctx, c.assessmentId);
    if (!begun.ok) throw new Error(begun.error.code);
    const patientMode = { db: c.vault.db, keys: NO_KEYS };
    const writer = createPatientWriter({ db: c.vault.db, env: c.env }, { seal: begun.value.seal, session: begun.value.session, instruments: [phq9] }, () => undefined);
    expect(writer.answer(phq9, 'phq-9-9', 'several-days', 1500)).toEqual(['suicidalIdeation']);
    expect((await writer.flush()).ok).toBe(true);
    const before = server.requests.length;
    const tried = await sendRiskFlags({ ...c.ctx, vault: patientMode }, c.assessmentId);
    expect(tried.kind === 'not-stored' && tried.error.code).toBe('locked');
    expect(server.requests.length).toBe(before);
    expect(await c.vault.db.outbox.count()).toBe(0);
    expect(await flagsOnServer(c.mrn)).toEqual([]);

    const unlocked = await unlockClinic(c.vault.db, TEST_PASSPHRASE, c.env.nowMs());
    if (!unlocked.ok) throw new Error(unlocked.error.code);
    const back = await takeBack({ vault: patientMode, catalogue, env: c.env }, unlocked.value);
    if (!back.ok) throw new Error(back.error.code);
    expect(back.value.assessmentId).toBe(c.assessmentId);
    const clinician = { ...c.ctx, vault: { db: c.vault.db, keys: back.value.keys } };
    expect(await sendRiskFlags(clinician, c.assessmentId)).toEqual({ kind: 'sent' });
    expect((await flagsOnServer(c.mrn)).map((f) => f.status)).toEqual(['active']);
  });

  it('acknowledging the alert makes the same Flag inactive, ended when acknowledged', async () => {
    const c = await clinic();
    await clinicianAnswersItem9(c);
    expect(await sendRiskFlags(c.ctx, c.assessmentId)).toEqual({ kind: 'sent' });
    const [opened] = await flagsOnServer(c.mrn);
    c.env.advance(5 * 60_000);
    const acknowledged = await acknowledgeAlert(c.ctx, c.assessmentId);
    expect(acknowledged.ok).toBe(true);
    expect(await sendRiskFlags(c.ctx, c.assessmentId)).toEqual({ kind: 'sent' });
    const flags = await flagsOnServer(c.mrn);
    expect(flags.map((f) => [f.id, f.status, f.period?.start, f.period?.end])).toEqual([[opened?.id, 'inactive', '2026-01-01T09:01:00.000Z', '2026-01-01T09:06:00.000Z']]);
  });

  it('queues nothing and reports no error when the clinic has no EHR connection', async () => {
    const c = await clinic({ connected: false });
    await clinicianAnswersItem9(c);
    const before = server.requests.length;
    expect(await sendRiskFlags(c.ctx, c.assessmentId)).toEqual({ kind: 'no-connection' });
    expect(await c.vault.db.outbox.count()).toBe(0);
    expect(server.requests.length).toBe(before);
  });

  it('storage full: an error value, nothing sent, the alert kept; sent once there is room', async () => {
    const c = await clinic();
    await clinicianAnswersItem9(c);
    const disk = await simulateFullDisk(c.vault.db, ['outbox']);
    disk.fill();
    const before = server.requests.length;
    const outcome = await sendRiskFlags(c.ctx, c.assessmentId);
    expect(outcome.kind === 'not-stored' && outcome.error.code).toBe('storage-full');
    expect(server.requests.length).toBe(before);
    const kept = await getAssessment(c.vault, asAssessmentId(c.assessmentId));
    expect(kept.ok && [kept.value.alerts, kept.value.alertsAcknowledgedAt]).toEqual([[{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }], null]);
    disk.free();
    expect(await sendRiskFlags(c.ctx, c.assessmentId)).toEqual({ kind: 'sent' });
    expect(await flagsOnServer(c.mrn)).toHaveLength(1);
  });

  it('an assessment without a safety alert sends nothing', async () => {
    const c = await clinic();
    const before = server.requests.length;
    expect(await sendRiskFlags(c.ctx, c.assessmentId)).toEqual({ kind: 'no-alert' });
    expect(server.requests.length).toBe(before);
  });
});
