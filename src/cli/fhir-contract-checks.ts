import type { Bundle, CapabilityStatement, Identifier, QuestionnaireResponse, Resource } from 'fhir/r4';
import type { FhirServer } from '../domain/ehr-push.ts';
import { findPatient, pullResponses, searchAll } from '../export/fhir/pull-client.ts';
import { capabilitiesOf, pushTransaction, type ServerCapabilities } from '../export/fhir/push-client.ts';

/**
 * The checks of `fhir-contract` (see `fhir-contract-command.ts`), one function each, in the order they run. Each
 * says in plain words what it saw; none throws for what a server does. A check that cannot tell whether the app
 * will work says FAIL; one that found something the app copes with says WARN.
 */

export type Verdict = 'PASS' | 'WARN' | 'FAIL' | 'SKIP';
export type Check = { readonly name: string; readonly verdict: Verdict; readonly text: string };

const check = (name: string, verdict: Verdict, text: string): Check => ({ name, verdict, text });

/** The resource types one pushed assessment is made of: each must be created (conditionally) and searched. */
const PUSHED_TYPES = ['Patient', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Provenance'] as const;
const NEEDED_INTERACTIONS = ['create', 'search-type'] as const;

/** `fhir-version`, `transaction` and `interactions`, read from the CapabilityStatement alone. */
export function checkStatement(statement: CapabilityStatement): { readonly checks: Check[]; readonly capabilities: ServerCapabilities } {
  const capabilities = capabilitiesOf(statement);
  const version = capabilities.fhirVersion;
  const checks = [
    /^4\.0\.\d+$/.test(version)
      ? check('fhir-version', 'PASS', `FHIR ${version} (R4), the version the app sends`)
      : check('fhir-version', 'FAIL', `FHIR ${version || '(not stated)'}: the app sends FHIR R4 (4.0.x)`),
  ];
  const conditional = PUSHED_TYPES.filter((t) => capabilities.conditionalCreate.includes(t));
  if (capabilities.transaction) checks.push(check('transaction', 'PASS', 'transaction is listed (the app sends one transaction Bundle per questionnaire)'));
  else if (conditional.length === PUSHED_TYPES.length)
    checks.push(check('transaction', 'WARN', 'transaction is not listed: the app will send each resource as its own conditional create, in order (works, but not atomic)'));
  else checks.push(check('transaction', 'FAIL', `neither transaction nor conditional create of ${PUSHED_TYPES.filter((t) => !conditional.includes(t)).join(', ')} is listed: the app cannot push`));

  const listed = new Map((statement.rest ?? []).flatMap((r) => (r.resource ?? []).map((res) => [res.type, new Set((res.interaction ?? []).map((i) => i.code))] as const)));
  const absent = PUSHED_TYPES.filter((t) => !listed.has(t));
  const missing = PUSHED_TYPES.flatMap((t) => (listed.has(t) ? NEEDED_INTERACTIONS.filter((i) => !listed.get(t)?.has(i)).map((i) => `${t} ${i}`) : []));
  if (absent.length > 0) checks.push(check('interactions', 'FAIL', `the CapabilityStatement does not list ${absent.join(', ')} at all`));
  else if (missing.length > 0) checks.push(check('interactions', 'WARN', `not listed: ${missing.join(', ')} (the round trip below shows whether they work anyway)`));
  else checks.push(check('interactions', 'PASS', `create and search-type are listed for ${PUSHED_TYPES.join(', ')}`));
  return { checks, capabilities };
}

/** The searches a conditional create of these Bundles runs (`request.ifNoneExist`), once each, with their resource type. */
function conditionsOf(bundles: readonly Bundle[]): { readonly type: string; readonly query: string }[] {
  const all = bundles.flatMap((b) => (b.entry ?? []).map((e) => ({ type: e.request?.url ?? '', query: e.request?.ifNoneExist ?? '' })));
  return [...new Map(all.map((c) => [`${c.type}?${c.query}`, c])).values()];
}

async function countAll(server: FhirServer, conditions: readonly { type: string; query: string }[], fetchFn: typeof fetch): Promise<number[] | string> {
  const counts: number[] = [];
  for (const { type, query } of conditions) {
    const found = await searchAll(server, type, Object.fromEntries(new URLSearchParams(query)), fetchFn, { pageSize: 10 });
    if (!found.ok) return `searching ${type}?${decodeURIComponent(query)} failed: ${found.error.message}`;
    counts.push(found.value.length);
  }
  return counts;
}

/** Pushes every Bundle in order; the first refusal, in words, or null. */
export async function pushAll(server: FhirServer, bundles: readonly Bundle[], capabilities: ServerCapabilities, fetchFn: typeof fetch): Promise<string | null> {
  for (const bundle of bundles) {
    const pushed = await pushTransaction(bundle, server, fetchFn, capabilities);
    if (!pushed.ok) return pushed.error.message;
  }
  return null;
}

/**
 * `conditional-create`: pushes one assessment, counts what each of its conditional creates matches, pushes the same
 * Bundles again (as the outbox's retry does) and counts again: nothing may have grown.
 * https://hl7.org/fhir/R4/http.html#ccreate
 */
export async function checkConditionalCreate(server: FhirServer, bundles: readonly Bundle[], capabilities: ServerCapabilities, fetchFn: typeof fetch): Promise<{ readonly check: Check; readonly pushed: boolean }> {
  const name = 'conditional-create';
  const first = await pushAll(server, bundles, capabilities, fetchFn);
  if (first !== null) return { check: check(name, 'FAIL', `the first push of the test assessment was refused: ${first}`), pushed: false };
  const conditions = conditionsOf(bundles);
  const before = await countAll(server, conditions, fetchFn);
  if (typeof before === 'string') return { check: check(name, 'FAIL', `pushed once, then ${before}`), pushed: true };
  const unfound = conditions.filter((_, i) => before[i] === 0);
  if (unfound.length > 0) return { check: check(name, 'FAIL', `pushed once, but a search by ${unfound.map((c) => `${c.type}?${decodeURIComponent(c.query)}`).join(', ')} finds nothing: a conditional create cannot match it`), pushed: true };
  const second = await pushAll(server, bundles, capabilities, fetchFn);
  if (second !== null) return { check: check(name, 'FAIL', `the second push of the same assessment (a retry) was refused: ${second}`), pushed: true };
  const after = await countAll(server, conditions, fetchFn);
  if (typeof after === 'string') return { check: check(name, 'FAIL', `pushed twice, then ${after}`), pushed: true };
  const grown = conditions.flatMap((c, i) => ((after[i] ?? 0) > (before[i] ?? 0) ? [`${c.type}?${decodeURIComponent(c.query)} ${String(before[i])} → ${String(after[i])}`] : []));
  if (grown.length > 0) return { check: check(name, 'FAIL', `the second push created ${String(grown.length)} resource(s) again (the server does not honour ifNoneExist): ${grown.join('; ')}`), pushed: true };
  const resources = bundles.reduce((n, b) => n + (b.entry ?? []).length, 0);
  const shared = conditions.filter((_, i) => (before[i] ?? 0) > 1).map((c) => `${c.type}?${decodeURIComponent(c.query)}`);
  return {
    check: check(
      name,
      shared.length > 0 ? 'WARN' : 'PASS',
      `one PHQ-9 assessment (${String(resources)} resources in ${String(bundles.length)} transaction${bundles.length === 1 ? '' : 's'}) pushed twice: the second push created nothing` +
        (shared.length > 0 ? `, but several resources already match ${shared.join(', ')} (a conditional create then fails)` : `; each of its ${String(conditions.length)} ifNoneExist searches finds exactly one resource`),
    ),
    pushed: true,
  };
}

/** `patient-lookup`: the test Patient by each of its identifiers (`Patient?identifier=system|value`); its id. */
export async function checkPatientLookup(server: FhirServer, identifiers: readonly Identifier[], fetchFn: typeof fetch): Promise<{ readonly check: Check; readonly patientId: string | null }> {
  const ids = new Set<string>();
  for (const { system = '', value = '' } of identifiers) {
    const found = await findPatient(server, { system, value }, fetchFn);
    if (!found.ok) return { check: check('patient-lookup', 'FAIL', `Patient?identifier=${system}|${value}: ${found.error.message}`), patientId: null };
    if (!found.value?.id) return { check: check('patient-lookup', 'FAIL', `Patient?identifier=${system}|${value} found no Patient, though the push created one`), patientId: null };
    ids.add(found.value.id);
  }
  const [patientId = null] = ids;
  if (ids.size !== 1) return { check: check('patient-lookup', 'FAIL', `the identifiers of the test Patient find different Patients: ${[...ids].join(', ')}`), patientId: null };
  const by = identifiers.map((i) => `${i.system ?? ''}|${i.value ?? ''}`).join(' and by ');
  return { check: check('patient-lookup', 'PASS', `Patient/${patientId ?? ''} found by ${by}`), patientId };
}

const urlOf = (input: string | URL | Request) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

/**
 * `paging`: the Patient's QuestionnaireResponses one per page (`_count=1`) as the pull client reads them, and which
 * way the pages came: the server's `link[next]`, or the client's own `_offset` (https://hl7.org/fhir/R4/http.html#paging).
 */
export async function checkPaging(
  server: FhirServer,
  patientId: string,
  expected: readonly string[],
  fetchFn: typeof fetch,
): Promise<{ readonly check: Check; readonly responses: QuestionnaireResponse[] }> {
  const asked: string[] = [];
  const perPage: number[] = [];
  const recording: typeof fetch = (input, init) => {
    asked.push(urlOf(input));
    return fetchFn(input, init);
  };
  const found = await searchAll(server, 'QuestionnaireResponse', { subject: `Patient/${patientId}` }, recording, { pageSize: 1, onPage: (n) => perPage.push(n) });
  if (!found.ok) return { check: check('paging', 'FAIL', `QuestionnaireResponse?subject=Patient/${patientId}&_count=1: ${found.error.message}`), responses: [] };
  const responses = found.value as QuestionnaireResponse[];
  const got = responses.map((r) => r.identifier?.value ?? '');
  const lost = expected.filter((e) => !got.includes(e));
  if (lost.length > 0 || got.length !== expected.length)
    return { check: check('paging', 'FAIL', `paging with _count=1 brought ${String(got.length)} response(s), expected the ${String(expected.length)} pushed${lost.length > 0 ? `; missing ${lost.join(', ')}` : ''}`), responses };
  const [first = ''] = asked;
  const byOffset = asked.slice(1).filter((u) => u.startsWith(`${first}&_offset=`)).length;
  const byLink = asked.length - 1 - byOffset;
  const seen = `${String(got.length)} responses in ${String(asked.length)} requests of _count=1`;
  if ((perPage[0] ?? 0) > 1) return { check: check('paging', 'WARN', `${seen}, but the first page held ${String(perPage[0])}: the server ignores _count=1, so paging was not exercised`), responses };
  if (byLink > 0 && byOffset === 0) return { check: check('paging', 'PASS', `${seen}, following the server's link[next]`), responses };
  if (byLink === 0) return { check: check('paging', 'WARN', `${seen}, but the server gave no link[next]: the app paged with _offset itself (it falls back to that; a next link is what FHIR servers normally give)`), responses };
  return { check: check('paging', 'WARN', `${seen}: the server gave link[next] on some pages only; the app used _offset on ${String(byOffset)}`), responses };
}

const shifted = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * `last-updated`: `_lastUpdated=gt<t>` with t one second after the newest response was stored must find none, and
 * with t one second before the oldest, all (https://hl7.org/fhir/R4/search.html#lastUpdated). Times come from the
 * server's own `meta.lastUpdated`, so the tablet's clock does not matter.
 */
export async function checkLastUpdated(server: FhirServer, patientId: string, responses: readonly Resource[], fetchFn: typeof fetch): Promise<Check> {
  const times = responses.flatMap((r) => (r.meta?.lastUpdated && !Number.isNaN(Date.parse(r.meta.lastUpdated)) ? [r.meta.lastUpdated] : []));
  if (times.length === 0 || times.length < responses.length) return check('last-updated', 'FAIL', 'the server gives no meta.lastUpdated on its QuestionnaireResponses: the app cannot pull only what changed');
  const sorted = [...times].sort((a, b) => Date.parse(a) - Date.parse(b));
  const after = shifted(sorted[sorted.length - 1] ?? '', 1000);
  const before = shifted(sorted[0] ?? '', -1000);
  const search = (t: string) => searchAll(server, 'QuestionnaireResponse', { subject: `Patient/${patientId}`, _lastUpdated: `gt${t}` }, fetchFn, { pageSize: 10 });
  const later = await search(after);
  if (!later.ok) return check('last-updated', 'FAIL', `_lastUpdated=gt${after} was refused: ${later.error.message}`);
  const earlier = await search(before);
  if (!earlier.ok) return check('last-updated', 'FAIL', `_lastUpdated=gt${before} was refused: ${earlier.error.message}`);
  const n = responses.length;
  if (later.value.length > 0)
    return check(
      'last-updated',
      'FAIL',
      `${later.value.length >= n ? 'the server ignores _lastUpdated: ' : ''}_lastUpdated=gt${after} (1 s after the newest response was stored) found ${String(later.value.length)} of ${String(n)}; expected none`,
    );
  if (earlier.value.length !== n) return check('last-updated', 'FAIL', `_lastUpdated=gt${before} (before the push) found ${String(earlier.value.length)} of ${String(n)}: the filter drops what it should keep`);
  return check('last-updated', 'PASS', `_lastUpdated=gt${after} (1 s after the push, by the server's clock) found none; gt${before} found all ${String(n)}`);
}

/**
 * `sort`: the app's own pull (`pullResponses`: `_sort=_lastUpdated`, one per page) must be accepted and come oldest
 * first; `_sort=-_lastUpdated` then newest first, which shows the sort is applied, not ignored.
 * https://hl7.org/fhir/R4/search.html#_sort
 */
export async function checkSort(server: FhirServer, patientId: string, fetchFn: typeof fetch): Promise<Check> {
  const pulled = await pullResponses(server, patientId, null, fetchFn, { pageSize: 1 });
  if (!pulled.ok) return check('sort', 'FAIL', `the app's pull (_sort=_lastUpdated, _count=1) was refused: ${pulled.error.message}`);
  const ascending = pulled.value.responses.map((r) => r.meta?.lastUpdated ?? '');
  const newestFirst = await searchAll(server, 'QuestionnaireResponse', { subject: `Patient/${patientId}`, _sort: '-_lastUpdated' }, fetchFn, { pageSize: 10 });
  if (!newestFirst.ok) return check('sort', 'WARN', `_sort=_lastUpdated accepted, but _sort=-_lastUpdated was refused: ${newestFirst.error.message}`);
  const descending = newestFirst.value.map((r) => r.meta?.lastUpdated ?? '');
  const inOrder = (times: string[], sign: 1 | -1) => times.every((t, i) => i === 0 || sign * (Date.parse(t) - Date.parse(times[i - 1] ?? '')) >= 0);
  if (!inOrder(ascending, 1)) return check('sort', 'WARN', `_sort=_lastUpdated accepted but not applied: the responses came in the order ${ascending.join(', ')}`);
  if (!inOrder(descending, -1)) return check('sort', 'WARN', `_sort=_lastUpdated accepted, but _sort=-_lastUpdated came oldest first: the server may ignore _sort`);
  const distinct = new Set(ascending).size > 1;
  return check('sort', 'PASS', `_sort=_lastUpdated accepted: the app's pull read all ${String(ascending.length)} oldest first${distinct ? ', and -_lastUpdated gave them newest first' : ' (stored in the same instant, so the order itself cannot be seen)'}`);
}
