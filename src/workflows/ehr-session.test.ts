import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { startFhirServer, TEST_CLINIC_CODE_SYSTEM, type TestFhirServer } from '../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { startSmartAuthServer, type SmartAuthServer } from '../../tests/support/smart-auth-server.ts';
import { freshVault } from '../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment } from '../domain/assessment.ts';
import type { SmartSession } from '../domain/ehr-push.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { outboxStateFor } from '../storage/outbox-repository.ts';
import { readFhirServer, saveFhirServer, savePatientCodeSystem, type FhirServerSettings } from '../storage/settings-repository.ts';
import { fetchEarlierVisits } from './fetch-earlier-visits.ts';
import { sendToEhr } from './send-to-ehr.ts';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const visit = (id: string) =>
  completeAssessment(
    phq9.definition.items.reduce(
      (a, item) => recordAnswer(a, phq9.definition, item.id, { code: item.id === 'phq-9-difficulty' ? 'somewhat-difficult' : 'not-at-all', answeredAt: '2026-03-01T09:01:00.000Z', durationMs: 3000 }),
      startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: '2026-03-01T09:00:00.000Z' }),
    ),
    [phq9.definition],
    () => ({}),
    '2026-03-01T09:05:00.000Z',
  );
const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';
const subject = { patientCode: 'S-001', mrn: { system: MRN_SYSTEM, value: 'MRN-77' } };

let fhir: TestFhirServer;
let auth: SmartAuthServer;
beforeAll(async () => {
  fhir = await startFhirServer();
  auth = await startSmartAuthServer(fhir);
});
afterAll(async () => {
  await auth.close();
  await fhir.close();
});

/** A standalone launch as a browser makes it, by hand: authorize with an S256 challenge, then the code for tokens. */
async function signIn(): Promise<SmartSession> {
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = 'http://127.0.0.1:9/';
  const authorize = new URL(`${auth.origin}/authorize`);
  const query = { response_type: 'code', client_id: auth.clientId, redirect_uri: redirectUri, aud: fhir.baseUrl, state: 's1', scope: 'openid fhirUser offline_access', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' };
  for (const [k, v] of Object.entries(query)) authorize.searchParams.set(k, v);
  const redirected = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirected.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: auth.clientId, code_verifier: verifier });
  const token = (await (await fetch(`${auth.origin}/token`, { method: 'POST', body })).json()) as { access_token: string; refresh_token: string; scope: string };
  return { accessToken: token.access_token, refreshToken: token.refresh_token, scope: token.scope };
}

async function clinic() {
  const vault = await freshVault();
  const env = testEnvironment({ fetch, newId: () => crypto.randomUUID() });
  await savePatientCodeSystem(vault.db, TEST_CLINIC_CODE_SYSTEM);
  const server: FhirServerSettings = {
    baseUrl: fhir.baseUrl,
    mrnSystem: MRN_SYSTEM,
    auth: { kind: 'smart', clientId: auth.clientId, tokenEndpoint: `${auth.origin}/token`, sign: { state: 'signed-in', session: await signIn() } },
  };
  await saveFhirServer(vault, server);
  return { vault, ctx: { vault, env, catalogue }, server };
}

const stored = async (vault: Awaited<ReturnType<typeof clinic>>['vault']) => {
  const read = await readFhirServer(vault);
  return read.ok && read.value?.auth.kind === 'smart' ? read.value.auth.sign : null;
};

describe('sending and fetching under a SMART sign-in', () => {
  it('sends with the access token, refreshes once after a 401 and seals the new session', async () => {
    const { vault, ctx, server } = await clinic();
    expect(await sendToEhr(ctx, { assessment: visit('a1'), subject, server, resend: false })).toEqual({ kind: 'sent' });
    const before = await stored(vault);
    auth.expireAccessTokens();
    const refreshes = auth.tokenRequests.filter((r) => r.grantType === 'refresh_token').length;
    expect(await sendToEhr(ctx, { assessment: visit('a2'), subject, server, resend: false })).toEqual({ kind: 'sent' });
    expect(auth.tokenRequests.filter((r) => r.grantType === 'refresh_token' && r.granted)).toHaveLength(refreshes + 1);
    const after = await stored(vault);
    expect(after?.state).toBe('signed-in');
    expect(after?.state === 'signed-in' && before?.state === 'signed-in' && after.session.accessToken !== before.session.accessToken).toBe(true);
  });

  it('stops with "sign-in ended" once the EHR revokes it, keeps the export queued, and the settings say ended', async () => {
    const { vault, ctx, server } = await clinic();
    auth.revokeAll();
    const sent = await sendToEhr(ctx, { assessment: visit('a3'), subject, server, resend: false });
    expect(sent).toMatchObject({ kind: 'not-checked', failure: { code: 'sign-in-ended', status: 401 } });
    expect(await stored(vault)).toEqual({ state: 'ended' });
    expect(JSON.stringify(await vault.db.settings.toArray())).not.toContain('sealedSession');
    const fetched = await fetchEarlierVisits(ctx, { patient: { id: asPatientId('p1'), code: 'S-001', displayName: null, birthYear: null, sex: null, mrn: 'MRN-77', createdAt: '', updatedAt: '' }, server });
    expect(fetched).toMatchObject({ kind: 'failed', failure: { code: 'sign-in-ended' } });
  });

  it('keeps an export in the outbox when the sign-in ends in the middle of a send', async () => {
    const { vault, ctx, server } = await clinic();
    // Linked first (the link check then trusts it), so the push itself meets the revoked token.
    expect(await sendToEhr(ctx, { assessment: visit('a4'), subject, server, resend: false })).toEqual({ kind: 'sent' });
    auth.revokeAll();
    const refused = await sendToEhr(ctx, { assessment: visit('a5'), subject, server, resend: false });
    expect(refused).toMatchObject({ kind: 'refused', failure: { code: 'sign-in-ended' } });
    const state = await outboxStateFor(vault, ['a5']);
    expect(state.ok && state.value.get('a5')?.state).toBe('failed');
  });
});
