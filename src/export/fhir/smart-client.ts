import type { SmartSession } from '../../domain/ehr-push.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/**
 * SMART App Launch 2.x (https://hl7.org/fhir/smart-app-launch/app-launch.html) through `fhirclient`: discovery,
 * the authorization redirect with PKCE (S256) and state, the code exchange, and the refresh of an access token.
 * Like `push-client.ts` it does I/O and stores nothing: the session goes to the caller (sealed by storage).
 * `fhirclient` is imported only inside `beginAuthorization` and `completeAuthorization`, so it is a chunk of its
 * own, loaded on a launch or a return from the EHR, never on the start page.
 */

/** Why a SMART step failed: `network`, `not-smart` (no usable smart-configuration), `wrong-state` (a return whose
 * `state` is not the one this tab sent), `refused` (the EHR's error, or a refused code or refresh). */
export type SmartFailureCode = 'network' | 'not-smart' | 'wrong-state' | 'refused';
export type SmartFailure = { readonly code: SmartFailureCode; readonly message: string };

/** What `<base>/.well-known/smart-configuration` says that the app uses. */
export type SmartConfiguration = { readonly authorizationEndpoint: string; readonly tokenEndpoint: string; readonly pkceS256: boolean };

/** A completed launch: the EHR's base URL, the client id, its token endpoint, the session, and a patient in context. */
export type SmartLaunch = {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly tokenEndpoint: string;
  readonly session: SmartSession;
  /** The server's Patient id when the EHR launched with a patient in context (`patient` in the token response). */
  readonly patient: string | null;
};

const failure = (code: SmartFailureCode, message: string): SmartFailure => ({ code, message });
const text = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Reads `<base>/.well-known/smart-configuration` (SMART 2.x discovery); S256 must be offered (PKCE required). */
export async function discoverSmartConfiguration(baseUrl: string, fetchFn: typeof fetch): Promise<Result<SmartConfiguration, SmartFailure>> {
  const url = `${baseUrl.replace(/\/+$/, '')}/.well-known/smart-configuration`;
  let body: unknown;
  try {
    const response = await fetchFn(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) return err(failure('not-smart', `${url}: HTTP ${String(response.status)}`));
    body = await response.json();
  } catch (error) {
    return err(failure('network', `${url}: ${text(error)}`));
  }
  const config = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { authorization_endpoint: authorizationEndpoint, token_endpoint: tokenEndpoint, code_challenge_methods_supported: methods } = config;
  if (!isText(authorizationEndpoint) || !isText(tokenEndpoint) || !URL.canParse(tokenEndpoint)) return err(failure('not-smart', `${url} names no authorization and token endpoints`));
  return ok({ authorizationEndpoint, tokenEndpoint, pkceS256: Array.isArray(methods) && methods.includes('S256') });
}

/**
 * Sends the browser to the EHR's authorization endpoint (fhirclient: discovery, PKCE S256 required, a random
 * `state`); with `launch` for an EHR launch. fhirclient keeps the PKCE verifier and the state in sessionStorage
 * until the return: that is all that crosses the redirect, and no token is in it yet. Resolves with null once
 * the browser is leaving for the EHR, else with why not.
 */
export async function beginAuthorization(input: { readonly iss: string; readonly clientId: string; readonly scope: string; readonly redirectUri: string; readonly launch?: string }): Promise<SmartFailure | null> {
  try {
    const { default: FHIR } = await import('fhirclient');
    await FHIR.oauth2.authorize({
      iss: input.iss,
      clientId: input.clientId,
      scope: input.scope,
      redirectUri: input.redirectUri,
      pkceMode: 'required',
      ...(input.launch === undefined ? {} : { launch: input.launch }),
    });
    return null;
  } catch (error) {
    return failure('not-smart', text(error));
  }
}

/** fhirclient's well-known sessionStorage key naming the state of the launch in progress. */
const SMART_KEY = 'SMART_KEY';

/**
 * Completes a return from the EHR (`?code&state`, or `?error`): refuses a `state` that is not the one this tab
 * sent (checked here before any code is exchanged), lets fhirclient exchange the code (with the PKCE verifier),
 * then removes everything fhirclient stored in sessionStorage (the token response included), so no token rests
 * where the browser keeps it. `storage` is the tab's sessionStorage.
 */
export async function completeAuthorization(search: string, storage: Storage): Promise<Result<SmartLaunch, SmartFailure>> {
  const params = new URLSearchParams(search);
  const returned = params.get('state');
  const sent = readJson(storage.getItem(SMART_KEY));
  try {
    const error = params.get('error');
    if (error !== null) return err(failure('refused', [error, params.get('error_description')].filter(isText).join(': ')));
    if (!isText(sent) || returned !== sent) return err(failure('wrong-state', 'The answer from the EHR does not belong to a sign-in started on this tablet'));
    const { default: FHIR } = await import('fhirclient');
    const client = await FHIR.oauth2.ready();
    const { state } = client;
    const token = state.tokenResponse ?? {};
    if (!isText(token.access_token) || !isText(state.tokenUri) || !isText(state.clientId)) return err(failure('refused', 'The EHR gave no access token'));
    const fhirUser = client.getFhirUser() ?? (isText(token['fhirUser']) ? token['fhirUser'] : null);
    return ok({
      baseUrl: state.serverUrl.replace(/\/+$/, ''),
      clientId: state.clientId,
      tokenEndpoint: state.tokenUri,
      session: { accessToken: token.access_token, refreshToken: isText(token.refresh_token) ? token.refresh_token : null, scope: token.scope ?? '', ...(fhirUser ? { fhirUser } : {}) },
      patient: isText(token.patient) ? token.patient : null,
    });
  } catch (error) {
    return err(failure('refused', text(error)));
  } finally {
    if (isText(sent)) storage.removeItem(sent);
    storage.removeItem(SMART_KEY);
  }
}

function readJson(value: string | null): unknown {
  try {
    return value === null ? null : (JSON.parse(value) as unknown);
  } catch {
    // Not fhirclient's: no launch of ours is in progress.
    return null;
  }
}

/**
 * Refreshes an access token (`grant_type=refresh_token`, a public client: `client_id`, no secret;
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#step-7-app-uses-a-refresh-token-to-obtain-a-new-access-token).
 * The EHR may rotate the refresh token; when it gives none the old one is kept.
 */
export async function refreshSession(input: { readonly tokenEndpoint: string; readonly clientId: string; readonly session: SmartSession }, fetchFn: typeof fetch): Promise<Result<SmartSession, SmartFailure>> {
  const { refreshToken } = input.session;
  if (refreshToken === null) return err(failure('refused', 'The EHR gave no refresh token'));
  let body: Record<string, unknown>;
  try {
    const response = await fetchFn(input.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: input.clientId }).toString(),
    });
    if (!response.ok) return err(failure('refused', `${input.tokenEndpoint}: HTTP ${String(response.status)}`));
    body = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    return err(failure('network', `${input.tokenEndpoint}: ${text(error)}`));
  }
  if (!isText(body.access_token)) return err(failure('refused', 'The EHR gave no access token'));
  return ok({
    ...input.session,
    accessToken: body.access_token,
    refreshToken: isText(body.refresh_token) ? body.refresh_token : refreshToken,
    scope: isText(body.scope) ? body.scope : input.session.scope,
  });
}
