import { randomUUID } from 'node:crypto';
import type { Bundle, CapabilityStatement, Patient, QuestionnaireResponse } from 'fhir/r4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTRACT_TEST_SYSTEM, contractExitCode, formatContractReport, parseFhirContractArgs, runFhirContract, type ContractReport } from '../src/cli/fhir-contract-command.ts';
import { checkStatement } from '../src/cli/fhir-contract-checks.ts';
import { ASSESSMENT_ID_SYSTEM } from '../src/export/fhir/fhir-terms.ts';
import { cli } from './support/cli.ts';
import { startFhirServer, type TestFhirServer } from './support/fhir-server.ts';

const TOKEN = 'secret-token-4711';
const MRN_SYSTEM = 'http://hospital.example/mrn';
const CHECKS = ['metadata', 'fhir-version', 'transaction', 'interactions', 'conditional-create', 'patient-lookup', 'paging', 'last-updated', 'sort'];

let server: TestFhirServer;

async function check(options: { token?: string | null; mrnSystem?: string | null } = {}): Promise<ContractReport> {
  return runFhirContract(
    { baseUrl: server.baseUrl, token: options.token === undefined ? TOKEN : options.token, mrnSystem: options.mrnSystem ?? null },
    { fetchFn: fetch, newUuid: randomUUID, now: () => new Date().toISOString(), appVersion: '0.1.0' },
  );
}
const verdicts = (report: ContractReport) => Object.fromEntries(report.checks.map((c) => [c.name, c.verdict]));
const textOf = (report: ContractReport, name: string) => report.checks.find((c) => c.name === name)?.text ?? '';

/** What the server holds, read behind the check's back. */
async function search<T>(query: string): Promise<T[]> {
  const answer = (await (await fetch(`${server.baseUrl}/${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as Bundle;
  return (answer.entry ?? []).map((e) => e.resource as T);
}

beforeAll(async () => {
  server = await startFhirServer({ token: TOKEN });
});
afterAll(() => server.close());
beforeEach(() => {
  // A server as HAPI and Medplum's own server behave: full pages link to the next one.
  server.token = TOKEN;
  server.nextLinks = true;
  server.ignoreLastUpdated = false;
  server.ignoreIfNoneExist = false;
  server.transactions = true;
  server.conditionalCreates = true;
});

describe('the FHIR contract check', () => {
  it('passes every check on a server that pages with link[next], filters _lastUpdated and creates conditionally', async () => {
    const report = await check();
    expect(verdicts(report)).toEqual(Object.fromEntries(CHECKS.map((name) => [name, 'PASS'])));
    expect(contractExitCode(report)).toBe(0);
    expect(textOf(report, 'paging')).toContain('link[next]');

    // The round trip left one marked test Patient with two PHQ-9 responses, each once.
    const code = report.testData?.patientCode ?? '';
    expect(code).toMatch(/^contract-test-[0-9a-f-]{36}$/);
    const [patient, ...more] = await search<Patient>(`Patient?identifier=${encodeURIComponent(`${CONTRACT_TEST_SYSTEM}|${code}`)}`);
    expect(more).toEqual([]);
    const responses = await search<QuestionnaireResponse>(`QuestionnaireResponse?subject=Patient/${patient?.id ?? ''}`);
    expect(responses.map((r) => r.identifier?.system)).toEqual([ASSESSMENT_ID_SYSTEM, ASSESSMENT_ID_SYSTEM]);
    for (const r of responses) expect(r.questionnaire).toMatch(/^https:\/\/motivation-profile\.app\/fhir\/Questionnaire\/phq-9\|/);
    expect(responses.map((r) => r.identifier?.value).sort()).toEqual([`${code}-visit-1/phq-9`, `${code}-visit-2/phq-9`]);
    // Three transactions: the first visit twice, the second once.
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(3);

    const printed = formatContractReport(report, { baseUrl: server.baseUrl, token: TOKEN });
    expect(printed).toContain(code);
    expect(printed).toMatch(/^PASS +conditional-create +/m);
    expect(printed).not.toContain(TOKEN);
  });

  it('a second run makes a fresh test patient, so runs never meet', async () => {
    const [a, b] = [await check(), await check()];
    expect(a.testData?.patientCode).not.toEqual(b.testData?.patientCode);
    expect(contractExitCode(b)).toBe(0);
  });

  it('finds the test patient by the MRN system too when one is given', async () => {
    const report = await check({ mrnSystem: MRN_SYSTEM });
    expect(verdicts(report)['patient-lookup']).toBe('PASS');
    expect(textOf(report, 'patient-lookup')).toContain(MRN_SYSTEM);
    const found = await search<Patient>(`Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|${report.testData?.patientCode ?? ''}`)}`);
    expect(found).toHaveLength(1);
  });

  it('warns, and says it paged by _offset, when the server never gives link[next]', async () => {
    server.nextLinks = false;
    const report = await check();
    expect(verdicts(report)['paging']).toBe('WARN');
    expect(textOf(report, 'paging')).toMatch(/no link\[next\].*_offset/);
    expect(contractExitCode(report)).toBe(0);
  });

  it('fails the _lastUpdated check on a server that ignores _lastUpdated', async () => {
    server.ignoreLastUpdated = true;
    const report = await check();
    expect(verdicts(report)['last-updated']).toBe('FAIL');
    expect(textOf(report, 'last-updated')).toContain('ignores _lastUpdated');
    expect(contractExitCode(report)).toBe(1);
  });

  it('fails the idempotency check on a server that creates again what a conditional create should find', async () => {
    // A server of its own: the duplicates it makes (the PHQ-9 Questionnaire too) would break later conditional creates.
    const careless = await startFhirServer();
    careless.ignoreIfNoneExist = true;
    try {
      const report = await runFhirContract({ baseUrl: careless.baseUrl, token: null, mrnSystem: null }, { fetchFn: fetch, newUuid: randomUUID, now: () => new Date().toISOString(), appVersion: '0.1.0' });
      expect(verdicts(report)['conditional-create']).toBe('FAIL');
      expect(textOf(report, 'conditional-create')).toMatch(/second push created \d+ resource\(s\) again .*QuestionnaireResponse\?identifier=.*1 → 2/);
      expect(contractExitCode(report)).toBe(1);
    } finally {
      await careless.close();
    }
  });

  it('warns when the server lists no transaction but creates conditionally, and the round trip still passes one create at a time', async () => {
    server.transactions = false;
    const report = await check();
    expect(verdicts(report)).toMatchObject({ transaction: 'WARN', 'conditional-create': 'PASS', 'patient-lookup': 'PASS', paging: 'PASS' });
    expect(contractExitCode(report)).toBe(0);
  });

  it('fails when the server offers neither transaction nor conditional create: nothing can be pushed, the rest is not run', async () => {
    server.transactions = false;
    server.conditionalCreates = false;
    const report = await check();
    expect(verdicts(report)).toMatchObject({ transaction: 'FAIL', 'conditional-create': 'FAIL', 'patient-lookup': 'SKIP', sort: 'SKIP' });
    expect(textOf(report, 'conditional-create')).toContain('was refused');
    expect(contractExitCode(report)).toBe(1);
  });

  it('fails the version and interaction checks of a CapabilityStatement for another FHIR version without Provenance, and warns of a missing search', () => {
    const both = ['create', 'search-type'];
    const statement = (fhirVersion: string, interactions: Record<string, string[]>) =>
      ({
        resourceType: 'CapabilityStatement',
        fhirVersion,
        rest: [{ mode: 'server', interaction: [{ code: 'transaction' }], resource: Object.entries(interactions).map(([type, codes]) => ({ type, interaction: codes.map((code) => ({ code })) })) }],
      }) as unknown as CapabilityStatement;
    const verdictsOf = (checks: readonly { name: string; verdict: string }[]) => Object.fromEntries(checks.map((c) => [c.name, c.verdict]));

    const other = checkStatement(statement('5.0.0', { Patient: both, Questionnaire: both, QuestionnaireResponse: both, Observation: both })).checks;
    expect(verdictsOf(other)).toEqual({ 'fhir-version': 'FAIL', transaction: 'PASS', interactions: 'FAIL' });
    expect(other.find((c) => c.name === 'interactions')?.text).toContain('Provenance');

    const noSearch = checkStatement(statement('4.0.1', { Patient: both, Questionnaire: both, QuestionnaireResponse: both, Observation: ['create'], Provenance: both })).checks;
    expect(verdictsOf(noSearch)).toEqual({ 'fhir-version': 'PASS', transaction: 'PASS', interactions: 'WARN' });
    expect(noSearch.find((c) => c.name === 'interactions')?.text).toContain('Observation search-type');
  });

  it('fails at metadata with the server\'s words for a wrong token, writes nothing, and never shows either token', async () => {
    const before = server.requests.filter((r) => r.method === 'POST').length;
    const report = await check({ token: 'wrong-token-0815' });
    expect(report.checks[0]).toMatchObject({ name: 'metadata', verdict: 'FAIL', text: expect.stringContaining('Missing or wrong bearer token') });
    expect(report.checks.slice(1).every((c) => c.verdict === 'SKIP')).toBe(true);
    expect(report.testData).toBeNull();
    expect(server.requests.filter((r) => r.method === 'POST').length).toBe(before);
    expect(contractExitCode(report)).toBe(1);
    expect(formatContractReport(report, { baseUrl: server.baseUrl, token: 'wrong-token-0815' })).not.toContain('wrong-token-0815');
  });

  it('fails at metadata when no server answers', async () => {
    const closed = await startFhirServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const report = await runFhirContract({ baseUrl, token: null, mrnSystem: null }, { fetchFn: fetch, newUuid: randomUUID, now: () => new Date().toISOString(), appVersion: '0.1.0' });
    expect(report.checks[0]).toMatchObject({ name: 'metadata', verdict: 'FAIL', text: expect.stringContaining('No answer') });
    expect(contractExitCode(report)).toBe(1);
  });
});

describe('fhir-contract arguments', () => {
  it.each([
    ['no base URL', []],
    ['an unknown option', ['http://127.0.0.1:1/fhir', '--verbose']],
    ['--token without a value', ['http://127.0.0.1:1/fhir', '--token']],
    ['a base URL that is not a URL', ['ehr.example.org/fhir']],
    ['a base URL with a user name', ['https://admin@ehr.example.org/fhir']],
    ['plain http to another machine', ['http://ehr.example.org/fhir']],
    ['an MRN system that is not a URI', ['http://127.0.0.1:1/fhir', '--mrn-system', 'hospital mrn']],
    ['two base URLs', ['http://127.0.0.1:1/fhir', 'http://127.0.0.1:2/fhir']],
  ])('refuses %s', (_what, args) => {
    expect(parseFhirContractArgs(args).ok).toBe(false);
  });

  it('reads the base URL (without its trailing slash), the token and the MRN system, in either spelling', () => {
    expect(parseFhirContractArgs(['https://ehr.example.org/fhir/R4/', '--token=abc', '--mrn-system', 'urn:oid:1.2.3'])).toEqual({
      ok: true,
      value: { baseUrl: 'https://ehr.example.org/fhir/R4', token: 'abc', mrnSystem: 'urn:oid:1.2.3' },
    });
    expect(parseFhirContractArgs(['--token', 'abc', 'http://localhost:8080/fhir'])).toEqual({ ok: true, value: { baseUrl: 'http://localhost:8080/fhir', token: 'abc', mrnSystem: null } });
  });
});

describe('npm run fhir-contract (a real child process)', { timeout: 60_000 }, () => {
  it('prints one line per check and a summary, exits 0, and never prints the token', async () => {
    const run = await cli(['fhir-contract', server.baseUrl, '--token', TOKEN]);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/^(FAIL|WARN|SKIP)/m);
    expect(run.code).toBe(0);
    for (const name of CHECKS) expect(run.stdout).toMatch(new RegExp(`^PASS +${name} +\\S`, 'm'));
    expect(run.stdout).toMatch(/^Summary: 9 passed, 0 warnings, 0 failed/m);
    expect(run.stdout).toContain(CONTRACT_TEST_SYSTEM);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('exits 1 with the wrong token', async () => {
    const run = await cli(['fhir-contract', server.baseUrl, '--token=not-the-token']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL +metadata +.*401/m);
    expect(run.stdout + run.stderr).not.toContain('not-the-token');
  });

  it.each([
    ['no base URL', []],
    ['an unknown option', ['http://127.0.0.1:1/fhir', '--verbose']],
  ])('exits 2 on a usage error (%s), with the usage on stderr', async (_what, args) => {
    const run = await cli(['fhir-contract', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('npm run fhir-contract -- <base-url>');
    expect(run.stdout).toBe('');
  });
});
