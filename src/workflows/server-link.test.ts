import type { Patient as FhirPatient, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { startFhirServer, type TestFhirServer } from '../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault } from '../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../domain/assessment.ts';
import { asAssessmentId } from '../domain/ids.ts';
import { createAssessment, listAssessmentsForPatient, updateAssessment } from '../storage/assessment-repository.ts';
import { listOutbox } from '../storage/outbox-repository.ts';
import { createPatient } from '../storage/patient-repository.ts';
import { clinicPatientCodeSystem } from './clinic-settings.ts';
import { fetchEarlierVisits } from './fetch-earlier-visits.ts';
import { sendToEhr } from './send-to-ehr.ts';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';
const OTHER_HOSPITAL = { system: 'urn:oid:1.2.840.99999.7', value: 'H-3141' };

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: 'clinic-token' });
});
afterAll(() => server.close());

/** One tablet of the clinic with a patient (its own code, the given MRN), connected to the clinic's server. */
async function tablet(code: string, mrn: string | null) {
  const vault = await freshVault();
  const env = testEnvironment({ fetch, newId: () => crypto.randomUUID() }, '2026-04-01T08:00:00.000Z');
  const settings = { baseUrl: server.baseUrl, auth: { kind: 'bearer' as const, token: 'clinic-token' }, mrnSystem: MRN_SYSTEM };
  const created = await createPatient(vault, { code, displayName: null, birthYear: null, sex: null, mrn }, crypto.randomUUID(), '2026-01-01T08:00:00.000Z');
  if (!created.ok) throw new Error(created.error.code);
  const ctx = { vault, env, catalogue };
  const codeSystem = await clinicPatientCodeSystem(ctx);
  if (!codeSystem.ok) throw new Error(codeSystem.error.code);
  return { vault, ctx, settings, patient: created.value, codeSystem: codeSystem.value };
}
type Tablet = Awaited<ReturnType<typeof tablet>>;

/** A completed PHQ-9 of the tablet's patient, stored as the app stores it. */
async function visit(on: Tablet, day: number): Promise<Assessment> {
  const now = `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;
  let a = startAssessment({ id: asAssessmentId(crypto.randomUUID()), patientId: on.patient.id, batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now });
  await createAssessment(on.vault, a);
  for (const item of phq9.definition.items) a = recordAnswer(a, phq9.definition, item.id, { code: item.id === 'phq-9-difficulty' ? 'somewhat-difficult' : 'not-at-all', answeredAt: now, durationMs: 3000 });
  const done = completeAssessment(a, [phq9.definition], () => ({}), now);
  await updateAssessment(on.vault, done);
  return done;
}

const subjectOf = (on: Tablet) => ({ patientCode: on.patient.code, mrn: on.patient.mrn ? { system: MRN_SYSTEM, value: on.patient.mrn } : null });
const responsesOf = async (serverPatientId: string) =>
  (await server.repo.searchResources<QuestionnaireResponse>({ resourceType: 'QuestionnaireResponse' })).filter((r) => r.subject?.reference === `Patient/${serverPatientId}`).length;
const posts = () => server.requests.filter((r) => r.method === 'POST').length;
const storedAssessments = async (on: Tablet) => {
  const listed = await listAssessmentsForPatient(on.vault, on.patient.id);
  if (!listed.ok) throw new Error(listed.error.code);
  return listed.value.length;
};
/** Everything the tablet keeps about the patient's server record and outbox. */
async function tabletTrace(on: Tablet) {
  const outbox = await listOutbox(on.vault);
  if (!outbox.ok) throw new Error(outbox.error.code);
  const settings = (await on.vault.db.settings.toArray()).map((s) => s.key).filter((k) => k.includes(on.patient.id));
  return { outbox: outbox.value.length, settings, assessments: await storedAssessments(on) };
}

describe('Send to the EHR: the first link to a server record with other identifiers is confirmed first', () => {
  it('stops before anything is stored or sent, proceeds once confirmed, and does not ask again', async () => {
    const t = await tablet('LK-001', null);
    // Another hospital's numbering on the record the clinic's code names (a record merged on the server).
    const existing = await server.repo.createResource<FhirPatient>({ resourceType: 'Patient', identifier: [{ system: t.codeSystem, value: 'LK-001' }, OTHER_HOSPITAL] });
    const [first, second] = [await visit(t, 2), await visit(t, 9)];
    const before = { trace: await tabletTrace(t), posts: posts() };

    const asked = await sendToEhr(t.ctx, { assessment: first, subject: subjectOf(t), server: t.settings, resend: false });
    expect(asked).toEqual({ kind: 'confirm-link', serverPatientId: existing.id, otherIdentifiers: [OTHER_HOSPITAL] });
    // Cancel is not calling again: nothing was stored on the tablet, nothing sent to the server.
    expect(await tabletTrace(t)).toEqual(before.trace);
    expect(posts()).toBe(before.posts);
    expect(await responsesOf(existing.id)).toBe(0);

    expect(await sendToEhr(t.ctx, { assessment: first, subject: subjectOf(t), server: t.settings, resend: false, confirmedLink: existing.id })).toEqual({ kind: 'sent' });
    expect(await responsesOf(existing.id)).toBe(1);
    // Remembered: the next visit goes without asking, to the same record.
    expect(await sendToEhr(t.ctx, { assessment: second, subject: subjectOf(t), server: t.settings, resend: false })).toEqual({ kind: 'sent' });
    expect(await responsesOf(existing.id)).toBe(2);
    // And a fetch for the same patient from the same server does not ask either.
    expect(await fetchEarlierVisits(t.ctx, { patient: t.patient, server: t.settings })).toMatchObject({ kind: 'fetched', stored: 0, alreadyHere: 2 });
  });

  it('asks again when the confirmation named another record than the server has now', async () => {
    const t = await tablet('LK-002', null);
    await server.repo.createResource<FhirPatient>({ resourceType: 'Patient', identifier: [{ system: t.codeSystem, value: 'LK-002' }, OTHER_HOSPITAL] });
    const outcome = await sendToEhr(t.ctx, { assessment: await visit(t, 3), subject: subjectOf(t), server: t.settings, resend: false, confirmedLink: 'some-other-record' });
    expect(outcome.kind).toBe('confirm-link');
    expect((await tabletTrace(t)).outbox).toBe(0);
  });

  it('does not ask when the server record carries only the clinic’s own identifiers, or when there is none yet', async () => {
    const t = await tablet('LK-003', 'MRN-LK3');
    const existing = await server.repo.createResource<FhirPatient>({ resourceType: 'Patient', identifier: [{ system: MRN_SYSTEM, value: 'MRN-LK3' }, { system: t.codeSystem, value: 'LK-003' }] });
    expect(await sendToEhr(t.ctx, { assessment: await visit(t, 4), subject: subjectOf(t), server: t.settings, resend: false })).toEqual({ kind: 'sent' });
    expect(await responsesOf(existing.id)).toBe(1);

    const fresh = await tablet('LK-004', 'MRN-LK4');
    expect(await sendToEhr(fresh.ctx, { assessment: await visit(fresh, 5), subject: subjectOf(fresh), server: fresh.settings, resend: false })).toEqual({ kind: 'sent' });
  });

  it('says the record could not be checked, storing and sending nothing, when the lookup fails', async () => {
    const t = await tablet('LK-005', null);
    const assessment = await visit(t, 6);
    const before = { trace: await tabletTrace(t), posts: posts() };
    const outcome = await sendToEhr(t.ctx, { assessment, subject: subjectOf(t), server: { ...t.settings, auth: { kind: 'bearer', token: 'revoked' } }, resend: false });
    expect(outcome).toMatchObject({ kind: 'not-checked', failure: { code: 'http', status: 401 } });
    expect(await tabletTrace(t)).toEqual(before.trace);
    expect(posts()).toBe(before.posts);
  });
});

describe('Fetch earlier visits: the first link to a server record with other identifiers is confirmed first', () => {
  it('pulls nothing and stores nothing until confirmed, then fetches, and does not ask again', async () => {
    // Tablet A sends a visit under the MRN and its own patient-code system; tablet B knows the patient by the MRN.
    const a = await tablet('A-LK6', 'MRN-LK6');
    expect(await sendToEhr(a.ctx, { assessment: await visit(a, 7), subject: subjectOf(a), server: a.settings, resend: false })).toEqual({ kind: 'sent' });
    const b = await tablet('B-LK6', 'MRN-LK6');
    const before = { trace: await tabletTrace(b), requests: server.requests.length };

    const asked = await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings });
    expect(asked).toMatchObject({ kind: 'confirm-link', otherIdentifiers: [{ system: a.codeSystem, value: 'A-LK6' }] });
    expect(await tabletTrace(b)).toEqual(before.trace);
    // Only the Patient was looked up: no visit was pulled.
    expect(server.requests.slice(before.requests).map((r) => r.url.split('?')[0])).toEqual([expect.stringMatching(/\/Patient$/)]);

    const serverPatientId = asked.kind === 'confirm-link' ? asked.serverPatientId : '';
    expect(await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings, confirmedLink: serverPatientId })).toMatchObject({ kind: 'fetched', stored: 1, alreadyHere: 0 });
    expect(await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings })).toMatchObject({ kind: 'fetched', stored: 0, alreadyHere: 0 });
    // Tablet B's own send to the same record does not ask either.
    expect(await sendToEhr(b.ctx, { assessment: await visit(b, 8), subject: subjectOf(b), server: b.settings, resend: false })).toEqual({ kind: 'sent' });
    expect(await responsesOf(serverPatientId)).toBe(2);
  });

  it('does not ask when the server record carries only the clinic’s own identifiers', async () => {
    const a = await tablet('A-LK7', 'MRN-LK7');
    expect(await sendToEhr(a.ctx, { assessment: await visit(a, 10), subject: subjectOf(a), server: a.settings, resend: false })).toEqual({ kind: 'sent' });
    expect(await fetchEarlierVisits(a.ctx, { patient: a.patient, server: a.settings })).toMatchObject({ kind: 'fetched', stored: 0, alreadyHere: 1 });
  });
});
