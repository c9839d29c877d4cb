import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestFhirServer } from './fhir-server.ts';

/** One authorization code waiting for its exchange. */
type PendingCode = { readonly clientId: string; readonly redirectUri: string; readonly challenge: string; readonly scope: string; readonly patient: string | null };

export type SmartAuthServer = {
  /** `http://127.0.0.1:<port>`: the authorization server's origin (another port than the FHIR server's). */
  readonly origin: string;
  readonly clientId: string;
  /** The `fhirUser` claim of the id_token it issues. */
  readonly fhirUser: string;
  /** An EHR launch context: the `launch` value the EHR opens the app with, naming a patient in context. */
  newLaunch(patientId: string): string;
  /** When set, `/authorize` sends the browser back with this `state` instead of the one it got (an attacker's answer). */
  forgedState: string | null;
  /** The EHR ends every sign-in: each access and refresh token issued so far is refused from now on. */
  revokeAll(): void;
  /** Access tokens time out (refresh tokens stay good): the next FHIR request gets 401 and must refresh. */
  expireAccessTokens(): void;
  /** Every access and refresh token issued, in order (to look for them where they must not be). */
  readonly issued: string[];
  /** Every `/token` request: its grant type and whether it was granted. */
  readonly tokenRequests: { readonly grantType: string; readonly granted: boolean }[];
  close(): Promise<void>;
};

const base64Url = (bytes: Buffer) => bytes.toString('base64url');
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type, Accept, Authorization' };

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...CORS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A small SMART App Launch 2.x authorization server on 127.0.0.1 in front of a test FHIR server
 * (`startFhirServer`): the FHIR server serves its `.well-known/smart-configuration` and refuses (401) any request
 * without an access token this server issued and has not revoked. `/authorize` checks the client id, the audience
 * and an S256 code challenge and sends the browser back with a code and the state it was given (for an EHR launch
 * the `launch` names the patient in context); `/token` checks the PKCE verifier, client id and redirect URI, and
 * issues access and refresh tokens (and an id_token with `fhirUser`), or refreshes them (rotating the refresh token).
 */
export async function startSmartAuthServer(fhir: TestFhirServer, options: { readonly clientId?: string; readonly fhirUser?: string } = {}): Promise<SmartAuthServer> {
  const clientId = options.clientId ?? 'motivation-profile-test';
  const fhirUser = options.fhirUser ?? 'Practitioner/dr-lee';
  const codes = new Map<string, PendingCode>();
  const launches = new Map<string, string>();
  const access = new Map<string, { valid: boolean }>();
  const refresh = new Map<string, { valid: boolean; scope: string }>();
  const tokenRequests: SmartAuthServer['tokenRequests'] = [];
  const issued: string[] = [];
  const state = { forgedState: null as string | null };
  const token = () => base64Url(randomBytes(24));

  const issue = (scope: string, patient: string | null) => {
    const accessToken = token();
    const refreshToken = token();
    access.set(accessToken, { valid: true });
    refresh.set(refreshToken, { valid: true, scope });
    issued.push(accessToken, refreshToken);
    // An id_token as fhirclient reads it (the payload only; a real EHR signs it).
    const idToken = ['e30', Buffer.from(JSON.stringify({ fhirUser: `${fhir.baseUrl}/${fhirUser}`, sub: 'dr-lee' })).toString('base64'), 'unsigned'].join('.');
    return { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope, refresh_token: refreshToken, id_token: idToken, ...(patient ? { patient } : {}) };
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS);
        return res.end();
      }
      if (req.method === 'GET' && url.pathname === '/authorize') {
        const q = url.searchParams;
        const redirectUri = q.get('redirect_uri') ?? '';
        if (q.get('response_type') !== 'code' || q.get('client_id') !== clientId || q.get('aud') !== fhir.baseUrl || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
          return json(res, 400, { error: 'invalid_request', error_description: 'client id, audience or PKCE S256 challenge wrong' });
        }
        const launch = q.get('launch');
        const patient = launch === null ? null : (launches.get(launch) ?? null);
        if (launch !== null && patient === null) return json(res, 400, { error: 'invalid_request', error_description: 'unknown launch' });
        // An EHR launch must ask for the `launch` scope (SMART App Launch, "EHR launch"), or it gets no context.
        if (launch !== null && !(q.get('scope') ?? '').split(' ').includes('launch')) return json(res, 400, { error: 'invalid_scope', error_description: 'no launch scope' });
        const code = token();
        codes.set(code, { clientId, redirectUri, challenge: q.get('code_challenge') ?? '', scope: q.get('scope') ?? '', patient });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', state.forgedState ?? q.get('state') ?? '');
        res.writeHead(302, { Location: back.href });
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/token') {
        const form = await formOf(req);
        const grantType = form.get('grant_type') ?? '';
        const refuse = (description: string) => {
          tokenRequests.push({ grantType, granted: false });
          json(res, 400, { error: 'invalid_grant', error_description: description });
        };
        if (grantType === 'authorization_code') {
          const pending = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          if (!pending) return refuse('unknown or used code');
          const verifier = form.get('code_verifier') ?? '';
          if (base64Url(createHash('sha256').update(verifier).digest()) !== pending.challenge) return refuse('PKCE verifier does not match the challenge');
          if (form.get('client_id') !== pending.clientId || form.get('redirect_uri') !== pending.redirectUri) return refuse('client id or redirect URI differs');
          tokenRequests.push({ grantType, granted: true });
          return json(res, 200, issue(pending.scope, pending.patient));
        }
        if (grantType === 'refresh_token') {
          const held = refresh.get(form.get('refresh_token') ?? '');
          if (!held?.valid || form.get('client_id') !== clientId) return refuse('refresh token revoked or unknown');
          held.valid = false;
          tokenRequests.push({ grantType, granted: true });
          // A refresh gives new tokens, no new id_token (none is asked for).
          const renewed: Partial<ReturnType<typeof issue>> = issue(held.scope, null);
          delete renewed.id_token;
          return json(res, 200, renewed);
        }
        return refuse(`grant type ${grantType} not supported`);
      }
      return json(res, 404, { error: 'not_found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fhir.smart = {
    configuration: {
      authorization_endpoint: `${origin}/authorize`,
      token_endpoint: `${origin}/token`,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access'],
      capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'permission-offline', 'permission-v1', 'permission-v2', 'sso-openid-connect'],
    },
    accepts: (authorization) => {
      const presented = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      return presented !== undefined && access.get(presented)?.valid === true;
    },
  };
  return Object.assign(state, {
    origin,
    clientId,
    fhirUser,
    tokenRequests,
    issued,
    newLaunch(patientId: string) {
      const launch = token();
      launches.set(launch, patientId);
      return launch;
    },
    revokeAll() {
      for (const held of [...access.values(), ...refresh.values()]) held.valid = false;
    },
    expireAccessTokens() {
      for (const held of access.values()) held.valid = false;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  });
}
