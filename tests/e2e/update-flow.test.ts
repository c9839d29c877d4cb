import { cpSync, existsSync, mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, setUpClinic } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

/**
 * A new version arrives while a patient is answering. The built app is copied to a folder served by a plain
 * static server, so the test can publish "version 2" (a changed service worker) mid-assessment.
 */
const site = mkdtempSync(join(tmpdir(), 'mp-site-'));
let server: Server | undefined;
let url = '';
let browser: Browser | undefined;
let page: Page;
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png' };

beforeAll(async () => {
  cpSync(join(import.meta.dirname, '..', '..', 'dist'), site, { recursive: true });
  const http = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(site, path === '/' ? 'index.html' : path);
    const found = existsSync(file) ? file : join(site, 'index.html');
    response.writeHead(200, { 'content-type': types[extname(found)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    response.end(readFileSync(found));
  });
  server = http;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
});

afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    if (server) await new Promise((resolve) => server?.close(resolve));
  }
});

describe('an update published during an assessment', () => {
  it('waits without reloading while the patient answers, then is offered to staff and applied', async () => {
    await setUpClinic(page, url);
    const patients = new PatientsScreen(page);
    await patients.add({ code: 'U-1' });
    const patient = await patients.open('U-1');
    await patient.choose(/^SHAPS/);
    await patient.start();
    const patientMode = new HandOver(page);
    await patientMode.begin();
    await patientMode.startInstrument();
    await patientMode.answer('Agree', 3);
    await page.getByText('Question 4 of 14').waitFor();
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    // Version 2 is published: the service worker script changes by one byte.
    appendFileSync(join(site, 'sw.js'), '\n// version 2\n');
    const waiting = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
      for (let i = 0; i < 100 && !registration?.waiting; i += 1) await new Promise((r) => setTimeout(r, 100));
      return registration?.waiting !== null && registration?.waiting !== undefined;
    });
    expect(waiting).toBe(true);

    // The patient carries on in the same document, with no update offered to them.
    await patientMode.answer('Disagree');
    await page.getByText('Question 5 of 14').waitFor();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.getByRole('button', { name: 'Update now' }).count()).toBe(0);

    // Staff take the tablet back: outside the assessment, the update is offered.
    await new TakeBack(page).takeBack();
    await page.getByRole('heading', { name: /U-1/ }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.getByRole('button', { name: 'Update now' }).click();

    // The new version takes over with one reload; the four answers are still there.
    await page.waitForFunction(() => !(window as unknown as { sameDocument?: boolean }).sameDocument);
    await new TakeBack(page).unlock();
    await page.getByRole('heading', { name: /U-1/ }).waitFor();
    await page.getByText(/4 of 14/).first().waitFor();
    const activeScript = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL ?? '');
    expect(activeScript).toContain('sw.js');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
  });
});
