import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '..', '..');

/** Debian's Chromium, never a downloaded browser; CHROMIUM_PATH overrides for other machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless, without sandbox, GPU, background traffic or first-run screens; for the tests and the benchmarks alike. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type Served = { readonly url: string; readonly stop: () => Promise<void> };

/** Serves the built app (dist/, made by `npm test`'s pretest build) with `vite preview` on a free port. */
export async function serveBuiltApp(): Promise<Served> {
  if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  const port = await freePort();
  const child = spawn(join(root, 'node_modules', '.bin', 'vite'), ['preview', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  await waitForOutput(child, `:${port}`);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

export type AppSession = {
  readonly served: Served;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly close: () => Promise<void>;
};

/** The built app served on a free port and a fresh browser context (empty IndexedDB) with one page, not yet opened. */
export async function openAppSession(viewport = { width: 768, height: 1024 }): Promise<AppSession> {
  const served = await serveBuiltApp();
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return {
    served,
    browser,
    context,
    page,
    close: async () => {
      await browser.close();
      await served.stop();
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A TCP port free on 127.0.0.1 just now (the OS picks it; closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForOutput(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`vite preview did not start: ${seen}`)), 20_000);
    const onData = (chunk: Buffer) => {
      // Strip terminal colour codes: they can split the port number in vite's banner.
      seen += stripVTControlCharacters(chunk.toString('utf8'));
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`vite preview exited with ${code}: ${seen}`)));
  });
}

export const PASSPHRASE = 'clinic-passphrase-1';

/** First run in a fresh browser context: set the clinic passphrase, which leaves the app in clinician mode. */
/** Sets up a fresh tablet with PASSPHRASE; returns the recovery code shown once. */
export async function setUpClinic(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.getByLabel('Clinic passphrase (at least 6 characters)').fill(PASSPHRASE);
  await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Save passphrase' }).click();
  await page.getByRole('heading', { name: 'Your recovery code' }).waitFor();
  const code = await page.locator('.recovery-code code').innerText();
  await page.getByRole('button', { name: 'I have written it down' }).click();
  await page.getByRole('heading', { name: 'Patients', level: 2 }).waitFor();
  return code;
}

/**
 * Taps an answer as a patient would: not within the app's double-tap guard (350 ms) of the item appearing,
 * which the app ignores on purpose.
 */
export async function tapAnswer(page: Page, label: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.getByText(label, { exact: true }).click();
}

/**
 * Everything in the app's IndexedDB as one string, binary fields decoded byte-for-byte, so a test can look for
 * plaintext anywhere (`except` leaves out settings keys that change on their own, e.g. the failure counter).
 */
export async function dumpIndexedDb(page: Page, except: readonly string[] = []): Promise<string> {
  return page.evaluate(async (skip) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('motivation-profile');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error(request.error?.message ?? 'indexedDB.open failed'));
    });
    const out: Record<string, unknown[]> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      out[name] = await new Promise<unknown[]>((resolve) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
      });
    }
    db.close();
    out['settings'] = (out['settings'] ?? []).filter((row) => !skip.includes((row as { key: string }).key));
    const latin1 = new TextDecoder('latin1');
    return JSON.stringify(out, (_key, value: unknown) => (value instanceof Uint8Array ? `bytes:${latin1.decode(value)}` : value));
  }, except);
}
