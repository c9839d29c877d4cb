import { Operator } from '@medplum/core';
import type { Provenance, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { startFhirServer, TEST_CLINIC_CODE_SYSTEM, type TestFhirServer } from '../../tests/support/fhir-server.ts';
import { simulateFullDisk } from '../../tests/support/full-disk.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault } from '../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { outboxStateFor } from '../storage/outbox-repository.ts';
import { savePatientCodeSystem } from '../storage/settings-repository.ts';
import { sendToEhr } from './send-to-ehr.ts';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const assessment = completeAssessment(
  phq9.definition.items.reduce(
    (a, item) => recordAnswer(a, phq9.definition, item.id, { code: item.id === 'phq-9-difficulty' ? 'somewhat-difficult' : 'not-at-all', answeredAt: '2026-03-01T09:01:00.000Z', durationMs: 3000 }),
    startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: '2026-03-01T09:00:00.000Z' }),
  ),
  [phq9.definition],
  () => ({}),
  '2026-03-01T09:05:00.000Z',
);
const subject = { patientCode: 'W7-042', mrn: { system: 'urn:oid:2.16.840.1.113883.19.5', value: 'MRN-1' } };

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: 'clinic-token' });
});
afterAll(() => server.close());

async function clinic() {
  const vault = await freshVault();
  // Real UUIDs for the Bundle entries (the FHIR server checks urn:uuid references).
  const env = testEnvironment({ fetch, newId: () => crypto.randomUUID() });
  const settings = { baseUrl: server.baseUrl, auth: { kind: 'bearer' as const, token: 'clinic-token' }, mrnSystem: subject.mrn.system };
  // Tablets of one clinic share its patient-code system (Settings): the server's record carries only the clinic's identifiers.
  await savePatientCodeSystem(vault.db, TEST_CLINIC_CODE_SYSTEM);
  return { vault, ctx: { vault, env, catalogue }, settings };
}

const posts = () => server.requests.filter((r) => r.method === 'POST').length;
const metadataReads = () => server.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/metadata')).length;

describe('Send to the EHR: one outcome, never confused', () => {
  it('sends the item it stored, reading the server’s capabilities once; a second send says it was already sent', async () => {
    const { vault, ctx, settings } = await clinic();
    const [metadataBefore, postsBefore] = [metadataReads(), posts()];
    expect(await sendToEhr(ctx, { assessment, subject, server: settings, resend: false })).toEqual({ kind: 'sent' });
    expect(metadataReads() - metadataBefore).toBe(1);
    expect(posts() - postsBefore).toBe(1);
    const state = await outboxStateFor(vault, ['a1']);
    expect(state.ok && state.value.get('a1')?.state).toBe('sent');
    expect(await sendToEhr(ctx, { assessment, subject, server: settings, resend: false })).toEqual({ kind: 'already-sent' });
    expect(posts() - postsBefore).toBe(1);
  });

  it('sends who keyed a clinician-rated scale in as the response’s Practitioner author, and who ran it in the Provenance; Medplum takes them', async () => {
    const { ctx, settings } = await clinic();
    const wang = { id: 'c-wang', name: 'Dr Wang Li', role: 'Psychiatrist', identifier: { system: 'https://clinic.example/staff', value: 'E1234' } };
    const keyed = { ...assessment, id: asAssessmentId('a-keyed'), mode: 'clinician' as const, attribution: { startedBy: wang, enteredBy: { 'phq-9': wang } } };
    expect(await sendToEhr(ctx, { assessment: keyed, subject, server: settings, resend: false })).toEqual({ kind: 'sent' });
    const responses = await server.repo.searchResources<QuestionnaireResponse>({ resourceType: 'QuestionnaireResponse', filters: [{ code: 'identifier', operator: Operator.EQUALS, value: 'a-keyed/phq-9' }] });
    expect(responses.map((r) => r.author)).toEqual([{ type: 'Practitioner', identifier: wang.identifier, display: 'Dr Wang Li' }]);
    const provenances = await server.repo.searchResources<Provenance>({ resourceType: 'Provenance' });
    const ours = provenances.find((p) => p.target.some((t) => t.reference === `QuestionnaireResponse/${responses[0]?.id ?? ''}`));
    expect(ours?.agent.map((a) => [a.type?.coding?.[0]?.code, a.who.display])).toEqual([
      ['author', expect.stringContaining('Motivation Profile') as unknown],
      ['performer', 'Dr Wang Li'],
      ['enterer', 'Dr Wang Li'],
    ]);
  });

  it('says "refused" with the server’s reason, and keeps the export in the outbox', async () => {
    const { vault, ctx, settings } = await clinic();
    server.refuseBundles = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'business-rule', details: { text: 'Questionnaire not registered' } }] };
    const outcome = await sendToEhr(ctx, { assessment, subject, server: settings, resend: false }).finally(() => (server.refuseBundles = null));
    expect(outcome.kind === 'refused' && [outcome.failure.status, outcome.failure.message]).toEqual([422, expect.stringContaining('Questionnaire not registered')]);
    const state = await outboxStateFor(vault, ['a1']);
    expect(state.ok && state.value.get('a1')?.state).toBe('failed');
  });

  it('says "not stored" and sends nothing when the outbox cannot be written', async () => {
    const { vault, ctx, settings } = await clinic();
    const disk = await simulateFullDisk(vault.db, ['outbox']);
    disk.fill();
    const before = posts();
    const outcome = await sendToEhr(ctx, { assessment, subject, server: settings, resend: false });
    expect(outcome.kind === 'not-stored' && outcome.error.code).toBe('storage-full');
    // The server's record of the patient was looked up (a GET); nothing was sent.
    expect(posts()).toBe(before);
  });
});
