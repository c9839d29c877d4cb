import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { cjkFontConfig } from './cjk-font.ts';

const root = join(import.meta.dirname, '..', '..');

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

/** Where a system Chromium or Chrome usually is (Debian's chromium first). */
export const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

export type ChromiumChoice = {
  readonly path: string;
  /** How it was found: 'CHROMIUM_PATH', 'system' or 'npm @sparticuz/chromium'. */
  readonly from: string;
  /** Milliseconds spent unpacking the npm Chromium in this process (0 when it was already unpacked). */
  readonly unpackMs?: number;
};

const choices = new Map<string, Promise<ChromiumChoice>>();

/**
 * The browser the tests and the benchmarks use: `CHROMIUM_PATH` if set (used as given, even if missing, so a wrong
 * value fails loudly), else a system Chromium or Chrome, else the headless Chromium shipped inside the npm package
 * @sparticuz/chromium (Linux x86-64), unpacked to the temp folder on first use. Never a download at run time.
 */
export function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const override = env['CHROMIUM_PATH'] ?? '';
  let choice = choices.get(override);
  if (!choice) {
    choice = findChromium(override);
    choices.set(override, choice);
  }
  return choice;
}

async function findChromium(override: string): Promise<ChromiumChoice> {
  if (override !== '') return { path: override, from: 'CHROMIUM_PATH' };
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return { path: system, from: 'system' };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No Chromium for the browser tests: none of ${SYSTEM_CHROMIUMS.join(', ')} exists, and @sparticuz/chromium only ` +
        `runs on Linux x86-64 (this is ${process.platform} ${process.arch}). Set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
  try {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    const started = performance.now();
    const path = await sparticuz.executablePath();
    return { path, from: 'npm @sparticuz/chromium', unpackMs: Math.round(performance.now() - started) };
  } catch (error) {
    throw new Error(
      `No Chromium for the browser tests: none of ${SYSTEM_CHROMIUMS.join(', ')} exists and @sparticuz/chromium could not ` +
        `be unpacked (${firstLine(error)}). Run \`npm ci\`, or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
      { cause: error },
    );
  }
}

/** The resolved Chromium if there is one on this machine, else null (for the benchmarks, which skip without one). */
export async function availableChromium(): Promise<ChromiumChoice | null> {
  try {
    const choice = await resolveChromium();
    return existsSync(choice.path) ? choice : null;
  } catch {
    return null;
  }
}

/** The environment the test browser runs in: the machine's, plus a CJK font from npm (see cjk-font.ts). */
export async function chromiumEnv(): Promise<NodeJS.ProcessEnv> {
  return { ...process.env, FONTCONFIG_FILE: await cjkFontConfig() };
}

/** Launches the resolved Chromium; if it cannot start, one error naming the executable it tried and what to do. */
export async function launchChromium(): Promise<Browser> {
  const choice = await resolveChromium();
  const env = await chromiumEnv();
  try {
    return await chromium.launch({ executablePath: choice.path, args: CHROMIUM_ARGS, env });
  } catch (error) {
    const again = choice.from.startsWith('npm') ? ` (if ${choice.path} is damaged, delete it and it is unpacked again)` : '';
    throw new Error(
      `Could not start the test browser ${choice.path} (found via ${choice.from}): ${firstLine(error)}. ` +
        `Set CHROMIUM_PATH to a working Chromium or Chrome executable, or unset it to use a system Chromium or the one ` +
        `from npm (@sparticuz/chromium, installed by \`npm ci\`)${again}.`,
      { cause: error },
    );
  }
}

/** One line saying which browser the tests run, e.g. for the start of a test run. */
export async function describeChromium(): Promise<string> {
  const choice = await resolveChromium();
  const browser = await launchChromium();
  try {
    const unpacked = choice.unpackMs === undefined ? '' : choice.unpackMs > 0 ? `, unpacked in ${(choice.unpackMs / 1000).toFixed(1)} s` : ', already unpacked';
    return `Chromium ${browser.version()} at ${choice.path} (${choice.from}${unpacked})`;
  } finally {
    await browser.close();
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return stripVTControlCharacters(message).split('\n').map((line) => line.replace(/^[\s║╔╚═]+|[\s║╗╝═]+$/g, '')).find((line) => line !== '') ?? message;
}

/** `vite preview` servers (and `buildApp` builds) started by this process and not yet exited (stopped on exit at the latest). */
const servers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of servers) child.kill();
});

/** How many `vite preview` servers (or builds) this process has running. */
export function runningServers(): number {
  return servers.size;
}

export type Served = { readonly url: string; readonly stop: () => Promise<void> };

/**
 * Serves the built app with `vite preview` on a free port: dist/ (made by `npm test`'s pretest build), or `outDir`
 * (an absolute path) for a test that made its own build with `buildApp`.
 */
export async function serveBuiltApp(outDir?: string): Promise<Served> {
  if (!existsSync(join(outDir ?? join(root, 'dist'), 'index.html'))) throw new Error(outDir ? `${outDir} has no index.html: build it with buildApp first` : 'dist/ is missing: run `npm run build` first');
  const port = await freePort();
  const child = spawn(join(root, 'node_modules', '.bin', 'vite'), ['preview', ...(outDir ? ['--outDir', outDir] : []), '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  // Registered before it has started, so a server that never comes up is stopped all the same.
  servers.add(child);
  child.once('exit', () => servers.delete(child));
  const stop = () => stopChild(child);
  try {
    await waitForOutput(child, `:${port}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}/`, stop };
}

/**
 * Builds the app into `outDir` (an absolute path) with `MP_FHIR_ORIGINS` set to `fhirOrigins` (and `MP_AUTH_ORIGINS`
 * to `authOrigins`: a SMART authorization server's), for a test whose app must reach a FHIR server on 127.0.0.1
 * (the normal test build allows none: the CSP is fixed at build time).
 * Returns the milliseconds the build took; a failed build rejects with vite's output. The build is registered
 * like a server, so a test that gives up on it leaves no process behind.
 */
export async function buildApp(outDir: string, fhirOrigins: readonly string[], authOrigins: readonly string[] = []): Promise<number> {
  const started = performance.now();
  const child = spawn(join(root, 'node_modules', '.bin', 'vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MP_FHIR_ORIGINS: fhirOrigins.join(' '), MP_AUTH_ORIGINS: authOrigins.join(' '), NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  servers.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += stripVTControlCharacters(chunk.toString('utf8'));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  }).finally(() => servers.delete(child));
  if (code !== 0) throw new Error(`vite build into ${outDir} failed (exit ${String(code)}): ${output}`);
  return Math.round(performance.now() - started);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      servers.delete(child);
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill();
  });
}

export type AppSession = {
  readonly served: Served;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly close: () => Promise<void>;
};

/**
 * The built app served on a free port and a fresh browser context (empty IndexedDB) with one page, not yet opened.
 * If any step fails, what was started is stopped before the error is passed on.
 */
export async function openAppSession(viewport = { width: 768, height: 1024 }, options: { readonly locale?: string } = {}): Promise<AppSession> {
  const served = await serveBuiltApp();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    // `locale` sets the browser's languages (navigator.languages), as a tablet bought in that country has them.
    const context = await browser.newContext({ viewport, ...(options.locale ? { locale: options.locale } : {}) });
    const page = await context.newPage();
    const opened = browser;
    return {
      served,
      browser,
      context,
      page,
      close: async () => {
        try {
          await opened.close();
        } finally {
          await served.stop();
        }
      },
    };
  } catch (error) {
    try {
      await browser?.close();
    } finally {
      await served.stop();
    }
    throw error;
  }
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vite preview exited with ${code}: ${seen}`));
    });
  });
}

import { setUpClinic } from './pages/set-up.ts';
export { PASSPHRASE, setUpClinic } from './pages/set-up.ts';

/** A new session on a freshly set-up clinic, the page's clock fixed at `time` (the visits' morning, 2 March 2026). */
export async function openClinic(time = '2026-03-02T09:00:00Z'): Promise<AppSession> {
  const session = await openAppSession();
  await session.page.clock.install({ time: new Date(time) });
  await setUpClinic(session.page, session.served.url);
  return session;
}
export { tapAnswer } from './pages/hand-over.ts';

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
