import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type TestFhirServer } from '../../../tests/support/fhir-server.ts';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { readFhirServer, saveFhirServer } from '../../storage/settings-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { FhirServerPanel } from './fhir-server-panel.tsx';

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: 'from-it' });
});
afterAll(() => server.close());
afterEach(cleanup);

const origin = () => new URL(server.baseUrl).origin;
const show = (vault: Vault, fhirOrigins: readonly string[]) => renderWithServices(<FhirServerPanel />, { vault, env: testEnvironment({ fhirOrigins, fetch }) });
const type = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('FhirServerPanel (real Dexie, real FHIR server on 127.0.0.1)', () => {
  it('refuses a server this build may not connect to, telling IT which MP_FHIR_ORIGINS to build with', async () => {
    show(await freshVault(), ['https://ehr.example.org']);
    type(/server address/i, 'https://other.example.org/fhir');
    fireEvent.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(await screen.findByText(/may connect only to: https:\/\/ehr\.example\.org\. Ask IT to rebuild it with MP_FHIR_ORIGINS="https:\/\/ehr\.example\.org https:\/\/other\.example\.org"/)).toBeTruthy();
    type(/server address/i, 'http://ehr.example.org/fhir');
    fireEvent.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(await screen.findByText(/must start with https:\/\//)).toBeTruthy();
  });

  it('saves the address, token and MRN system (token sealed) and shows them again', async () => {
    const vault = await freshVault();
    show(vault, [origin()]);
    type(/server address/i, `${server.baseUrl}/`);
    fireEvent.click(screen.getByRole('radio', { name: /Access token \(Bearer\)/ }));
    type(/^Access token(?! \()/, 'from-it');
    type(/Identifier system/, 'not a uri');
    fireEvent.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(await screen.findByText(/Enter a URI/)).toBeTruthy();
    type(/Identifier system/, 'urn:oid:2.16.840.1.113883.19.5');
    fireEvent.click(screen.getByRole('button', { name: 'Save connection' }));
    expect(await screen.findByText('Connection saved.')).toBeTruthy();
    expect(await readFhirServer(vault)).toEqual({
      ok: true,
      value: { baseUrl: server.baseUrl, auth: { kind: 'bearer', token: 'from-it' }, mrnSystem: 'urn:oid:2.16.840.1.113883.19.5' },
    });
    expect(JSON.stringify(await vault.db.settings.toArray())).not.toContain('from-it');

    cleanup();
    show(vault, [origin()]);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>(/server address/i).value).toBe(server.baseUrl));
    expect(screen.getByLabelText<HTMLInputElement>(/^Access token(?! \()/).value).toBe('from-it');
  });

  it('tests the connection by reading the CapabilityStatement, and shows the server refusal', async () => {
    const vault = await freshVault();
    await saveFhirServer(vault, { baseUrl: server.baseUrl, auth: { kind: 'bearer', token: 'from-it' }, mrnSystem: '' });
    show(vault, [origin()]);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>(/server address/i).value).toBe(server.baseUrl));
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText(/Connected: FHIR version 4\.0\.1/)).toBeTruthy();

    server.transactions = false;
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText(/takes no transactions, so the app sends each resource on its own/)).toBeTruthy();
    server.transactions = true;

    type(/^Access token(?! \()/, 'expired');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The server answered with error 401: error login: Missing or wrong bearer token');
  });
});
