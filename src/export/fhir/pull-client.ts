import type { Bundle, Observation, Patient, QuestionnaireResponse, Resource } from 'fhir/r4';
import type { FhirServer, PushFailure, ServerFailure } from '../../domain/ehr-push.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import { EFFORT_CODES, EFFORT_TASK_SYSTEM } from './effort-observations.ts';
import { requestJson } from './push-client.ts';

/**
 * Reading a patient's earlier visits from the clinic's FHIR server (FHIR-HUB.md §4, step 3): find the Patient by
 * identifier, then search its QuestionnaireResponses (and effort-task Observations) page by page from a cursor. Like `push-client.ts` it does
 * I/O only through the `fetch` it is given, and neither retries nor stores: importing what it returns
 * (`fromQuestionnaireResponse`, re-scoring) and keeping the cursor are the caller's.
 */

/**
 * Why a pull failed: `network`, `http` (with the server's OperationOutcome when it sent one), `not-fhir` (as for a
 * push), `several-patients` (an identifier that names more than one Patient: never guess which), `paging` (a
 * server that repeats a page or never ends), `sign-in-ended` (as for a push: the EHR ended the SMART sign-in).
 */
export type PullFailureCode = 'network' | 'http' | 'not-fhir' | 'several-patients' | 'paging' | 'sign-in-ended';

export type PullFailure = ServerFailure<PullFailureCode>;

/**
 * Where the last pull stopped: the newest `meta.lastUpdated` it saw, and the resources (`id/versionId`) it saw at
 * exactly that instant. The next pull asks for `_lastUpdated=ge<lastUpdated>` (not `gt`: another resource may have
 * been stored in the same millisecond after the pull) and leaves out those already seen.
 */
export type PullCursor = { readonly lastUpdated: string; readonly atCursor: readonly string[] };

export type PullOptions = {
  /** `_count`: results per page. */
  readonly pageSize?: number;
  /** Called after each page with the number of resources found so far (for progress). */
  readonly onPage?: (found: number) => void;
};

const DEFAULT_PAGE_SIZE = 100;
/** A guard against a server whose `link[next]` never ends: 1 000 pages of 100 is far beyond any patient's visits. */
const MAX_PAGES = 1000;

const base = (server: FhirServer) => server.baseUrl.replace(/\/+$/, '');
const failure = (code: PullFailureCode, message: string, status: number | null = null): PullFailure => ({ code, status, operationOutcome: null, message });
const fromPush = (f: PushFailure): PullFailure => ({ ...f, code: f.code === 'network' || f.code === 'http' || f.code === 'sign-in-ended' ? f.code : 'not-fhir' });
const versionKey = (r: Resource) => `${r.id ?? ''}/${r.meta?.versionId ?? ''}`;

/** GETs one searchset page. */
async function readPage(url: string, server: FhirServer, fetchFn: typeof fetch): Promise<Result<Bundle, PullFailure>> {
  const read = await requestJson(url, { method: 'GET' }, server, fetchFn);
  if (!read.ok) return err(fromPush(read.error));
  const bundle = read.value.body as Partial<Bundle> | null;
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset') return err(failure('not-fhir', `${url} did not answer with a searchset Bundle`, read.value.status));
  return ok(bundle as Bundle);
}

/**
 * Every match of a search (https://hl7.org/fhir/R4/search.html), page by page: the server's `link[next]` when it
 * gives one (only on the server's own origin, so the bearer token goes nowhere else), else `_offset` after each
 * full page (Medplum's router gives no next link: FHIR-HUB.md §5). Included resources and outcomes are left out.
 * A page that brings nothing new stops the pull as `paging` (a server that ignores `_offset`).
 */
export async function searchAll(
  server: FhirServer,
  resourceType: string,
  params: Readonly<Record<string, string>>,
  fetchFn: typeof fetch,
  options: PullOptions = {},
): Promise<Result<Resource[], PullFailure>> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const query = new URLSearchParams({ ...params, _count: String(pageSize) });
  const first = `${base(server)}/${resourceType}?${query.toString()}`;
  const origin = new URL(base(server)).origin;
  const found = new Map<string, Resource>();
  let url: string | null = first;
  let offset = 0;
  for (let page = 0; url !== null; page += 1) {
    if (page >= MAX_PAGES) return err(failure('paging', `${resourceType}: the server gave more than ${String(MAX_PAGES)} pages`));
    const read = await readPage(url, server, fetchFn);
    if (!read.ok) return read;
    const matches = (read.value.entry ?? []).filter((e) => (e.search?.mode ?? 'match') === 'match' && e.resource?.resourceType === resourceType).flatMap((e) => (e.resource ? [e.resource] : []));
    const fresh = matches.filter((r) => !found.has(versionKey(r)));
    if (matches.length > 0 && fresh.length === 0) return err(failure('paging', `${resourceType}: the server sent the same page again (does it ignore _offset?)`));
    for (const r of fresh) found.set(versionKey(r), r);
    options.onPage?.(found.size);
    offset += matches.length;
    const next = read.value.link?.find((l) => l.relation === 'next')?.url;
    if (next !== undefined) {
      if (!URL.canParse(next) || new URL(next).origin !== origin) return err(failure('not-fhir', `${resourceType}: the server's next page ${next} is not on ${origin}; not followed`));
      url = next;
    } else {
      // The offset counts what came, not pages asked for, in case the server sends fewer than `_count`; with a
      // `total` it stops there, else at the first page that is not full.
      const total = read.value.total;
      const done = matches.length === 0 || (total === undefined ? matches.length < pageSize : offset >= total);
      url = done ? null : `${first}&_offset=${String(offset)}`;
    }
  }
  return ok([...found.values()]);
}

/**
 * The Patient a business identifier names (`Patient?identifier=<system>|<value>`,
 * https://hl7.org/fhir/R4/search.html#token), or null when the server has none. Two or more is a failure: the
 * same MRN on two Patients needs a person to sort out, and pulling either would mix two records.
 */
export async function findPatient(
  server: FhirServer,
  identifier: { readonly system: string; readonly value: string },
  fetchFn: typeof fetch,
): Promise<Result<Patient | null, PullFailure>> {
  const found = await searchAll(server, 'Patient', { identifier: `${identifier.system}|${identifier.value}` }, fetchFn, { pageSize: 2 });
  if (!found.ok) return found;
  const patients = found.value as Patient[];
  if (patients.length > 1) return err(failure('several-patients', `${String(patients.length)} Patients on the server have the identifier ${identifier.system}|${identifier.value}`));
  return ok(patients[0] ?? null);
}

/** One Patient by its server id (`GET [base]/Patient/<id>`, https://hl7.org/fhir/R4/http.html#read): the patient an EHR launch names. */
export async function readPatient(server: FhirServer, id: string, fetchFn: typeof fetch): Promise<Result<Patient, PullFailure>> {
  const read = await requestJson(`${base(server)}/Patient/${encodeURIComponent(id)}`, { method: 'GET' }, server, fetchFn);
  if (!read.ok) return err(fromPush(read.error));
  const patient = read.value.body as Partial<Patient> | null;
  if (patient?.resourceType !== 'Patient') return err(failure('not-fhir', `Patient/${id} is not a Patient`, read.value.status));
  return ok(patient as Patient);
}

/**
 * A patient's QuestionnaireResponses stored on the server since `cursor` (all of them when null), oldest change
 * first, and the cursor for next time (see `pullSince`). https://hl7.org/fhir/R4/search.html#lastUpdated
 */
export async function pullResponses(
  server: FhirServer,
  patientId: string,
  cursor: PullCursor | null,
  fetchFn: typeof fetch,
  options: PullOptions = {},
): Promise<Result<{ readonly responses: QuestionnaireResponse[]; readonly cursor: PullCursor | null }, PullFailure>> {
  const pulled = await pullSince(server, 'QuestionnaireResponse', { subject: `Patient/${patientId}` }, cursor, fetchFn, options);
  return pulled.ok ? ok({ responses: pulled.value.resources as QuestionnaireResponse[], cursor: pulled.value.cursor }) : pulled;
}

/**
 * A patient's effort-task Observations (`EFFORT_TASK_SYSTEM`: the parameters, acceptance rate and status of each
 * effort task; FHIR-HUB.md §4 step 3) stored on the server since `cursor`, with the cursor for next time, paged and
 * resumed exactly as the responses are (its own cursor: the two searches move on separately).
 * https://hl7.org/fhir/R4/search.html#token
 */
export async function pullEffortObservations(
  server: FhirServer,
  patientId: string,
  cursor: PullCursor | null,
  fetchFn: typeof fetch,
  options: PullOptions = {},
): Promise<Result<{ readonly observations: Observation[]; readonly cursor: PullCursor | null }, PullFailure>> {
  const code = EFFORT_CODES.map((c) => `${EFFORT_TASK_SYSTEM}|${c}`).join(',');
  const pulled = await pullSince(server, 'Observation', { subject: `Patient/${patientId}`, code }, cursor, fetchFn, options);
  return pulled.ok ? ok({ observations: pulled.value.resources as Observation[], cursor: pulled.value.cursor }) : pulled;
}

/**
 * Every match of a search stored since `cursor` (all of them when null), oldest change first (`_sort=_lastUpdated`,
 * so `_offset` pages stay stable), and the cursor for next time: the given one when nothing new came.
 */
async function pullSince(
  server: FhirServer,
  resourceType: string,
  search: Readonly<Record<string, string>>,
  cursor: PullCursor | null,
  fetchFn: typeof fetch,
  options: PullOptions,
): Promise<Result<{ readonly resources: Resource[]; readonly cursor: PullCursor | null }, PullFailure>> {
  const params = { ...search, _sort: '_lastUpdated', ...(cursor ? { _lastUpdated: `ge${cursor.lastUpdated}` } : {}) };
  const found = await searchAll(server, resourceType, params, fetchFn, options);
  if (!found.ok) return found;
  const seen = new Set(cursor?.atCursor ?? []);
  const resources = found.value.filter((r) => !(r.meta?.lastUpdated === cursor?.lastUpdated && seen.has(versionKey(r))));
  const newest = resources.reduce<string | null>((max, r) => (r.meta?.lastUpdated !== undefined && (max === null || r.meta.lastUpdated > max) ? r.meta.lastUpdated : max), null);
  if (newest === null) return ok({ resources, cursor });
  const atNewest = resources.filter((r) => r.meta?.lastUpdated === newest).map(versionKey);
  return ok({ resources, cursor: { lastUpdated: newest, atCursor: newest === cursor?.lastUpdated ? [...seen, ...atNewest] : atNewest } });
}
