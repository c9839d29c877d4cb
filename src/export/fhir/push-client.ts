import type { Bundle, BundleEntry, CapabilityStatement, OperationOutcome } from 'fhir/r4';
import type { FhirServer, PushFailure, PushFailureCode } from '../../domain/ehr-push.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/**
 * Sending exports to a FHIR R4 server. With `download-file.ts` this is the second file of `export` that does I/O,
 * and it does it only through the `fetch` it is given: the caller (the app, or a test) owns the network. Nothing
 * here retries or stores: the outbox in `src/storage` does that. A send is `readCapabilities` once, then
 * `pushTransaction` for each Bundle with those capabilities.
 */

/** The server type is the domain's (storage keeps it too); re-exported for the settings panel, which imports it from here. */
export type { FhirServer } from '../../domain/ehr-push.ts';

export type ServerCapabilities = {
  readonly fhirVersion: string;
  readonly software: string | null;
  readonly transaction: boolean;
  /** Resource types the server creates conditionally (`create` with `conditionalCreate: true`). */
  readonly conditionalCreate: readonly string[];
};

const FHIR_JSON = 'application/fhir+json';
const base = (server: FhirServer) => server.baseUrl.replace(/\/+$/, '');

/** The issues of an OperationOutcome in one line: `error invalid: text; …`. */
export function describeOperationOutcome(outcome: OperationOutcome): string {
  return outcome.issue.map((i) => `${i.severity} ${i.code}: ${i.details?.text ?? i.diagnostics ?? ''}`.trim()).join('; ');
}

const failure = (code: PushFailureCode, status: number | null, message: string, operationOutcome: OperationOutcome | null = null): PushFailure => ({
  code,
  status,
  operationOutcome,
  message,
});

const isOperationOutcome = (body: unknown): body is OperationOutcome =>
  typeof body === 'object' && body !== null && (body as { resourceType?: unknown }).resourceType === 'OperationOutcome' && Array.isArray((body as { issue?: unknown }).issue);

export type Answer = { readonly status: number; readonly body: unknown; readonly location: string | null };

/**
 * One request with FHIR JSON both ways; any answer that is not 2xx FHIR JSON is a failure value. A 2xx answer may
 * have no body (`Prefer: return=minimal`); then `location` (the Location header) says what was created. Also the
 * pull client's one way to the server (`pull-client.ts`).
 */
export async function requestJson(
  url: string,
  init: { method: 'GET' | 'POST'; body?: string; ifNoneExist?: string },
  server: FhirServer,
  fetchFn: typeof fetch,
): Promise<Result<Answer, PushFailure>> {
  const headers: Record<string, string> = { Accept: FHIR_JSON };
  if (init.body !== undefined) headers['Content-Type'] = FHIR_JSON;
  if (init.ifNoneExist !== undefined) headers['If-None-Exist'] = init.ifNoneExist;
  const token = bearerTokenOf(server);
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetchFn(url, { method: init.method, headers, ...(init.body === undefined ? {} : { body: init.body }) });
  } catch (error) {
    // fetch rejects only when no answer arrived; browsers give the same TypeError for offline, CORS and CSP.
    return err(failure('network', null, `No answer from ${url}: ${error instanceof Error ? error.message : String(error)}`));
  }
  // A SMART sign-in is refreshed once on a 401 before it gets here (workflows/ehr-session.ts): this one is final.
  if (response.status === 401 && server.auth.kind === 'smart') return err(failure('sign-in-ended', 401, 'The EHR sign-in was ended or revoked: sign in again'));
  const text = await response.text().catch(() => '');
  const location = response.headers.get('Location') ?? response.headers.get('Content-Location');
  if (response.ok && text === '') return ok({ status: response.status, body: null, location });
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Proxies and login pages answer with HTML: worth showing the start of it.
    return err(failure('not-fhir', response.status, `HTTP ${response.status}: the answer is not FHIR JSON (${text.slice(0, 200)})`));
  }
  if (!response.ok) {
    const outcome = isOperationOutcome(body) ? body : null;
    return err(failure('http', response.status, outcome ? describeOperationOutcome(outcome) : `HTTP ${response.status} ${response.statusText}`.trim(), outcome));
  }
  return ok({ status: response.status, body, location });
}

/** The bearer token a request carries: the pasted one, or a signed-in SMART session's access token; else none. */
export function bearerTokenOf(server: FhirServer): string | null {
  if (server.auth.kind === 'bearer') return server.auth.token;
  if (server.auth.kind === 'smart' && server.auth.sign.state === 'signed-in') return server.auth.sign.session.accessToken;
  return null;
}

/** Reads the server's CapabilityStatement as it came (`GET [base]/metadata`, https://hl7.org/fhir/R4/http.html#capabilities). */
export async function readCapabilityStatement(server: FhirServer, fetchFn: typeof fetch): Promise<Result<CapabilityStatement, PushFailure>> {
  const read = await requestJson(`${base(server)}/metadata`, { method: 'GET' }, server, fetchFn);
  if (!read.ok) return read;
  const statement = read.value.body as Partial<CapabilityStatement> | null;
  if (statement?.resourceType !== 'CapabilityStatement') return err(failure('not-fhir', 200, `${base(server)}/metadata is not a CapabilityStatement`));
  return ok(statement as CapabilityStatement);
}

/** What a push needs to know of a CapabilityStatement (read as possibly incomplete: servers omit required fields): its FHIR version and whether it takes transactions or conditional creates. */
export function capabilitiesOf(statement: Partial<CapabilityStatement>): ServerCapabilities {
  return {
    fhirVersion: statement.fhirVersion ?? '',
    software: statement.software ? `${statement.software.name} ${statement.software.version ?? ''}`.trim() : null,
    transaction: (statement.rest ?? []).some((r) => (r.interaction ?? []).some((i) => i.code === 'transaction')),
    conditionalCreate: (statement.rest ?? []).flatMap((r) =>
      (r.resource ?? []).filter((res) => res.conditionalCreate === true && (res.interaction ?? []).some((i) => i.code === 'create')).map((res) => res.type),
    ),
  };
}

/** Reads the server's CapabilityStatement (`GET [base]/metadata`): its FHIR version and whether it takes transactions. */
export async function readCapabilities(server: FhirServer, fetchFn: typeof fetch): Promise<Result<ServerCapabilities, PushFailure>> {
  const read = await readCapabilityStatement(server, fetchFn);
  return read.ok ? ok(capabilitiesOf(read.value)) : read;
}

/**
 * POSTs a `transaction` Bundle to the server base (https://hl7.org/fhir/R4/http.html#transaction). `capabilities`
 * are the server's as `readCapabilities` read them, once per send: an assessment is several Bundles, and reading
 * the CapabilityStatement again for each would cost a request per Bundle. A server without `transaction` that
 * creates every type of the Bundle conditionally gets the entries one by one instead, in order (see
 * `pushAsCreates`); one that does neither is refused, and nothing is sent. Success is a `transaction-response`
 * whose every entry succeeded; its `entry.response.location`s name what the server holds.
 */
export async function pushTransaction(bundle: Bundle, server: FhirServer, fetchFn: typeof fetch, capabilities: ServerCapabilities): Promise<Result<Bundle, PushFailure>> {
  if (!capabilities.transaction) {
    // A correction replaces resources by identifier inside one transaction: without transactions it is not sent.
    if ((bundle.entry ?? []).some((e) => e.request?.method === 'PUT')) {
      return err(failure('no-transaction', null, "A correction is sent as a transaction, and the server's CapabilityStatement lists no transactions."));
    }
    const types = new Set((bundle.entry ?? []).map((e) => e.request?.url ?? ''));
    if ([...types].every((t) => capabilities.conditionalCreate.includes(t))) return pushAsCreates(bundle, server, fetchFn);
    return err(failure('no-transaction', null, `The server's CapabilityStatement lists neither transactions nor conditional creates of ${[...types].join(', ')}.`));
  }
  const sent = await requestJson(base(server), { method: 'POST', body: JSON.stringify(bundle) }, server, fetchFn);
  if (!sent.ok) return sent;
  const answer = (sent.value.body ?? {}) as Partial<Bundle>;
  if (answer.resourceType !== 'Bundle' || answer.type !== 'transaction-response') return err(failure('not-fhir', 200, 'The server did not answer with a transaction-response Bundle'));
  const failed = (answer.entry ?? []).find((e) => !(e.response?.status ?? '').startsWith('2'));
  if (failed || (answer.entry ?? []).length !== (bundle.entry ?? []).length) {
    const outcome = failed?.response?.outcome;
    const known = isOperationOutcome(outcome) ? outcome : null;
    return err(failure('entry-failed', 200, known ? describeOperationOutcome(known) : `An entry was not accepted (${failed?.response?.status ?? 'missing'})`, known));
  }
  return ok(answer as Bundle);
}

/** `Observation/123` from a Location such as `https://ehr.example.org/fhir/Observation/123/_history/1`. */
function referenceIn(location: string | null): string | null {
  const match = /([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/.exec(location ?? '');
  return match ? `${match[1] ?? ''}/${match[2] ?? ''}` : null;
}

/**
 * The fallback for servers without transactions (FHIR R4 http.html, "Conditional create"): each entry as its own conditional create
 * (`If-None-Exist`), in Bundle order, with the `urn:uuid` references of later entries replaced by where the server
 * put the earlier ones. Not atomic: a failure part-way leaves the first resources on the server, and the retry
 * matches them instead of creating them again. Answers as a transaction-response would.
 */
async function pushAsCreates(bundle: Bundle, server: FhirServer, fetchFn: typeof fetch): Promise<Result<Bundle, PushFailure>> {
  const placed = new Map<string, string>();
  const entries: BundleEntry[] = [];
  for (const entry of bundle.entry ?? []) {
    const type = entry.request?.url ?? '';
    const text = JSON.stringify(entry.resource).replace(/"(urn:uuid:[0-9a-f-]{36})"/g, (whole, urn: string) => JSON.stringify(placed.get(urn) ?? urn));
    const sent = await requestJson(`${base(server)}/${type}`, { method: 'POST', body: text, ...(entry.request?.ifNoneExist ? { ifNoneExist: entry.request.ifNoneExist } : {}) }, server, fetchFn);
    if (!sent.ok) return err({ ...sent.error, message: `${type}: ${sent.error.message}` });
    const created = sent.value.body as { resourceType?: string; id?: string } | null;
    const reference = created?.id ? `${created.resourceType ?? type}/${created.id}` : referenceIn(sent.value.location);
    if (!reference) return err(failure('not-fhir', sent.value.status, `${type}: the server did not say where it put the resource`));
    if (entry.fullUrl) placed.set(entry.fullUrl, reference);
    entries.push({ response: { status: String(sent.value.status), location: sent.value.location ?? reference } });
  }
  return ok({ resourceType: 'Bundle', type: 'transaction-response', entry: entries });
}

/** Where the server put each resource of a transaction-response (`Patient/123/_history/1` …). */
export function responseLocations(response: Bundle): string[] {
  return (response.entry ?? []).flatMap((e) => (e.response?.location ? [e.response.location] : []));
}

export type ServerUrlProblem = 'invalid-url' | 'insecure' | 'origin-not-allowed';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a server base URL typed in settings: absolute, no user name or password, no query or fragment; https, or
 * http only on this machine (localhost, 127.0.0.1); and its origin among those the build allows (the CSP
 * `connect-src` is fixed when the app is built, see vite.config.ts). Gives the URL without a trailing slash.
 */
export function checkServerUrl(text: string, allowedOrigins: readonly string[]): Result<string, ServerUrlProblem> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    // The URL constructor throws TypeError for anything that is not an absolute URL: that is the answer.
    return err('invalid-url');
  }
  if (!['https:', 'http:'].includes(url.protocol) || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return err('invalid-url');
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) return err('insecure');
  if (!allowedOrigins.includes(url.origin)) return err('origin-not-allowed');
  return ok(url.href.replace(/\/+$/, ''));
}
