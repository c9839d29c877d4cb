import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, setUpClinic, type AppSession } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

let session: AppSession | undefined;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  session = await openAppSession({ width: 1024, height: 768 });
  session.context.on('request', (request) => requested.push(request.url()));
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

async function unlock(): Promise<void> {
  await page.getByRole('heading', { name: 'Staff only', exact: true }).waitFor();
  await new TakeBack(page).unlock();
  await page.getByRole('button', { name: 'Lock' }).waitFor();
}

describe('offline: no network, then no server at all', () => {
  it('is controlled by its service worker on the very first visit', async () => {
    if (!session) throw new Error('no session');
    await setUpClinic(page, session.served.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  });

  it('records an assessment while online', async () => {
    const patients = new PatientsScreen(page);
    await patients.add({ code: 'P-030' });
    const patient = await patients.open('P-030');
    await patient.choose(/^AMI/);
    await page.getByLabel('I enter the answers (interview or informant)').check();
    await patient.start();
    const entering = new HandOver(page);
    await entering.startInstrument();
    await entering.answer('Quite true', 18);
    await entering.finish();
    await page.getByRole('heading', { name: 'Apathy–anhedonia profile', exact: true }).waitFor();
  });

  it('reloads with the network off and shows every main screen, charts included', async () => {
    await session?.context.setOffline(true);
    await page.reload();
    await unlock();
    const patients = new PatientsScreen(page);
    await patients.goTo();
    await patients.open('P-030');
    await page.getByRole('heading', { name: 'Apathy–anhedonia profile', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'AMI' }).innerText()).toContain('AMI total (mean, 0–4): 1');
    await page.getByRole('link', { name: 'Instruments' }).click();
    await page.getByRole('heading', { name: 'Instruments', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
  });

  it('opens with the web server gone entirely', async () => {
    await session?.context.setOffline(false);
    await session?.served.stop();
    await page.reload();
    await unlock();
    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await page.getByRole('link', { name: /P-030/ }).waitFor();
  });

  it('never sent a request to another origin', () => {
    const origins = new Set(requested.map((url) => new URL(url).origin));
    expect(origins.size).toBe(1);
    expect([...origins][0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
