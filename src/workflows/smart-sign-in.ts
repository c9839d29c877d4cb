import type { Patient as FhirPatient } from 'fhir/r4';
import type { Patient } from '../domain/patient.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { SmartFailure, SmartLaunch } from '../export/fhir/smart-client.ts';
import type { PullFailure } from '../export/fhir/pull-client.ts';
import { listPatients } from '../storage/patient-repository.ts';
import { readServerLinks } from '../storage/server-links.ts';
import { readFhirServer, readSmartClient, saveFhirServer, type FhirServerSettings } from '../storage/settings-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { AppDatabase } from '../storage/database.ts';
import { withEhrSession } from './ehr-session.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Signing in through the EHR (SMART App Launch 2.x): Settings starts a standalone launch, the EHR starts an EHR
 * launch (`?iss&launch`), the app completes either on the return (`?code&state`) and, once a clinician has
 * unlocked, seals the session and finds the patient the EHR had open. The launch code and fhirclient load only here.
 */

/** Why a sign-in did not start or finish: a SMART step, a token endpoint the CSP does not allow, storage, or (EHR launch) no such connection. */
export type SmartSignInProblem =
  | { readonly kind: 'smart'; readonly failure: SmartFailure }
  | { readonly kind: 'origin-not-allowed'; readonly origin: string }
  | { readonly kind: 'not-configured' }
  | { readonly kind: 'other-ehr'; readonly iss: string }
  | { readonly kind: 'storage'; readonly error: StorageError };

const loadSmart = () => Promise.all([import('../export/fhir/smart-client.ts'), import('../export/fhir/smart-scopes.ts')]);
const trimmed = (url: string) => url.trim().replace(/\/+$/, '');

/**
 * Settings → "Sign in through the EHR": discovers the server's smart-configuration, refuses a token endpoint whose
 * origin this build's CSP does not allow (`MP_FHIR_ORIGINS`/`MP_AUTH_ORIGINS`: the exchange would fail after the
 * sign-in), saves the connection (signed out until the return) and sends the browser to the EHR's authorization
 * endpoint. Resolves with null once the page is leaving for the EHR, else with the problem.
 */
export async function beginSmartSignIn(
  ctx: Pick<WorkflowContext, 'vault' | 'env'>,
  input: { readonly baseUrl: string; readonly clientId: string; readonly mrnSystem: string; readonly redirectUri: string },
): Promise<SmartSignInProblem | null> {
  const [{ discoverSmartConfiguration, beginAuthorization }, { STANDALONE_SCOPES }] = await loadSmart();
  const baseUrl = trimmed(input.baseUrl);
  const config = await discoverSmartConfiguration(baseUrl, ctx.env.fetch);
  if (!config.ok) return { kind: 'smart', failure: config.error };
  const origin = new URL(config.value.tokenEndpoint).origin;
  if (![...ctx.env.fhirOrigins, ...(ctx.env.authOrigins ?? [])].includes(origin)) return { kind: 'origin-not-allowed', origin };
  const settings: FhirServerSettings = { baseUrl, mrnSystem: input.mrnSystem, auth: { kind: 'smart', clientId: input.clientId.trim(), tokenEndpoint: config.value.tokenEndpoint, sign: { state: 'signed-out' } } };
  const saved = await saveFhirServer(ctx.vault, settings);
  if (!saved.ok) return { kind: 'storage', error: saved.error };
  const failure = await beginAuthorization({ iss: baseUrl, clientId: input.clientId.trim(), scope: STANDALONE_SCOPES, redirectUri: input.redirectUri });
  return failure === null ? null : { kind: 'smart', failure };
}

/**
 * The EHR opened the app (`?iss&launch`): before any unlock (nothing secret is needed), sends the browser on to
 * the EHR's authorization endpoint with the client id set up in Settings. Only the EHR set up there may launch
 * the app (`other-ehr` otherwise), and only once IT chose the SMART sign-in (`not-configured`).
 */
export async function beginEhrLaunch(db: AppDatabase, input: { readonly iss: string; readonly launch: string; readonly redirectUri: string }): Promise<SmartSignInProblem | null> {
  const client = await readSmartClient(db);
  if (!client.ok) return { kind: 'storage', error: client.error };
  if (client.value === null) return { kind: 'not-configured' };
  if (trimmed(input.iss) !== trimmed(client.value.baseUrl)) return { kind: 'other-ehr', iss: input.iss };
  const [{ beginAuthorization }, { EHR_LAUNCH_SCOPES }] = await loadSmart();
  const failure = await beginAuthorization({ iss: client.value.baseUrl, clientId: client.value.clientId, launch: input.launch, scope: EHR_LAUNCH_SCOPES, redirectUri: input.redirectUri });
  return failure === null ? null : { kind: 'smart', failure };
}

/**
 * The return from the EHR (`?code&state`, before unlock): checks the state and exchanges the code (fhirclient,
 * with the PKCE verifier); what came is held in memory by the caller until a clinician unlocks (`finishSmartSignIn`).
 */
export async function completeSmartReturn(search: string, storage: Storage): Promise<Result<SmartLaunch, SmartSignInProblem>> {
  const [{ completeAuthorization }] = await loadSmart();
  const done = await completeAuthorization(search, storage);
  return done.ok ? done : err({ kind: 'smart', failure: done.error });
}

/**
 * Where an EHR launch leads: `none` (no patient in context), `found` (the local patient linked to the server's
 * Patient, or with the same MRN under the clinic's MRN system), `not-here` (none: offer to add one, the MRN filled
 * in when the server's Patient has one), `not-read` (the server's Patient could not be read).
 */
export type LaunchPatient =
  | { readonly kind: 'none' }
  | { readonly kind: 'found'; readonly patientId: string }
  | { readonly kind: 'not-here'; readonly mrn: string | null }
  | { readonly kind: 'not-read'; readonly failure: PullFailure };

/**
 * After the unlock that follows a return from the EHR: seals the session into the EHR connection (only for the
 * server set up in Settings), then finds the patient the EHR had in context. Returns `fhirUser` (who signed in,
 * e.g. `Practitioner/123`, when the EHR said) for attribution.
 */
export async function finishSmartSignIn(
  ctx: Pick<WorkflowContext, 'vault' | 'env'>,
  launch: SmartLaunch,
): Promise<Result<{ readonly fhirUser: string | null; readonly patient: LaunchPatient }, SmartSignInProblem>> {
  const current = await readFhirServer(ctx.vault);
  if (!current.ok) return err({ kind: 'storage', error: current.error });
  if (current.value === null) return err({ kind: 'not-configured' });
  if (trimmed(current.value.baseUrl) !== trimmed(launch.baseUrl)) return err({ kind: 'other-ehr', iss: launch.baseUrl });
  const server: FhirServerSettings = {
    ...current.value,
    auth: { kind: 'smart', clientId: launch.clientId, tokenEndpoint: launch.tokenEndpoint, sign: { state: 'signed-in', session: launch.session } },
  };
  const saved = await saveFhirServer(ctx.vault, server);
  if (!saved.ok) return err({ kind: 'storage', error: saved.error });
  const fhirUser = launch.session.fhirUser ?? null;
  if (launch.patient === null) return ok({ fhirUser, patient: { kind: 'none' } });
  return ok({ fhirUser, patient: await findLaunchPatient(ctx, server, launch.patient) });
}

/** The local patient for the server's Patient `id`: linked to it before, else by the MRN in its identifiers. */
async function findLaunchPatient(outer: Pick<WorkflowContext, 'vault' | 'env'>, server: FhirServerSettings, id: string): Promise<LaunchPatient> {
  const ctx = await withEhrSession(outer, server);
  const { readPatient } = await import('../export/fhir/pull-client.ts');
  const [read, patients] = await Promise.all([readPatient(server, id, ctx.env.fetch), listPatients(ctx.vault)]);
  if (!read.ok) return { kind: 'not-read', failure: read.error };
  const mrn = mrnOf(read.value, server.mrnSystem);
  if (!patients.ok) return { kind: 'not-here', mrn };
  for (const patient of patients.value) {
    const links = await readServerLinks(ctx.vault, patient.id);
    if (links.ok && links.value.some((l) => l.server === server.baseUrl && l.serverPatientId === id)) return { kind: 'found', patientId: patient.id };
  }
  const same = (p: Patient) => mrn !== null && p.mrn !== null && p.mrn.trim().toLowerCase() === mrn.trim().toLowerCase();
  const byMrn = patients.value.filter(same);
  // Two local patients with one MRN: never guess which (the clinician picks from the list, the MRN given).
  return byMrn.length === 1 && byMrn[0] ? { kind: 'found', patientId: byMrn[0].id } : { kind: 'not-here', mrn };
}

const mrnOf = (patient: FhirPatient, system: string): string | null =>
  system === '' ? null : ((patient.identifier ?? []).find((i) => i.system === system && typeof i.value === 'string' && i.value !== '')?.value ?? null);

/**
 * Who is signed in through the EHR (`fhirUser`, e.g. `Practitioner/123`), from the connection as read
 * (`readFhirServer`): null without a SMART sign-in, or when the EHR named nobody. For attribution.
 */
export const signedInFhirUser = (server: FhirServerSettings | null): string | null =>
  server?.auth.kind === 'smart' && server.auth.sign.state === 'signed-in' ? (server.auth.sign.session.fhirUser ?? null) : null;

/** Settings → "Sign out of the EHR": the sealed session is deleted; the client id and address stay. */
export async function signOutOfEhr(ctx: Pick<WorkflowContext, 'vault'>): Promise<Result<void, StorageError | { readonly code: 'not-smart' }>> {
  const current = await readFhirServer(ctx.vault);
  if (!current.ok) return current;
  const server = current.value;
  if (server?.auth.kind !== 'smart') return err({ code: 'not-smart' });
  return saveFhirServer(ctx.vault, { ...server, auth: { ...server.auth, sign: { state: 'signed-out' } } });
}
