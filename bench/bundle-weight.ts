import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { availableChromium, launchChromium, PASSPHRASE, setUpClinic, tapAnswer } from '../tests/e2e/harness.ts';
import { PatientScreen, PatientsScreen } from '../tests/e2e/pages/patients.ts';
import { serveDist } from './static-server.ts';

const root = join(import.meta.dirname, '..');

/** What one path fetched before its first screen was usable: each script (path under dist/) and its gzip size. */
export type FetchedJs = { readonly kb: number; readonly scripts: readonly { readonly file: string; readonly kb: number }[] };

export type BundleWeight = {
  /** How the scripts were found: in Chromium (every script the page fetched) or, without one, the built import graph. */
  readonly measuredIn: 'chromium' | 'import graph';
  /** Cold first visit: the set-up screen, ready for the passphrase. */
  readonly setUp: FetchedJs;
  /** A set-up tablet opened again: the clinician's passphrase screen. */
  readonly unlock: FetchedJs;
  /** A handed-over tablet reloaded after one answer: the patient's next item on screen. */
  readonly patientMode: FetchedJs;
  readonly startCssKb: number;
  /** Every script no path above fetched (later screens, charts, research export): loaded on demand. */
  readonly lazyKb: number;
};

const gzipKbOf = (dist: string) => (file: string) => gzipSync(readFileSync(join(dist, file))).length / 1024;

/**
 * Gzip sizes of the built app in `distDir` (relative to the repository unless absolute), counted as the browser
 * fetches them: the app is served (`vite preview`) and driven in headless Chromium, and every script the page
 * requested (`performance.getEntriesByType('resource')`: module scripts, modulepreloads, dynamic imports and
 * workbox-window, whether from the network or the service worker) until its first screen is usable is gzipped from
 * dist/. Without a Chromium, the same paths are estimated by following the built import graph (see `importGraphWeight`).
 */
export async function bundleWeight(distDir = 'dist'): Promise<BundleWeight> {
  const dist = isAbsolute(distDir) ? distDir : join(root, distDir);
  const gzipKb = gzipKbOf(dist);
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const css = [...html.matchAll(/href="\/?([^"]+\.css)"/g)].map((m) => m[1] ?? '');
  const startCssKb = css.reduce((sum, f) => sum + gzipKb(f), 0);
  const measured = (await availableChromium()) ? await inChromium(distDir) : null;
  const files = measured ?? importGraphWeight(dist);
  const fetched = new Set([...files.setUp, ...files.unlock, ...files.patientMode]);
  const weigh = (list: readonly string[]): FetchedJs => {
    const scripts = list.map((file) => ({ file, kb: gzipKb(file) })).sort((x, y) => y.kb - x.kb);
    return { kb: scripts.reduce((sum, s) => sum + s.kb, 0), scripts };
  };
  const lazy = readdirSync(join(dist, 'assets'))
    .map((f) => `assets/${f}`)
    .filter((f) => f.endsWith('.js') && !fetched.has(f));
  return {
    measuredIn: measured ? 'chromium' : 'import graph',
    setUp: weigh(files.setUp),
    unlock: weigh(files.unlock),
    patientMode: weigh(files.patientMode),
    startCssKb,
    lazyKb: weigh(lazy).kb,
  };
}

type Paths<T> = { readonly setUp: T; readonly unlock: T; readonly patientMode: T };

/** The scripts (paths under dist/) the page has fetched since it was last loaded, once the network is quiet. */
async function scriptsFetched(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const urls = await page.evaluate(() => [
    ...performance.getEntriesByType('resource').map((e) => e.name),
    ...[...document.scripts].map((s) => s.src),
  ]);
  const files = urls.map((u) => new URL(u).pathname.slice(1)).filter((p) => p.endsWith('.js') && p.startsWith('assets/'));
  return [...new Set(files)];
}

async function inChromium(distDir: string): Promise<Paths<string[]>> {
  const served = await serveDist(distDir);
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
    await page.goto(served.url);
    await page.getByLabel('Clinic passphrase (at least 6 characters)').waitFor();
    const setUp = await scriptsFetched(page);
    await setUpClinic(page, served.url);
    // The service worker now controls the page: what follows is served as a returning tablet's is.
    await page.reload();
    await page.getByLabel('Clinic passphrase', { exact: true }).waitFor();
    const unlock = await scriptsFetched(page);
    await page.getByLabel('Clinic passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Patients', level: 2 }).waitFor();
    const patients = new PatientsScreen(page);
    await patients.add({ code: 'BENCH' });
    const patient: PatientScreen = await (await patients.open('BENCH')).shows('BENCH');
    await patient.choose(/^SHAPS/, /^PHQ-9/);
    await patient.start();
    await page.getByRole('button', { name: 'Begin' }).click();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await tapAnswer(page, 'Agree');
    await page.getByText('Question 2 of 14').waitFor();
    await page.reload();
    await page.getByText('Question 2 of 14').waitFor();
    const patientMode = await scriptsFetched(page);
    return { setUp, unlock, patientMode };
  } finally {
    await browser.close();
    await served.stop();
  }
}

/**
 * The chunks a handed-over tablet loads beyond the boot, matched by name among the dynamic imports; and the chunks
 * the start page's screens load. Used only without a Chromium: an estimate of what the browser fetches.
 */
const PATIENT_MODE_CHUNKS = [/^assets\/patient-mode-screen-[\w-]+\.js$/, /^assets\/patient-catalogue-[\w-]+\.js$/, /^assets\/instrument-catalogue-[\w-]+\.js$/, /^assets\/messages-patient-en-[\w-]+\.js$/];
const START_CHUNKS = [/^assets\/(setup|unlock)-screen-[\w-]+\.js$/, /^assets\/messages-start-en-[\w-]+\.js$/];

/** Without a browser: index.html's scripts, their static imports, workbox-window, and the named lazy chunks. */
function importGraphWeight(dist: string): Paths<string[]> {
  const read = (file: string) => readFileSync(join(dist, file));
  const html = read('index.html').toString('utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const boot = withStaticImports(refs, read);
  const lazyOf = (patterns: readonly RegExp[], from: Iterable<string>) => [...from].flatMap((f) => dynamicImports(f, read)).filter((f) => patterns.some((p) => p.test(f)));
  const workbox = readdirSync(join(dist, 'assets')).filter((f) => f.startsWith('workbox-window')).map((f) => `assets/${f}`);
  const start = [...withStaticImports([...boot, ...workbox, ...lazyOf(START_CHUNKS, boot)], read)];
  const patient = [...withStaticImports([...boot, ...workbox], read)];
  for (let added = true; added; ) {
    const more = lazyOf(PATIENT_MODE_CHUNKS, patient).filter((f) => !patient.includes(f));
    added = more.length > 0;
    patient.push(...withStaticImports(more, read));
  }
  return { setUp: start, unlock: start, patientMode: [...new Set(patient)].filter((f) => existsSync(join(dist, f))) };
}

/** `files` and every chunk they import statically, transitively (a browser fetches those before running them). */
function withStaticImports(files: readonly string[], read: (file: string) => Buffer): Set<string> {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    found.add(file);
    const code = read(file).toString('utf8');
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) visit(sibling(file, m[1] ?? ''));
  };
  for (const file of files) visit(file);
  return found;
}

/** The chunks `file` imports with `import()`. */
function dynamicImports(file: string, read: (file: string) => Buffer): string[] {
  const code = read(file).toString('utf8');
  return [...code.matchAll(/\bimport\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)].map((m) => sibling(file, m[1] ?? ''));
}

const sibling = (file: string, name: string) => `${file.slice(0, file.lastIndexOf('/') + 1)}${name}`;

/** `tsx bench/bundle-weight.ts [distDir]` (after `vite build`): the three paths, script by script. */
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const weight = await bundleWeight(process.argv[2]);
  console.log(`JS fetched before the first screen is usable (gzip KB), measured in ${weight.measuredIn}:`);
  for (const [name, path] of [['set-up (first run)', weight.setUp], ['passphrase (set-up tablet)', weight.unlock], ['patient mode (reloaded, next item)', weight.patientMode]] as const) {
    console.log(`${name}: ${path.kb.toFixed(1)} KB`);
    for (const s of path.scripts) console.log(`  ${s.kb.toFixed(1).padStart(6)}  ${s.file}`);
  }
  console.log(`lazy: ${weight.lazyKb.toFixed(1)} KB; start CSS ${weight.startCssKb.toFixed(1)} KB`);
}
