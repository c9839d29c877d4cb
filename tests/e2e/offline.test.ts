import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, PASSPHRASE, serveBuiltApp, setUpClinic, type Served } from './harness.ts';

let served: Served | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  served = await serveBuiltApp();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  context.on('request', (request) => requested.push(request.url()));
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function unlock(): Promise<void> {
  await page.getByRole('heading', { name: 'Staff only', exact: true }).waitFor();
  await page.getByLabel('Clinic passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'Lock' }).waitFor();
}

describe('offline: no network, then no server at all', () => {
  it('is controlled by its service worker on the very first visit', async () => {
    if (!served) throw new Error('no server');
    await setUpClinic(page, served.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  });

  it('records an assessment while online', async () => {
    await page.getByLabel('Patient code (pseudonym)').fill('P-030');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page.getByRole('link', { name: /P-030/ }).click();
    await page.getByLabel('Choose instruments').check();
    await page.getByRole('checkbox', { name: /^AMI/ }).check();
    await page.getByLabel('I enter the answers (interview or informant)').check();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    for (let i = 0; i < 18; i += 1) await page.getByText('Quite true', { exact: true }).click();
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { name: 'Apathy–anhedonia profile', exact: true }).waitFor();
  });

  it('reloads with the network off and shows every main screen, charts included', async () => {
    await context.setOffline(true);
    await page.reload();
    await unlock();
    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await page.getByRole('link', { name: /P-030/ }).click();
    await page.getByRole('heading', { name: 'Apathy–anhedonia profile', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'AMI' }).innerText()).toContain('AMI total (mean, 0–4): 1');
    await page.getByRole('link', { name: 'Instruments' }).click();
    await page.getByRole('heading', { name: 'Instruments', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
  });

  it('opens with the web server gone entirely', async () => {
    await context.setOffline(false);
    await served?.stop();
    served = undefined;
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
