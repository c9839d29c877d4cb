import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createViteServer } from 'vite';
import type { Bundle, Observation, Patient, Provenance, QuestionnaireResponse } from 'fhir/r4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../src/domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import type { Catalogue } from '../src/domain/instrument-catalogue.ts';
import { toAssessmentExport } from '../src/export/fhir/assessment-export.ts';
import { ASSESSMENT_ID_SYSTEM } from '../src/export/fhir/fhir-terms.ts';
import { checkServerUrl, pushTransaction, readCapabilities, type FhirServer } from '../src/export/fhir/push-client.ts';
import { PROVENANCE_TAG_SYSTEM, toTransactionBundles } from '../src/export/fhir/transaction.ts';
import { enqueueExport, listOutbox, outboxStateFor } from '../src/storage/outbox-repository.ts';
import { pushPending } from '../src/storage/outbox-push.ts';
import { readFhirServer, saveFhirServer } from '../src/storage/settings-repository.ts';
import { NO_KEYS, type Vault } from '../src/storage/vault.ts';
import { playEffortTask } from './support/effort-task.ts';
import { startFhirServer, type TestFhirServer, TEST_CLINIC_CODE_SYSTEM } from './support/fhir-server.ts';
import { validateFhir } from './support/fhir-validate.ts';
import { loadInstrument } from './support/instruments.ts';
import { freshVault } from './support/vault.ts';

const STANDARD = ['shaps', 'teps', 'aes-s', 'ami', 'phq-9'];
const MRN_SYSTEM = 'http://hospital.example/mrn';
const TOKEN = 'token-from-the-ehr';
const catalogue: Catalogue = { instruments: STANDARD.map(loadInstrument), broken: [] };

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;
const clock = () => '2026-03-01T10:10:00.000Z';

/** The answers of an instrument's first complete golden fixture (PHQ-9: item 9 answered, so it has its own Observation). */
function completeAnswers(id: string): Record<string, string> {
  const dir = join(import.meta.dirname, '..', 'instruments', id, 'fixtures');
  const files = readdirSync(dir).sort((a, b) => Number(b.startsWith('item-9-alert')) - Number(a.startsWith('item-9-alert')));
  for (const file of files) {
    const f = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { answers: Record<string, string | null>; expected: { status: string } };
    if (f.expected.status === 'complete') return Object.fromEntries(Object.entries(f.answers).filter((e): e is [string, string] => e[1] !== null));
  }
  throw new Error(`${id} has no complete fixture`);
}

/** A Standard-battery assessment answered and completed through the engine, as the app stores it. */
function completedAssessment(id: string): Assessment {
  const definitions = catalogue.instruments.map((i) => i.definition);
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'Standard', definitions, mode: 'patient', language: 'en', now: '2026-03-01T10:00:00.000Z' });
  for (const def of definitions) {
    for (const [itemId, code] of Object.entries(completeAnswers(def.id))) a = recordAnswer(a, def, itemId, { code, answeredAt: '2026-03-01T10:01:00.000Z', durationMs: 1500 });
  }
  return completeAssessment(a, definitions, (def) => catalogue.instruments.find((i) => i.definition.id === def.id)?.packs['en']?.items ?? {}, '2026-03-01T10:05:00.000Z');
}

function transactionsOf(a: Assessment): Bundle[] {
  const exported = toAssessmentExport(a, catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: { system: MRN_SYSTEM, value: 'MRN-4711' } }, { appVersion: '0.1.0', now: clock(), newUuid: uuid });
  return toTransactionBundles(exported, uuid);
}

let server: TestFhirServer;
let connection: FhirServer;
/** Sends the outbox as the app does: the server's capabilities read once, then each Bundle pushed with them. */
async function sendPending(vault: Vault, to: FhirServer, options: { readonly only?: readonly string[] } = {}) {
  const capabilities = await readCapabilities(to, fetch);
  return pushPending(vault, to, (bundle, s) => (capabilities.ok ? pushTransaction(bundle, s, fetch, capabilities.value) : Promise.resolve(capabilities)), clock, options);
}

/** How many resources of a type the server holds, counted by search. */
async function count(resourceType: string, query = ''): Promise<number> {
  const answer = (await (await fetch(`${server.baseUrl}/${resourceType}?_total=accurate&_count=0${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as Bundle;
  return answer.total ?? -1;
}
async function search<T>(resourceType: string, query: string): Promise<T[]> {
  const answer = (await (await fetch(`${server.baseUrl}/${resourceType}?${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as Bundle;
  return (answer.entry ?? []).map((e) => e.resource as T);
}
async function serverCounts() {
  const types = ['Patient', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Provenance'];
  return Object.fromEntries(await Promise.all(types.map(async (t) => [t, await count(t)] as const)));
}

beforeAll(async () => {
  server = await startFhirServer({ token: TOKEN });
  connection = { baseUrl: server.baseUrl, auth: { kind: 'bearer', token: TOKEN } };
});
afterAll(() => server.close());
beforeEach(() => {
  server.repo.clear();
  server.requests.length = 0;
  server.token = TOKEN;
  server.transactions = true;
  server.conditionalCreates = true;
  server.refuseBundles = null;
});

describe('transaction Bundles', () => {
  it('makes one transaction per instrument that validates against R4, every entry a conditional create linked by urn:uuid', () => {
    const bundles = transactionsOf(completedAssessment('a1'));
    expect(bundles).toHaveLength(STANDARD.length);
    for (const bundle of bundles) {
      expect(validateFhir(bundle)).toEqual([]);
      expect(bundle.type).toBe('transaction');
      // Medplum serialises transactions of conditional creates and takes at most 8 entries in one.
      expect(bundle.entry?.length).toBeLessThanOrEqual(8);
      for (const entry of bundle.entry ?? []) {
        expect(entry.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
        // POSTed, so the server names it: no id of its own to disagree with the urn:uuid (Questionnaire included).
        expect(entry.resource?.id).toBeUndefined();
        expect(entry.request).toMatchObject({ method: 'POST', url: entry.resource?.resourceType });
        expect(entry.request?.ifNoneExist).toMatch(/^(identifier|url|_tag)=/);
      }
    }
    const phq = bundles[4]?.entry ?? [];
    expect(phq.map((e) => e.request?.ifNoneExist)).toEqual([
      `identifier=${encodeURIComponent(`${MRN_SYSTEM}|MRN-4711`)}`,
      `url=${encodeURIComponent('https://motivation-profile.app/fhir/Questionnaire/phq-9')}&version=1.0.0`,
      `identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|a1/phq-9`)}`,
      `identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|a1/phq-9/total`)}`,
      `identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|a1/phq-9/phq-9-9`)}`,
      `_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|a1/phq-9`)}`,
    ]);
  });

  it('matches the Patient by the pseudonym when no MRN is given', () => {
    const exported = toAssessmentExport(completedAssessment('a2'), catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: null }, { appVersion: '0.1.0', now: clock(), newUuid: uuid });
    const [first] = toTransactionBundles(exported, uuid);
    expect(first?.entry?.[0]?.request?.ifNoneExist).toBe(`identifier=${encodeURIComponent(`${TEST_CLINIC_CODE_SYSTEM}|W7-042`)}`);
  });
});

describe('pushing the outbox to a FHIR server (Medplum FhirRouter on 127.0.0.1)', () => {
  it('sends an enqueued assessment: one Patient, its Questionnaires, responses, Observations and Provenances, with the bearer token', async () => {
    const vault = await freshVault();
    const bundles = transactionsOf(completedAssessment('a1'));
    const observations = bundles.flatMap((b) => b.entry ?? []).filter((e) => e.resource?.resourceType === 'Observation').length;
    expect((await enqueueExport(vault, 'a1', bundles, '2026-03-01T10:06:00.000Z')).ok).toBe(true);
    const pending = await outboxStateFor(vault, ['a1']);
    expect(pending.ok && pending.value.get('a1')).toEqual({ state: 'pending', attempts: 0, lastError: null, sentAt: null });

    const summary = await sendPending(vault, connection);
    expect(summary.ok && summary.value).toEqual({ sent: ['a1'], failed: [] });
    expect(await serverCounts()).toEqual({ Patient: 1, Questionnaire: 5, QuestionnaireResponse: 5, Observation: observations, Provenance: 5 });
    // 11 scores: the TEPS total is derived (descriptive, audit A8) and is not sent as an Observation.
    expect(observations).toBe(11);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    const state = await outboxStateFor(vault, ['a1', 'never-enqueued']);
    expect(state.ok && [...state.value.entries()]).toEqual([['a1', { state: 'sent', attempts: 1, lastError: null, sentAt: clock() }]]);
    const listed = await listOutbox(vault);
    const locations = listed.ok ? (listed.value[0]?.locations ?? []) : [];
    expect(locations.filter((l) => l.startsWith('QuestionnaireResponse/'))).toHaveLength(5);
    expect(locations).toHaveLength(bundles.reduce((n, b) => n + (b.entry?.length ?? 0), 0));
  });

  it('reads the CapabilityStatement once for a whole battery: one GET metadata for its six Bundles', async () => {
    const vault = await freshVault();
    const bundles = transactionsOf({ ...completedAssessment('a1'), effortTask: playEffortTask((reward, effort) => reward * 1.2 - effort * effort * 0.4 > 0) });
    expect(bundles).toHaveLength(STANDARD.length + 1);
    await enqueueExport(vault, 'a1', bundles, clock());
    const summary = await sendPending(vault, connection);
    expect(summary.ok && summary.value).toEqual({ sent: ['a1'], failed: [] });
    expect(server.requests.filter((r) => r.method === 'GET' && r.url === '/fhir/R4/metadata')).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(bundles.length);
  });

  it('creates no duplicate when the same assessment is enqueued and sent again', async () => {
    const vault = await freshVault();
    const assessment = completedAssessment('a1');
    await enqueueExport(vault, 'a1', transactionsOf(assessment), clock());
    await sendPending(vault, connection);
    const before = await serverCounts();

    // Enqueueing a sent assessment changes nothing unless the clinician asks to send it again.
    const again = await enqueueExport(vault, 'a1', transactionsOf(assessment), clock());
    expect(again.ok && again.value.state).toBe('sent');
    expect((await sendPending(vault, connection)).ok && server.requests.filter((r) => r.method === 'POST')).toHaveLength(5);

    const resent = await enqueueExport(vault, 'a1', transactionsOf(assessment), clock(), { resend: true });
    expect(resent.ok && resent.value.state).toBe('pending');
    const summary = await sendPending(vault, connection);
    expect(summary.ok && summary.value.sent).toEqual(['a1']);
    expect(await serverCounts()).toEqual(before);
    expect(await count('QuestionnaireResponse', `&identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|a1/phq-9`)}`)).toBe(1);
  });

  it('keeps the answers: the response read back by its identifier has the coded answers, the Patient, scores and Provenance linked', async () => {
    const vault = await freshVault();
    const assessment = completedAssessment('a1');
    await enqueueExport(vault, 'a1', transactionsOf(assessment), clock());
    await sendPending(vault, connection);

    const [response, ...others] = await search<QuestionnaireResponse>('QuestionnaireResponse', `identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|a1/phq-9`)}`);
    expect(others).toEqual([]);
    const answered = Object.fromEntries((response?.item ?? []).filter((i) => i.linkId.startsWith('phq-9-')).map((i) => [i.linkId, i.answer?.[0]?.valueCoding?.code]));
    // PHQ-9 answers go out as LOINC answer codes (LA…), one per answered item.
    const given = assessment.answers['phq-9'] ?? {};
    expect(Object.keys(answered).sort()).toEqual(Object.keys(given).sort());
    expect(Object.values(answered).every((code) => code?.startsWith('LA'))).toBe(true);
    expect(response?.item?.find((i) => i.linkId === 'phq-9-9')?.answer?.[0]?.valueCoding).toMatchObject({ system: 'http://loinc.org', code: 'LA6569-3' });
    expect(response?.item?.find((i) => i.linkId === 'score-total')?.answer?.[0]?.valueDecimal).toBe(assessment.results?.['phq-9']?.scores['total']);

    const [patient] = await search<Patient>('Patient', `identifier=${encodeURIComponent(`${MRN_SYSTEM}|MRN-4711`)}`);
    expect(response?.subject?.reference).toBe(`Patient/${patient?.id ?? ''}`);
    const observations = await search<Observation>('Observation', `derived-from=QuestionnaireResponse/${response?.id ?? ''}`);
    expect(observations.map((o) => o.code.coding?.[0]?.code).sort()).toEqual(['44260-8', '44261-6']);
    const [provenance] = await search<Provenance>('Provenance', `_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|a1/phq-9`)}`);
    expect(provenance?.target.map((t) => t.reference).sort()).toEqual([`QuestionnaireResponse/${response?.id ?? ''}`, ...observations.map((o) => `Observation/${o.id ?? ''}`)].sort());
  });

  it('marks a refused push failed with the server OperationOutcome, and a retry after the fix sends it', async () => {
    const vault = await freshVault();
    await enqueueExport(vault, 'a1', transactionsOf(completedAssessment('a1')), clock());

    const wrongToken = await sendPending(vault, { ...connection, auth: { kind: 'bearer', token: 'expired' } });
    expect(wrongToken.ok && wrongToken.value.failed.map((f) => [f.assessmentId, f.error.status, f.error.message])).toEqual([['a1', 401, 'error login: Missing or wrong bearer token']]);
    const failed = await outboxStateFor(vault, ['a1']);
    expect(failed.ok && failed.value.get('a1')).toMatchObject({ state: 'failed', attempts: 1, sentAt: null });
    expect(failed.ok && failed.value.get('a1')?.lastError?.operationOutcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
    expect(await serverCounts()).toMatchObject({ QuestionnaireResponse: 0 });

    const retried = await sendPending(vault, connection);
    expect(retried.ok && retried.value).toEqual({ sent: ['a1'], failed: [] });
    const sent = await outboxStateFor(vault, ['a1']);
    expect(sent.ok && sent.value.get('a1')).toMatchObject({ state: 'sent', attempts: 2, lastError: null });
  });

  it("keeps Medplum's own OperationOutcome for a bundle it refuses (all instruments in one transaction), and sends once re-enqueued per instrument", async () => {
    const vault = await freshVault();
    const parts = transactionsOf(completedAssessment('a1'));
    const patientUrl = parts[0]?.entry?.[0]?.fullUrl;
    const whole: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: [...(parts[0]?.entry ?? []), ...parts.slice(1).flatMap((b) => (b.entry ?? []).filter((e) => e.fullUrl !== patientUrl))] };
    await enqueueExport(vault, 'a1', [whole], clock());

    const refused = await sendPending(vault, connection);
    expect(refused.ok && refused.value.failed[0]?.error).toMatchObject({ code: 'http', status: 400, message: 'error invalid: Transaction requires strict isolation but has too many entries' });
    const listed = await listOutbox(vault);
    expect(listed.ok && listed.value[0]?.lastError?.operationOutcome).toMatchObject({ issue: [{ details: { text: 'Transaction requires strict isolation but has too many entries' } }] });

    await enqueueExport(vault, 'a1', parts, clock());
    const sent = await sendPending(vault, connection);
    expect(sent.ok && sent.value.sent).toEqual(['a1']);
    expect(await serverCounts()).toMatchObject({ Patient: 1, QuestionnaireResponse: 5 });
  });

  it('keeps an EHR business-rule refusal (422) and stops at the first failed Bundle', async () => {
    const vault = await freshVault();
    await enqueueExport(vault, 'a1', transactionsOf(completedAssessment('a1')), clock());
    server.refuseBundles = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'business-rule', diagnostics: 'Unknown MRN system' }] };
    const summary = await sendPending(vault, connection);
    expect(summary.ok && summary.value.failed[0]?.error).toMatchObject({ status: 422, message: 'error business-rule: Unknown MRN system' });
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('sends only the assessments asked for, and leaves the others pending', async () => {
    const vault = await freshVault();
    await enqueueExport(vault, 'a1', transactionsOf(completedAssessment('a1')), clock());
    await enqueueExport(vault, 'a2', transactionsOf(completedAssessment('a2')), clock());
    const summary = await sendPending(vault, connection, { only: ['a2'] });
    expect(summary.ok && summary.value.sent).toEqual(['a2']);
    const states = await outboxStateFor(vault, ['a1', 'a2']);
    expect(states.ok && [states.value.get('a1')?.state, states.value.get('a2')?.state]).toEqual(['pending', 'sent']);
    // The second assessment of the same patient reuses the Patient and the Questionnaires.
    expect(await serverCounts()).toMatchObject({ Patient: 1, Questionnaire: 5, QuestionnaireResponse: 5 });
  });

  it('stores the Bundles sealed: the raw outbox row holds neither the MRN nor an answer', async () => {
    const vault = await freshVault();
    await enqueueExport(vault, 'a1', transactionsOf(completedAssessment('a1')), clock());
    const raw = JSON.stringify(await vault.db.outbox.toArray(), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    for (const secret of ['MRN-4711', 'W7-042', 'LA6569-3', 'several-days']) expect(raw).not.toContain(secret);
    const locked: Vault = { db: vault.db, keys: NO_KEYS };
    expect(await outboxStateFor(locked, ['a1'])).toMatchObject({ ok: false, error: { code: 'locked' } });
  });
});

describe('the push client', () => {
  it('reads the CapabilityStatement (Test connection)', async () => {
    const read = await readCapabilities(connection, fetch);
    expect(read.ok && read.value).toEqual({
      fhirVersion: '4.0.1',
      software: null,
      transaction: true,
      conditionalCreate: ['Patient', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Provenance'],
    });
  });

  it('sends a server without transactions each resource as its own conditional create, in order, linked, and again without duplicates', async () => {
    server.transactions = false;
    const vault = await freshVault();
    const assessment = completedAssessment('a1');
    await enqueueExport(vault, 'a1', transactionsOf(assessment), clock());
    const summary = await sendPending(vault, connection);
    expect(summary.ok && summary.value).toEqual({ sent: ['a1'], failed: [] });
    expect(server.requests.filter((r) => r.method === 'POST').every((r) => /\/fhir\/R4\/[A-Za-z]+$/.test(r.url))).toBe(true);
    const counts = await serverCounts();
    expect(counts).toEqual({ Patient: 1, Questionnaire: 5, QuestionnaireResponse: 5, Observation: 11, Provenance: 5 });

    const [response] = await search<QuestionnaireResponse>('QuestionnaireResponse', `identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|a1/phq-9`)}`);
    const [patient] = await search<Patient>('Patient', '');
    expect(response?.subject?.reference).toBe(`Patient/${patient?.id ?? ''}`);
    const [provenance] = await search<Provenance>('Provenance', `_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|a1/phq-9`)}`);
    expect(provenance?.target[0]?.reference).toBe(`QuestionnaireResponse/${response?.id ?? ''}`);

    await enqueueExport(vault, 'a1', transactionsOf(assessment), clock(), { resend: true });
    await sendPending(vault, connection);
    expect(await serverCounts()).toEqual(counts);
  });

  it('sends nothing to a server whose CapabilityStatement lists neither transactions nor conditional creates', async () => {
    server.transactions = false;
    server.conditionalCreates = false;
    const capabilities = await readCapabilities(connection, fetch);
    if (!capabilities.ok) throw new Error(capabilities.error.message);
    const pushed = await pushTransaction(transactionsOf(completedAssessment('a1'))[0] ?? { resourceType: 'Bundle', type: 'transaction' }, connection, fetch, capabilities.value);
    expect(pushed.ok ? null : pushed.error.code).toBe('no-transaction');
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('reports no answer as a network failure with no status', async () => {
    const closed = await startFhirServer();
    await closed.close();
    const read = await readCapabilities({ baseUrl: closed.baseUrl, auth: { kind: 'none' } }, fetch);
    expect(read.ok ? null : [read.error.code, read.error.status, read.error.operationOutcome]).toEqual(['network', null, null]);
  });

  it('reports an answer that is not FHIR JSON (a proxy error page) with its status', async () => {
    const proxy = createServer((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body>Bad gateway</body></html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    const read = await readCapabilities({ baseUrl: `http://127.0.0.1:${port}/fhir`, auth: { kind: 'none' } }, fetch);
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    expect(read.ok ? null : read.error).toMatchObject({ code: 'not-fhir', status: 502, operationOutcome: null });
    expect(read.ok ? '' : read.error.message).toContain('Bad gateway');
  });

  it.each([
    ['https://ehr.example.org/fhir/R4/', 'https://ehr.example.org/fhir/R4'],
    ['http://127.0.0.1:8080/fhir', 'http://127.0.0.1:8080/fhir'],
    ['http://localhost:8080/fhir', 'http://localhost:8080/fhir'],
  ])('accepts %s as %s when its origin is allowed', (typed, base) => {
    expect(checkServerUrl(typed, ['https://ehr.example.org', 'http://127.0.0.1:8080', 'http://localhost:8080'])).toEqual({ ok: true, value: base });
  });

  it.each([
    ['not a url', 'invalid-url'],
    ['ftp://ehr.example.org/fhir', 'invalid-url'],
    ['https://user:pw@ehr.example.org/fhir', 'invalid-url'],
    ['https://ehr.example.org/fhir?x=1', 'invalid-url'],
    ['http://ehr.example.org/fhir', 'insecure'],
    ['https://other.example.org/fhir', 'origin-not-allowed'],
  ])('refuses %s (%s)', (typed, problem) => {
    expect(checkServerUrl(typed, ['https://ehr.example.org', 'http://ehr.example.org'])).toEqual({ ok: false, error: problem });
  });
});

describe('FHIR server settings', () => {
  it('keeps the bearer token sealed: not in IndexedDB in clear, and not readable without the clinician keys', async () => {
    const vault = await freshVault();
    expect(await readFhirServer(vault)).toEqual({ ok: true, value: null });
    const settings = { baseUrl: 'https://ehr.example.org/fhir', auth: { kind: 'bearer' as const, token: 'secret-token-123' }, mrnSystem: 'urn:oid:1.2.36.146.595.217.0.1' };
    expect((await saveFhirServer(vault, settings)).ok).toBe(true);
    expect(await readFhirServer(vault)).toEqual({ ok: true, value: settings });
    expect(JSON.stringify(await vault.db.settings.toArray())).not.toContain('secret-token-123');
    expect(await readFhirServer({ db: vault.db, keys: NO_KEYS })).toMatchObject({ ok: false, error: { code: 'locked' } });

    const open = { ...settings, auth: { kind: 'none' as const } };
    await saveFhirServer(vault, open);
    expect(await readFhirServer({ db: vault.db, keys: NO_KEYS })).toEqual({ ok: true, value: open });
  });
});

describe('the build-time CSP (vite.config.ts)', () => {
  /** index.html as the dev server serves it, and the allowed origins the app sees, for a given MP_FHIR_ORIGINS. */
  async function served(origins: string | undefined) {
    const before = process.env['MP_FHIR_ORIGINS'];
    if (origins === undefined) delete process.env['MP_FHIR_ORIGINS'];
    else process.env['MP_FHIR_ORIGINS'] = origins;
    try {
      const root = join(import.meta.dirname, '..');
      const vite = await createViteServer({ root, configFile: join(root, 'vite.config.ts'), server: { middlewareMode: true, ws: false }, logLevel: 'silent' });
      const html = await vite.transformIndexHtml('/', readFileSync(join(root, 'index.html'), 'utf8'));
      const define = vite.config.define?.['__FHIR_ORIGINS__'] as string;
      await vite.close();
      return { connectSrc: /connect-src [^;"]*/.exec(html)?.[0], origins: JSON.parse(define) as unknown };
    } finally {
      if (before === undefined) delete process.env['MP_FHIR_ORIGINS'];
      else process.env['MP_FHIR_ORIGINS'] = before;
    }
  }

  it('adds MP_FHIR_ORIGINS to connect-src and hands the same origins to the app', async () => {
    expect(await served('https://ehr.example.org  http://127.0.0.1:8080')).toEqual({
      connectSrc: "connect-src 'self' https://ehr.example.org http://127.0.0.1:8080",
      origins: ['https://ehr.example.org', 'http://127.0.0.1:8080'],
    });
    expect(await served(undefined)).toEqual({ connectSrc: "connect-src 'self'", origins: [] });
  });

  it.each(['https://ehr.example.org/fhir', 'http://ehr.example.org', 'ehr.example.org'])('fails the build for %s (not an https origin)', async (origin) => {
    await expect(served(origin)).rejects.toThrow(/MP_FHIR_ORIGINS/);
  });
});
