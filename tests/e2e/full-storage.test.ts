import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumEnv, resolveChromium, serveBuiltApp, setUpClinic, tapAnswer, type Served } from './harness.ts';
import { HandOver, leavingAsks } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

let served: Served | undefined;
let context: BrowserContext | undefined;
let page: Page;
let cdp: CDPSession;
let origin: string;
// A profile on disk, as on the tablet: an off-the-record context keeps IndexedDB in memory and checks no quota.
const profile = mkdtempSync(join(tmpdir(), 'mp-full-storage-'));

beforeAll(async () => {
  served = await serveBuiltApp();
  origin = new URL(served.url).origin;
  const choice = await resolveChromium();
  context = await chromium.launchPersistentContext(profile, { executablePath: choice.path, args: CHROMIUM_ARGS, env: await chromiumEnv(), viewport: { width: 768, height: 1024 } });
  page = context.pages()[0] ?? (await context.newPage());
  cdp = await context.newCDPSession(page);
});

afterAll(async () => {
  try {
    await context?.close();
    await served?.stop();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

/**
 * Fills what is left of the origin's quota with a database of its own, in ever smaller rows, until the browser
 * refuses even a small one; returns the refusal ("QuotaExceededError …").
 */
const fillStorage = () =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('filler');
      open.onupgradeneeded = () => open.result.createObjectStore('rows');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('filler did not open'));
    });
    const put = (key: number, size: number) =>
      new Promise<string | null>((resolve) => {
        const tx = db.transaction('rows', 'readwrite');
        tx.objectStore('rows').put(crypto.getRandomValues(new Uint8Array(size)), key);
        tx.oncomplete = () => resolve(null);
        tx.onabort = () => resolve(`${tx.error?.name ?? 'AbortError'} ${tx.error?.message ?? ''}`);
      });
    let key = 0;
    let refused = 'never refused';
    for (const size of [65_536, 8_192, 1_024, 256]) {
      for (let tries = 0; tries < 200; tries += 1) {
        const failed = await put((key += 1), size);
        if (failed) {
          refused = failed;
          break;
        }
      }
    }
    db.close();
    return refused;
  });

describe('full storage in patient mode: nothing lost, the patient reassured, staff told what to free', () => {
  it('keeps an answer the browser refuses to store, says so calmly, and stores it on Try again once there is room', async () => {
    if (!served) throw new Error('not served');
    // The origin's room, small enough to fill in a test: Chromium checks every IndexedDB commit against it.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 8_000_000 });
    await setUpClinic(page, served.url);
    const patients = new PatientsScreen(page);
    await patients.add({ code: 'FS-001' });
    const patient = await patients.open('FS-001');
    await patient.choose(/^PHQ-9/);
    await patient.start();
    const patientMode = new HandOver(page);
    await patientMode.begin();
    await patientMode.startInstrument();
    await tapAnswer(page, 'Not at all');
    await tapAnswer(page, 'Several days');
    await page.getByText('Question 3 of 9').waitFor();
    // The two answers reach storage (the write queue drains while the next item is already on screen; on a busy
    // tablet that takes a moment): then leaving no longer asks, and the disk is filled only after they are stored.
    await expect.poll(() => leavingAsks(page), { timeout: 10_000 }).toBe(false);

    // Another database of the origin takes the space that is left, as photos and downloads fill a tablet's disk.
    expect(await fillStorage()).toMatch(/^QuotaExceededError/);
    await tapAnswer(page, 'More than half the days');

    await page.getByText('Your answers are kept. Please give the tablet to a member of staff.').waitFor();
    expect(await page.getByText(/private browsing/).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Staff' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /reload/i }).count()).toBe(0);
    expect(await leavingAsks(page)).toBe(true);

    await page.getByText('For staff').click();
    await page.getByText(/The tablet’s storage is full/).waitFor();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/full-storage.png` });
    // Still full: Try again keeps the answer and the message.
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForTimeout(500);
    await page.getByText('Your answers are kept. Please give the tablet to a member of staff.').waitFor();
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await leavingAsks(page)).toBe(true);

    // Space freed: the same page, no reload, stores the answer and carries on at the next question.
    await page.evaluate(() => new Promise((resolve) => (indexedDB.deleteDatabase('filler').onsuccess = resolve)));
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Question 4 of 9').waitFor();
    await expect.poll(() => leavingAsks(page), { timeout: 10_000 }).toBe(false);
  });

  it('has every answer stored: a reload resumes after the third, and staff read each answer as given', async () => {
    await page.reload();
    const patientMode = new HandOver(page);
    await page.getByText('Question 4 of 9').waitFor();
    // Patient mode holds no key: after the reload it knows the first three were answered, not how.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByText('Question 3 of 9').waitFor();
    expect(await page.getByText(/You answered this question before/).count()).toBe(1);
    expect(await page.getByRole('radio', { checked: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Question 4 of 9').waitFor();

    // Staff take the tablet back (the answers opened with the passphrase) and hand it over again: every answer shows.
    await new TakeBack(page).takeBack();
    await page.getByRole('button', { name: 'Hand tablet to patient' }).click();
    await patientMode.begin();
    await page.getByText('Question 4 of 9').waitFor();
    const given = ['More than half the days', 'Several days', 'Not at all'];
    for (const [n, label] of given.entries()) {
      await page.getByRole('button', { name: 'Back' }).click();
      await page.getByText(`Question ${3 - n} of 9`).waitFor();
      expect(await page.getByRole('radio', { name: label }).isChecked()).toBe(true);
    }
  });
});
