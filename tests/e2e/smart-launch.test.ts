import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type TestFhirServer } from '../support/fhir-server.ts';
import { startSmartAuthServer, type SmartAuthServer } from '../support/smart-auth-server.ts';
import { buildApp, dumpIndexedDb, launchChromium, serveBuiltApp, setUpClinic, type Served } from './harness.ts';
import { enterPhq9, fetchEarlierVisits, sendVisitToEhr } from './pages/clinic-record.ts';
import { PatientsScreen } from './pages/patients.ts';
import { SettingsScreen } from './pages/settings.ts';
import { TakeBack } from './pages/take-back.ts';

/**
 * Issue 19, sign-in through the EHR (SMART App Launch 2.x), from the clinic's side: the clinic's FHIR server
 * (Medplum's FhirRouter on 127.0.0.1) behind a small authorization server on another port, which issues tokens only
 * for the registered client id and a matching PKCE verifier, and which can revoke them. The app reaches both only
 * if the build allows their origins (MP_FHIR_ORIGINS, MP_AUTH_ORIGINS), so this file builds the app for them.
 */

const MRN_SYSTEM = 'http://hospital.example/mrn';
const DAY = 'Mar 2, 2026';

let fhir: TestFhirServer | undefined;
let auth: SmartAuthServer | undefined;
let outDir: string | undefined;
let served: Served | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  fhir = await startFhirServer();
  auth = await startSmartAuthServer(fhir);
  outDir = await mkdtemp(join(tmpdir(), 'mp-smart-'));
  await buildApp(outDir, [new URL(fhir.baseUrl).origin], [auth.origin]);
  served = await serveBuiltApp(outDir);
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  await page.clock.install({ time: new Date('2026-03-02T09:00:00Z') });
}, 180_000);

afterAll(async () => {
  const steps = [() => browser?.close(), () => served?.stop(), () => auth?.close(), () => fhir?.close(), () => (outDir ? rm(outDir, { recursive: true, force: true }) : undefined)];
  const failures: unknown[] = [];
  for (const step of steps) await Promise.resolve(step()).catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
});

const need = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error('set up in beforeAll');
  return value;
};

/** Back from the EHR the page has reloaded: locked, as after any reload; the clinician unlocks. */
async function unlockAfterReturn(): Promise<void> {
  await page.getByRole('heading', { name: 'Staff only', exact: true }).waitFor();
  expect(new URL(page.url()).search).toBe('');
  await new TakeBack(page).unlock();
  await page.getByRole('button', { name: 'Lock' }).waitFor();
}

/** Everything the browser keeps for the origin (session and local storage, IndexedDB) as one string. */
async function browserStores(): Promise<string> {
  const web = await page.evaluate(() => {
    const all = (storage: Storage) => Array.from({ length: storage.length }, (_, n) => storage.key(n) ?? '').map((key) => [key, storage.getItem(key)]);
    return JSON.stringify({ session: all(sessionStorage), local: all(localStorage) });
  });
  return web + (await dumpIndexedDb(page));
}

const bearersSent = () => new Set(need(fhir).requests.flatMap((r) => (r.authorization ? [r.authorization.replace(/^Bearer /, '')] : [])));

describe('sign-in through the EHR (SMART App Launch)', () => {
  it('signs in from Settings (standalone launch), then sends and fetches with the token, which rests nowhere unsealed', async () => {
    const [server, authServer] = [need(fhir), need(auth)];
    await setUpClinic(page, need(served).url);
    const settings = new SettingsScreen(page);
    await settings.goTo();
    await settings.signInThroughEhr(server.baseUrl, authServer.clientId, MRN_SYSTEM);
    await unlockAfterReturn();
    await page.getByText('Signed in through the EHR.', { exact: true }).waitFor();
    expect(authServer.tokenRequests).toEqual([{ grantType: 'authorization_code', granted: true }]);
    await settings.goTo();
    expect(await settings.smartSignInState()).toBe('Signed in through the EHR as Practitioner/dr-lee.');

    const patients = new PatientsScreen(page);
    await patients.goTo();
    await patients.add({ code: 'S-101', mrn: 'MRN-101' });
    await (await patients.open('S-101')).shows('S-101');
    await enterPhq9(page, 'S-101', [1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(await sendVisitToEhr(page, DAY)).toBe('Sent to the EHR.');
    expect(await fetchEarlierVisits(page)).toMatch(/^New visits from the EHR: 0\. Already on this tablet: 1\./);
    const pulls = server.requests.filter((r) => r.method === 'GET' && r.url.includes('/QuestionnaireResponse?'));
    expect(pulls.length).toBeGreaterThan(0);
    // Every request carried a token the EHR issued; none of them is anywhere the browser keeps data in the clear.
    const [accessToken] = authServer.issued;
    expect([...bearersSent()]).toEqual([accessToken]);
    const stores = await browserStores();
    expect(authServer.issued.filter((token) => stores.includes(token))).toEqual([]);
  }, 120_000);

  it('opens the patient the EHR has in context (EHR launch) after the unlock, no MRN typed', async () => {
    const [server, authServer] = [need(fhir), need(auth)];
    const onServer = await server.repo.createResource({ resourceType: 'Patient', identifier: [{ system: MRN_SYSTEM, value: 'MRN-5150' }] });
    const patients = new PatientsScreen(page);
    await patients.goTo();
    await patients.add({ code: 'E-5150', mrn: 'MRN-5150' });
    await page.goto(`${need(served).url}?iss=${encodeURIComponent(server.baseUrl)}&launch=${authServer.newLaunch(onServer.id)}`);
    await unlockAfterReturn();
    await page.getByRole('heading', { name: 'Patient E-5150', exact: true }).waitFor();
    await page.getByText('Signed in through the EHR.', { exact: true }).waitFor();
  }, 120_000);

  it('offers to add the EHR’s patient with its MRN filled in when the tablet does not have them', async () => {
    const [server, authServer] = [need(fhir), need(auth)];
    const onServer = await server.repo.createResource({ resourceType: 'Patient', identifier: [{ system: MRN_SYSTEM, value: 'MRN-6060' }] });
    await page.goto(`${need(served).url}?iss=${encodeURIComponent(server.baseUrl)}&launch=${authServer.newLaunch(onServer.id)}`);
    await unlockAfterReturn();
    await page.getByText('The patient open in the EHR (MRN MRN-6060) is not on this tablet yet.').waitFor();
    await page.getByRole('link', { name: 'Add this patient' }).click();
    // The tablet's patients screen (its form empty) may still be showing for a moment before the link's route opens.
    await expect.poll(() => page.getByLabel('Medical record number (optional)').inputValue()).toBe('MRN-6060');
  }, 120_000);

  it('stops sending and fetching once the EHR revokes the sign-in, and keeps the visit queued', async () => {
    const authServer = need(auth);
    const patients = new PatientsScreen(page);
    await patients.goTo();
    await (await patients.open('S-101')).shows('S-101');
    authServer.revokeAll();
    await page.clock.setSystemTime(new Date('2026-03-03T09:00:00Z'));
    await enterPhq9(page, 'S-101', [2, 2, 2, 2, 1, 1, 1, 1, 0]);
    expect(await sendVisitToEhr(page, 'Mar 3, 2026')).toMatch(/The EHR sign-in was ended or revoked — sign in again/);
    expect(await fetchEarlierVisits(page)).toMatch(/^The visits could not be fetched: The EHR sign-in was ended or revoked — sign in again/);
    // One refresh was tried, and refused.
    expect(authServer.tokenRequests.at(-1)).toEqual({ grantType: 'refresh_token', granted: false });
    const outbox = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const open = indexedDB.open('motivation-profile');
          open.onsuccess = () => {
            const request = open.result.transaction('outbox').objectStore('outbox').getAll();
            request.onsuccess = () => resolve((request.result as { state: string }[]).map((row) => row.state).sort());
          };
        }),
    );
    expect(outbox).toEqual(['failed', 'sent']);
    const settings = new SettingsScreen(page);
    await settings.goTo();
    expect(await settings.smartSignInState()).toBe('The EHR sign-in was ended or revoked — sign in again. Assessments waiting to be sent stay on this tablet.');
  }, 120_000);

  it('refuses an answer from the EHR whose state is not the one this tablet sent', async () => {
    const [server, authServer] = [need(fhir), need(auth)];
    authServer.forgedState = 'a-state-this-tablet-never-sent';
    const exchanges = authServer.tokenRequests.length;
    const settings = new SettingsScreen(page);
    await settings.signInThroughEhr(server.baseUrl, authServer.clientId, MRN_SYSTEM);
    await unlockAfterReturn();
    await page.getByText(/^The sign-in was refused: the answer from the EHR does not belong to a sign-in started on this tablet \(wrong state\)/).waitFor();
    expect(authServer.tokenRequests).toHaveLength(exchanges);
    await settings.goTo();
    expect(await settings.smartSignInState()).toMatch(/^Not signed in/);
    authServer.forgedState = null;
  }, 120_000);
});
