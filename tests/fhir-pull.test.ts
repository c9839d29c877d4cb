import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Patient, QuestionnaireResponse } from 'fhir/r4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment } from '../src/domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import type { Catalogue } from '../src/domain/instrument-catalogue.ts';
import type { Fixture } from '../src/domain/instrument-schema.ts';
import { scoreAssessment } from '../src/domain/score-assessment.ts';
import { toAssessmentExport } from '../src/export/fhir/assessment-export.ts';
import { findPatient, pullResponses, type PullCursor } from '../src/export/fhir/pull-client.ts';
import { pushTransaction, readCapabilities, type FhirServer } from '../src/export/fhir/push-client.ts';
import { compareServerScores, fromQuestionnaireResponse } from '../src/export/fhir/questionnaire-response-import.ts';
import { toTransactionBundles } from '../src/export/fhir/transaction.ts';
import { startFhirServer, TEST_CLINIC_CODE_SYSTEM, type TestFhirServer } from './support/fhir-server.ts';
import { loadInstrument } from './support/instruments.ts';

const MRN_SYSTEM = 'http://hospital.example/mrn';
const TOKEN = 'token-from-the-ehr';
const shaps = loadInstrument('shaps');
const catalogue: Catalogue = { instruments: [shaps], broken: [] };

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

/** SHAPS's complete golden fixtures: visit n answers fixture n (mod their number). */
const complete = readdirSync(join(import.meta.dirname, '..', 'instruments', 'shaps', 'fixtures'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'instruments', 'shaps', 'fixtures', file), 'utf8')) as Fixture)
  .filter((f) => f.expected.status === 'complete')
  .map((f) => Object.fromEntries(Object.entries(f.answers).filter((e): e is [string, string] => e[1] !== null)));
const answersOf = (visit: number) => complete[visit % complete.length] ?? {};

let server: TestFhirServer;
let tablet: FhirServer;
const requestsSince = (start: number) => server.requests.slice(start).map((r) => decodeURIComponent(r.url));

/** Tablet A completes a SHAPS visit for a patient and pushes it as the app does (conditional creates). */
async function pushVisit(visit: number, mrn = 'MRN-4711'): Promise<void> {
  const now = `2026-03-${String(visit + 1).padStart(2, '0')}T10:00:00.000Z`;
  const definitions = [shaps.definition];
  let a = startAssessment({ id: asAssessmentId(`visit-${mrn}-${String(visit)}`), patientId: asPatientId('p1'), batteryName: 'SHAPS', definitions, mode: 'patient', language: 'en', now });
  for (const [itemId, code] of Object.entries(answersOf(visit))) a = recordAnswer(a, shaps.definition, itemId, { code, answeredAt: now, durationMs: 1000 });
  a = completeAssessment(a, definitions, () => shaps.packs.en?.items ?? {}, now);
  const exported = toAssessmentExport(a, catalogue, { patientCode: 'W7-042', codeSystem: TEST_CLINIC_CODE_SYSTEM, mrn: { system: MRN_SYSTEM, value: mrn } }, { appVersion: '0.2.0', now, newUuid: uuid });
  const capabilities = await readCapabilities(tablet, fetch);
  if (!capabilities.ok) throw new Error(capabilities.error.message);
  for (const bundle of toTransactionBundles(exported, uuid)) {
    const pushed = await pushTransaction(bundle, tablet, fetch, capabilities.value);
    if (!pushed.ok) throw new Error(pushed.error.message);
  }
}

async function patientId(mrn = 'MRN-4711'): Promise<string> {
  const found = await findPatient(tablet, { system: MRN_SYSTEM, value: mrn }, fetch);
  if (!found.ok || !found.value?.id) throw new Error(`no patient ${mrn}`);
  return found.value.id;
}

async function pullAll(cursor: PullCursor | null, pageSize: number) {
  const pulled = await pullResponses(tablet, await patientId(), cursor, fetch, { pageSize });
  if (!pulled.ok) throw new Error(pulled.error.message);
  return pulled.value;
}
const urlOf = (input: string | URL | Request) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
const identifiers = (responses: readonly QuestionnaireResponse[]) => responses.map((r) => r.identifier?.value).sort();

beforeAll(async () => {
  server = await startFhirServer({ token: TOKEN });
  tablet = { baseUrl: server.baseUrl, auth: { kind: 'bearer', token: TOKEN } };
  for (let visit = 0; visit < 5; visit += 1) await pushVisit(visit);
  await pushVisit(0, 'MRN-other');
});
afterAll(() => server.close());
beforeEach(() => {
  server.token = TOKEN;
  server.nextLinks = false;
});

describe('findPatient', () => {
  it('finds the one Patient that five visits pushed under one MRN', async () => {
    const found = await findPatient(tablet, { system: MRN_SYSTEM, value: 'MRN-4711' }, fetch);
    expect(found.ok && found.value?.identifier?.[0]).toMatchObject({ system: MRN_SYSTEM, value: 'MRN-4711' });
  });

  it('answers none for an identifier the server does not know', async () => {
    expect(await findPatient(tablet, { system: MRN_SYSTEM, value: 'MRN-0000' }, fetch)).toEqual({ ok: true, value: null });
  });

  it('refuses to choose between two Patients with the same identifier', async () => {
    const twin: Patient = { resourceType: 'Patient', identifier: [{ system: MRN_SYSTEM, value: 'MRN-twin' }] };
    await server.repo.createResource(twin as never);
    await server.repo.createResource(twin as never);
    const found = await findPatient(tablet, { system: MRN_SYSTEM, value: 'MRN-twin' }, fetch);
    expect(found.ok ? 'found' : [found.error.code, found.error.message]).toEqual(['several-patients', expect.stringContaining('2 Patients')]);
  });
});

describe('pullResponses', () => {
  it('pages by _offset when the server gives no link[next], and gets every visit of that patient once', async () => {
    const start = server.requests.length;
    const pulled = await pullAll(null, 2);
    expect(identifiers(pulled.responses)).toEqual([0, 1, 2, 3, 4].map((v) => `visit-MRN-4711-${String(v)}/shaps`));
    const searches = requestsSince(start).filter((u) => u.includes('QuestionnaireResponse?'));
    expect(searches).toHaveLength(3);
    expect(searches.map((u) => /_offset=(\d+)/.exec(u)?.[1] ?? '0')).toEqual(['0', '2', '4']);
  });

  it('follows link[next] when the server gives one, and then computes no _offset itself', async () => {
    server.nextLinks = true;
    const start = server.requests.length;
    const pulled = await pullAll(null, 2);
    expect(identifiers(pulled.responses)).toHaveLength(5);
    expect(new Set(identifiers(pulled.responses)).size).toBe(5);
    const searches = requestsSince(start).filter((u) => u.includes('QuestionnaireResponse?'));
    expect(searches.filter((u) => u.includes('_page='))).toHaveLength(2);
    expect(searches.filter((u) => u.includes('_offset='))).toEqual([]);
  });

  it('reads on when the server sends fewer than asked (its own _count cap), up to the total it gives', async () => {
    const all = await pullAll(null, 10);
    const capped: typeof fetch = (input, init) => fetch(urlOf(input).replace('_count=4', '_count=2'), init);
    const pulled = await pullResponses(tablet, await patientId(), null, capped, { pageSize: 4 });
    expect(pulled.ok && identifiers(pulled.value.responses)).toEqual(identifiers(all.responses));
  });

  it('pulls only what changed since its cursor, nothing twice, and nothing when nothing changed', async () => {
    const first = await pullAll(null, 10);
    expect(first.cursor).not.toBeNull();
    expect((await pullAll(first.cursor, 10)).responses).toEqual([]);
    await pushVisit(5);
    await pushVisit(0);
    const start = server.requests.length;
    const second = await pullAll(first.cursor, 10);
    expect(identifiers(second.responses)).toEqual(['visit-MRN-4711-5/shaps']);
    expect(requestsSince(start).find((u) => u.includes('QuestionnaireResponse?'))).toContain(`_lastUpdated=ge${first.cursor?.lastUpdated ?? ''}`);
    expect((await pullAll(second.cursor, 10)).responses).toEqual([]);
  });

  it('gives back responses that import and re-score to the scores tablet A pushed', async () => {
    const { responses } = await pullAll(null, 10);
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      const imported = fromQuestionnaireResponse(response, catalogue);
      if (!imported.ok) throw new Error(imported.error.map((p) => p.message).join('; '));
      const visit = Number(/-(\d+)\/shaps$/.exec(imported.value.identifier ?? '')?.[1]);
      expect(imported.value.answers).toEqual(answersOf(visit));
      const rescored = scoreAssessment(shaps.definition, imported.value.answers);
      expect(imported.value.reportedScores.length).toBeGreaterThan(0);
      expect(compareServerScores(imported.value.reportedScores, rescored)).toEqual([]);
    }
  });

  it('gives the server’s OperationOutcome in words when a page fails part-way', async () => {
    let searches = 0;
    const flaky: typeof fetch = (input, init) => {
      if (urlOf(input).includes('QuestionnaireResponse?') && (searches += 1) === 2) server.token = 'revoked';
      return fetch(input, init);
    };
    const pulled = await pullResponses(tablet, await patientId(), null, flaky, { pageSize: 2 });
    expect(pulled.ok ? 'pulled' : pulled.error).toMatchObject({ code: 'http', status: 401, message: expect.stringContaining('Missing or wrong bearer token') });
  });

  it('refuses a link[next] to another origin rather than send the bearer token there', async () => {
    const foreign: typeof fetch = () =>
      Promise.resolve(
        new Response(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [], link: [{ relation: 'next', url: 'https://elsewhere.example/fhir/QuestionnaireResponse?page=2' }] }), {
          headers: { 'Content-Type': 'application/fhir+json' },
        }),
      );
    const pulled = await pullResponses(tablet, 'p1', null, foreign, { pageSize: 2 });
    expect(pulled.ok ? 'pulled' : [pulled.error.code, pulled.error.message]).toEqual(['not-fhir', expect.stringContaining('elsewhere.example')]);
  });

  it('stops with a message when a server ignores _offset and repeats a page', async () => {
    const start = server.requests.length;
    const ignoring: typeof fetch = (input, init) => fetch(urlOf(input).replace(/&_offset=\d+/, ''), init);
    const pulled = await pullResponses(tablet, await patientId(), null, ignoring, { pageSize: 2 });
    expect(pulled.ok ? 'pulled' : [pulled.error.code, pulled.error.message]).toEqual(['paging', expect.stringContaining('same page')]);
    expect(requestsSince(start).filter((u) => u.includes('QuestionnaireResponse?'))).toHaveLength(2);
  });
});
