import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type TestFhirServer } from '../../../tests/support/fhir-server.ts';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { startSmartAuthServer, type SmartAuthServer } from '../../../tests/support/smart-auth-server.ts';
import { freshVault } from '../../../tests/support/vault.ts';
import { readFhirServer, saveFhirServer, type FhirServerSettings } from '../../storage/settings-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { FhirServerPanel } from './fhir-server-panel.tsx';

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
afterEach(cleanup);

const show = (vault: Vault, authOrigins: readonly string[] = []) =>
  renderWithServices(<FhirServerPanel />, { vault, env: testEnvironment({ fhirOrigins: [new URL(fhir.baseUrl).origin], authOrigins, fetch }) });
const type = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const smart = (sign: Extract<FhirServerSettings['auth'], { kind: 'smart' }>['sign']): FhirServerSettings => ({
  baseUrl: fhir.baseUrl,
  mrnSystem: '',
  auth: { kind: 'smart', clientId: 'mp-test', tokenEndpoint: `${auth.origin}/token`, sign },
});

describe('Settings → EHR connection: sign-in through the EHR (SMART)', () => {
  it('explains each sign-in option to IT in a sentence, and asks for the client id with the address to register', async () => {
    show(await freshVault());
    expect(screen.getByText(/^Requests carry no credential/)).toBeTruthy();
    expect(screen.getByText(/^IT creates an access token on the server and pastes it here/)).toBeTruthy();
    expect(screen.getByText(/^The EHR signs the tablet in \(SMART App Launch 2, a public client with PKCE, no secret\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Sign in through the EHR (SMART)' }));
    expect((await screen.findByText(/as this app’s redirect address and launch address/)).textContent).toContain(window.location.origin);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in through the EHR' }));
    expect(await screen.findByText('Enter the client id the EHR gave this app.')).toBeTruthy();
  });

  it('refuses to sign in when this build may not reach the token endpoint, telling IT which MP_AUTH_ORIGINS to build with', async () => {
    const vault = await freshVault();
    show(vault);
    type(/server address/i, fhir.baseUrl);
    fireEvent.click(screen.getByRole('radio', { name: 'Sign in through the EHR (SMART)' }));
    type(/Client id registered/, auth.clientId);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in through the EHR' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      `The EHR’s sign-in server ${auth.origin} is not one this build may connect to. Ask IT to rebuild the app with MP_AUTH_ORIGINS="${auth.origin}" (README, “EHR connection”).`,
    );
    expect(await readFhirServer(vault)).toEqual({ ok: true, value: null });
  });

  it('says who is signed in, and "Sign out of the EHR" deletes the tokens', async () => {
    const vault = await freshVault();
    await saveFhirServer(vault, smart({ state: 'signed-in', session: { accessToken: 'at-1', refreshToken: 'rt-1', scope: 'openid', fhirUser: 'Practitioner/123' } }));
    show(vault, [auth.origin]);
    expect(await screen.findByText('Signed in through the EHR as Practitioner/123.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of the EHR' }));
    expect(await screen.findByText('Signed out: the EHR’s tokens were deleted from this tablet.')).toBeTruthy();
    expect(await readFhirServer(vault)).toEqual({ ok: true, value: smart({ state: 'signed-out' }) });
    expect(JSON.stringify(await vault.db.settings.toArray())).not.toContain('at-1');
  });

  it('says so when the EHR ended or revoked the sign-in', async () => {
    const vault = await freshVault();
    await saveFhirServer(vault, smart({ state: 'ended' }));
    show(vault, [auth.origin]);
    expect((await screen.findByRole('alert')).textContent).toBe('The EHR sign-in was ended or revoked — sign in again. Assessments waiting to be sent stay on this tablet.');
  });
});
