import type { Bundle, Identifier } from 'fhir/r4';
import { completeAssessment, recordAnswer, startAssessment } from '../domain/assessment.ts';
import type { FhirServer } from '../domain/ehr-push.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import type { Instrument } from '../domain/instrument-catalogue.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { patientIdentifiers, toAssessmentExport, type ExportSubject } from '../export/fhir/assessment-export.ts';
import { ASSESSMENT_ID_SYSTEM, isIdentifierSystem } from '../export/fhir/fhir-terms.ts';
import { checkServerUrl, readCapabilityStatement } from '../export/fhir/push-client.ts';
import { toTransactionBundles } from '../export/fhir/transaction.ts';
import { checkConditionalCreate, checkLastUpdated, checkPaging, checkPatientLookup, checkSort, checkStatement, pushAll, type Check } from './fhir-contract-checks.ts';
import { readFixtures, readInstrument } from './instrument-folder.ts';

/**
 * `npm run fhir-contract -- <base-url> [--token <bearer>] [--mrn-system <uri>]` (FHIR-HUB.md §7): what a clinic's
 * IT runs against its HAPI or Medplum server before go-live. Read-only checks plus one round trip on a clearly
 * marked test Patient (identifier system `CONTRACT_TEST_SYSTEM`, a fresh UUID-based value): two PHQ-9 visits made
 * from golden fixtures with the app's own mapper, the first pushed twice. One line per check, then a summary.
 * The test resources stay on the server (this check deletes nothing) and the summary says how to find them.
 */

/** The identifier system of the contract check's test Patients: never a real person. */
export const CONTRACT_TEST_SYSTEM = 'https://motivation-profile.app/fhir/contract-test';

export const CONTRACT_USAGE = `Usage: npm run fhir-contract -- <base-url> [--token <bearer>] [--mrn-system <uri>]
  Checks a FHIR R4 server against what the app needs (metadata, conditional creates, patient lookup, paging,
  _lastUpdated, _sort) with one round trip on a test Patient (identifier system ${CONTRACT_TEST_SYSTEM}).
  --token <bearer>      the bearer token the tablets will use (sent as Authorization; never printed)
  --mrn-system <uri>    the clinic's MRN identifier system: the test Patient gets an MRN under it too
                        (value contract-test-<uuid>) and is looked up by it, as the app does
  Exit codes: 0 every required check passed, 1 a check failed, 2 usage.`;

export type ContractOptions = { readonly baseUrl: string; readonly token: string | null; readonly mrnSystem: string | null };

export type ContractDeps = {
  readonly fetchFn: typeof fetch;
  readonly newUuid: () => string;
  /** The current time, ISO 8601: when the test visits were answered. */
  readonly now: () => string;
  readonly appVersion: string;
};

/** The test data a run wrote (or tried to), to find it again on the server. */
export type ContractTestData = { readonly patientCode: string; readonly patientIdentifiers: readonly Identifier[]; readonly responseIdentifiers: readonly string[] };

export type ContractReport = { readonly checks: readonly Check[]; readonly testData: ContractTestData | null };

const ALL_CHECKS = ['metadata', 'fhir-version', 'transaction', 'interactions', 'conditional-create', 'patient-lookup', 'paging', 'last-updated', 'sort'];
/** Two complete PHQ-9 golden fixtures with item 9 "not at all": no risk alert on the clinic's server. */
const VISIT_FIXTURES = ['moderate-lower-boundary', 'none-minimal'];

/** `<base-url> [--token <bearer>] [--mrn-system <uri>]`, each option also as `--name=value`. */
export function parseFhirContractArgs(args: readonly string[]): Result<ContractOptions, string> {
  const positional: string[] = [];
  const options: { token: string | null; mrnSystem: string | null } = { token: null, mrnSystem: null };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const name = ['--token', '--mrn-system'].find((option) => arg === option || arg.startsWith(`${option}=`));
    if (name) {
      const value = arg === name ? args[(i += 1)] : arg.slice(name.length + 1);
      if (!value) return err(`${name} takes a value`);
      options[name === '--token' ? 'token' : 'mrnSystem'] = value;
    } else if (arg.startsWith('-')) {
      return err(`unknown option "${arg}"`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) return err(positional.length === 0 ? 'missing the server base URL' : `one base URL, not ${String(positional.length)}`);
  const text = positional[0] ?? '';
  // The app refuses the same URLs (settings): a server it cannot use is a usage error here, not a failed check.
  const url = checkServerUrl(text, URL.canParse(text) ? [new URL(text).origin] : []);
  if (!url.ok)
    return err(
      url.error === 'insecure'
        ? `${text}: the app talks to https servers only (http only on localhost or 127.0.0.1)`
        : `${text} is not a server base URL (absolute http(s), no user, query or fragment)`,
    );
  if (options.mrnSystem !== null && !isIdentifierSystem(options.mrnSystem)) return err(`--mrn-system ${options.mrnSystem} is not an identifier system (urn:oid:…, urn:uuid:… or an http(s) URL)`);
  return ok({ baseUrl: url.value, ...options });
}

/** A completed, scored PHQ-9 visit of the test patient from a golden fixture, as the app's transaction Bundles. */
function visitBundles(phq9: Instrument, answers: Readonly<Record<string, string | null>>, assessmentId: string, subject: ExportSubject, deps: ContractDeps): Bundle[] {
  const now = deps.now();
  const definitions = [phq9.definition];
  let assessment = startAssessment({ id: asAssessmentId(assessmentId), patientId: asPatientId(subject.patientCode), batteryName: 'Contract check', definitions, mode: 'patient', language: 'en', now });
  for (const [itemId, code] of Object.entries(answers)) if (code !== null) assessment = recordAnswer(assessment, phq9.definition, itemId, { code, answeredAt: now, durationMs: 1000 });
  assessment = completeAssessment(assessment, definitions, () => phq9.packs['en']?.items ?? {}, now);
  if (assessment.results?.['phq-9']?.status !== 'complete') throw new Error(`the PHQ-9 fixture for ${assessmentId} did not score as complete`);
  const exported = toAssessmentExport(assessment, { instruments: [phq9], broken: [] }, subject, { appVersion: deps.appVersion, now, newUuid: deps.newUuid });
  return toTransactionBundles(exported, deps.newUuid);
}

function loadVisits(): { readonly phq9: Instrument; readonly answers: readonly Readonly<Record<string, string | null>>[] } {
  const phq9 = readInstrument('phq-9');
  const fixtures = readFixtures('phq-9');
  if (!phq9.ok || !fixtures.ok) throw new Error(`instruments/phq-9 is broken: ${[...(phq9.ok ? [] : phq9.error), ...(fixtures.ok ? [] : fixtures.error)].join('; ')}`);
  const answers = VISIT_FIXTURES.map((name) => {
    const found = fixtures.value.find((f) => f.name === name);
    if (!found) throw new Error(`instruments/phq-9/fixtures/${name}.json is missing`);
    return found.fixture.answers;
  });
  return { phq9: phq9.value, answers };
}

const skipped = (checks: readonly Check[], why: string): Check[] =>
  ALL_CHECKS.filter((name) => !checks.some((c) => c.name === name)).map((name) => ({ name, verdict: 'SKIP' as const, text: `not run: ${why}` }));

/** Runs every check in order; a check whose ground is missing (no metadata, nothing pushed, no Patient) is SKIP. */
export async function runFhirContract(options: ContractOptions, deps: ContractDeps): Promise<ContractReport> {
  const server: FhirServer = { baseUrl: options.baseUrl, auth: options.token === null ? { kind: 'none' } : { kind: 'bearer', token: options.token } };
  const checks: Check[] = [];
  const statement = await readCapabilityStatement(server, deps.fetchFn);
  if (!statement.ok) {
    const hint = statement.error.status === 401 || statement.error.status === 403 ? ' (check --token)' : '';
    const status = statement.error.status === null ? '' : `HTTP ${String(statement.error.status)}, `;
    checks.push({ name: 'metadata', verdict: 'FAIL', text: `${options.baseUrl}/metadata: ${status}${statement.error.message}${hint}` });
    return { checks: [...checks, ...skipped(checks, 'the CapabilityStatement could not be read; nothing was written')], testData: null };
  }
  const software = statement.value.software ? `${statement.value.software.name} ${statement.value.software.version ?? ''}`.trim() : 'software not named';
  checks.push({ name: 'metadata', verdict: 'PASS', text: `CapabilityStatement read (${software})` });
  const { checks: statementChecks, capabilities } = checkStatement(statement.value);
  checks.push(...statementChecks);

  const { phq9, answers } = loadVisits();
  const patientCode = `contract-test-${deps.newUuid()}`;
  const subject: ExportSubject = { patientCode, codeSystem: CONTRACT_TEST_SYSTEM, mrn: options.mrnSystem === null ? null : { system: options.mrnSystem, value: patientCode } };
  const visitIds = answers.map((_, i) => `${patientCode}-visit-${String(i + 1)}`);
  const testData: ContractTestData = { patientCode, patientIdentifiers: patientIdentifiers(subject), responseIdentifiers: visitIds.map((id) => `${id}/phq-9`) };
  const [first = [], second = []] = answers.map((a, i) => visitBundles(phq9, a, visitIds[i] ?? '', subject, deps));

  const idempotent = await checkConditionalCreate(server, first, capabilities, deps.fetchFn);
  checks.push(idempotent.check);
  if (!idempotent.pushed) return { checks: [...checks, ...skipped(checks, 'the test assessment was not pushed')], testData };
  // The second visit gives the patient two responses, so that _count=1 has a second page.
  const secondPush = await pushAll(server, second, capabilities, deps.fetchFn);

  const lookup = await checkPatientLookup(server, testData.patientIdentifiers, deps.fetchFn);
  checks.push(lookup.check);
  if (lookup.patientId === null) return { checks: [...checks, ...skipped(checks, 'the test Patient was not found')], testData };
  if (secondPush !== null) {
    checks.push({ name: 'paging', verdict: 'FAIL', text: `the second test visit was refused: ${secondPush}` });
    return { checks: [...checks, ...skipped(checks, 'the test patient has one response only')], testData };
  }
  const paging = await checkPaging(server, lookup.patientId, testData.responseIdentifiers, deps.fetchFn);
  checks.push(paging.check);
  if (paging.responses.length === 0) return { checks: [...checks, ...skipped(checks, "the test patient's responses were not found")], testData };
  checks.push(await checkLastUpdated(server, lookup.patientId, paging.responses, deps.fetchFn));
  checks.push(await checkSort(server, lookup.patientId, deps.fetchFn));
  return { checks, testData };
}

/** 0 when no check failed (warnings allowed), else 1. */
export function contractExitCode(report: ContractReport): 0 | 1 {
  return report.checks.every((c) => c.verdict === 'PASS' || c.verdict === 'WARN') ? 0 : 1;
}

/** The report as printed: one line per check, the summary, and where the test data is. The token never appears. */
export function formatContractReport(report: ContractReport, options: Pick<ContractOptions, 'baseUrl' | 'token'>): string {
  const count = (v: Check['verdict']) => report.checks.filter((c) => c.verdict === v).length;
  const plural = (n: number, word: string) => `${String(n)} ${word}${n === 1 ? '' : 's'}`;
  const failed = count('FAIL') + count('SKIP') > 0;
  const lines = [
    `FHIR contract check of ${options.baseUrl} (${options.token === null ? 'no token' : 'with a bearer token, not shown'})`,
    ...report.checks.map((c) => `${c.verdict.padEnd(5)} ${c.name.padEnd(18)} ${c.text}`),
    `Summary: ${String(count('PASS'))} passed, ${plural(count('WARN'), 'warning')}, ${String(count('FAIL'))} failed${count('SKIP') > 0 ? `, ${String(count('SKIP'))} not run` : ''}: ` +
      (failed ? 'the app cannot rely on this server yet (see FAIL).' : count('WARN') > 0 ? 'the app can use this server (see WARN).' : 'the app can use this server.'),
  ];
  if (report.testData) {
    const [pseudonym] = report.testData.patientIdentifiers.filter((i) => i.system === CONTRACT_TEST_SYSTEM);
    const token = `${pseudonym?.system ?? ''}|${pseudonym?.value ?? ''}`;
    lines.push(
      `Test data stays on the server (this check deletes nothing): the Patient with identifier ${token}, its PHQ-9 QuestionnaireResponses ` +
        `${report.testData.responseIdentifiers.map((id) => `${ASSESSMENT_ID_SYSTEM}|${id}`).join(' and ')}, their Observations and Provenance (and the PHQ-9 Questionnaire, if the server had none). ` +
        `Find them with GET ${options.baseUrl}/Patient?identifier=${encodeURIComponent(token)}`,
    );
  }
  const text = `${lines.join('\n')}\n`;
  return options.token ? text.split(options.token).join('[token]') : text;
}
