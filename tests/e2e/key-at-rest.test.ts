import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTokens,
  addWindows,
  keysThatOpen,
  sampleRows,
  scanFiles,
  type AnswerValue,
  type AssessmentValue,
  type Candidates,
  type SealedRow,
} from '../support/key-scan.ts';
import { CHROMIUM_ARGS, chromiumEnv, resolveChromium, serveBuiltApp, setUpClinic, type Served } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { TakeBack } from './pages/take-back.ts';
import { PatientsScreen } from './pages/patients.ts';

/**
 * Issue "no key at rest that opens patient answers": while the tablet is in the patient's hands, nothing the
 * browser keeps (the origin's stores, or any file of its profile) may hold a key that opens an answer; not with the
 * tab open, not after it is closed, not after the browser is killed (a crash, or a tablet whose battery dies).
 * A persistent profile on disk, as on the tablet: an off-the-record context would keep everything in memory.
 */

let served: Served | undefined;
let context: BrowserContext | undefined;
let page: Page;
let url: string;
const profile = mkdtempSync(join(tmpdir(), 'mp-key-at-rest-'));
/** The sealed rows to try keys on, from the dump taken with the tab open (the answers exist on disk from then on). */
let rows: SealedRow[] = [];

const launch = async () =>
  chromium.launchPersistentContext(profile, {
    executablePath: (await resolveChromium()).path,
    args: CHROMIUM_ARGS,
    env: await chromiumEnv(),
    viewport: { width: 768, height: 1024 },
  });

beforeAll(async () => {
  served = await serveBuiltApp();
  url = served.url;
  context = await launch();
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  try {
    await context?.close();
  } finally {
    try {
      // A browser killed by the test and not relaunched (a failed step) must not outlive the run either.
      killChromium(profile);
      await served?.stop();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }
});

type OriginDump = {
  readonly local: readonly (readonly [string, string])[];
  readonly session: readonly (readonly [string, string])[];
  readonly databases: readonly { readonly name: string; readonly stores: readonly { readonly name: string; readonly values: unknown[] }[] }[];
  readonly caches: readonly { readonly name: string; readonly urls: readonly string[] }[];
};

/**
 * Everything the origin keeps, as JSON: localStorage, sessionStorage, every IndexedDB database and store, and the
 * request URLs of Cache Storage. Bytes become `{ $bytes: base64 }` (page.evaluate cannot return a Uint8Array) and
 * CryptoKey values `{ $cryptoKey }` (a stored CryptoKey holds its key material on disk, so it is counted).
 */
const dumpOrigin = (target: Page): Promise<string> =>
  target.evaluate(async () => {
    const encode = (value: unknown): unknown => {
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
        const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : value;
        let text = '';
        for (const byte of bytes) text += String.fromCharCode(byte);
        return { $bytes: btoa(text) };
      }
      if (value instanceof CryptoKey) return { $cryptoKey: `${value.algorithm.name} ${value.type} extractable=${String(value.extractable)}` };
      if (Array.isArray(value)) return value.map(encode);
      if (value instanceof Date) return value.toISOString();
      if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
      return value;
    };
    const entries = (storage: Storage) => Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '').map((k) => [k, storage.getItem(k) ?? ''] as const);
    const databases = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const name = info.name;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(request.error?.message ?? `indexedDB.open(${name}) failed`));
      });
      const stores = [];
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(new Error(request.error?.message ?? `getAll(${store}) failed`));
        });
        stores.push({ name: store, values: values.map(encode) });
      }
      db.close();
      databases.push({ name, stores });
    }
    const cacheList = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      cacheList.push({ name, urls: (await cache.keys()).map((request) => request.url) });
    }
    return JSON.stringify({ local: entries(localStorage), session: entries(sessionStorage), databases, caches: cacheList });
  });

type Collected = { readonly dump: OriginDump; readonly answers: AnswerValue[]; readonly assessments: AssessmentValue[]; readonly cryptoKeys: number };

/** Adds the candidates of an origin dump (tokens in every text, windows of every small binary value); returns its rows. */
function collectOrigin(json: string, into: Candidates): Collected {
  let cryptoKeys = 0;
  const dump = JSON.parse(json, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && '$bytes' in value && typeof value.$bytes === 'string') return new Uint8Array(Buffer.from(value.$bytes, 'base64'));
    if (value !== null && typeof value === 'object' && '$cryptoKey' in value) cryptoKeys += 1;
    return value;
  }) as OriginDump;
  for (const [k, v] of dump.local) addTokens(into, `${k}=${v}`, `localStorage ${k}`);
  for (const [k, v] of dump.session) addTokens(into, `${k}=${v}`, `sessionStorage ${k}`);
  for (const cache of dump.caches) addTokens(into, cache.urls.join('\n'), `Cache Storage ${cache.name}`);
  const answers: AnswerValue[] = [];
  const assessments: AssessmentValue[] = [];
  for (const db of dump.databases) {
    for (const store of db.stores) {
      const source = `IndexedDB ${db.name}/${store.name}`;
      const walk = (value: unknown): void => {
        if (value instanceof Uint8Array) addWindows(into, value, source);
        else if (Array.isArray(value)) value.forEach(walk);
        else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
      };
      for (const value of store.values) {
        walk(value);
        addTokens(into, JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `bytes(${v.byteLength})` : v)), source);
      }
      if (db.name === 'motivation-profile' && store.name === 'answers') answers.push(...(store.values as AnswerValue[]));
      if (db.name === 'motivation-profile' && store.name === 'assessments') assessments.push(...(store.values as AssessmentValue[]));
    }
  }
  return { dump, answers, assessments, cryptoKeys };
}

/** Candidates seen through the page (origin stores), as opposed to in a file of the profile. */
const ORIGIN_SOURCE = /^(localStorage|sessionStorage|IndexedDB|Cache Storage) /;

/**
 * Tries every candidate on `rows`; prints one line of figures for the state and returns, for each key that opens,
 * how it opened which row and where it was seen (readable in a failure, unlike the key's bytes).
 */
function report(state: string, candidates: Candidates, files: number, withOrigin: boolean, tried: readonly SealedRow[]): string[] {
  const opening = keysThatOpen(
    Array.from(candidates.values(), (c) => c.key),
    tried,
  );
  const where = opening.map((o) => `${o.how} key for ${o.label} seen in [${[...(candidates.get(o.hex)?.sources ?? [])].join('; ')}]`);
  const onDisk = opening.filter((o) => [...(candidates.get(o.hex)?.sources ?? [])].some((source) => !ORIGIN_SOURCE.test(source))).length;
  console.log(
    `key-at-rest: ${state} — ${candidates.size} candidates from ${files} files${withOrigin ? ' + origin stores' : ''}, ` +
      `${opening.length} open${opening.length === 1 ? 's' : ''} an answer, ${onDisk} of them in profile files (tried on ${tried.length} rows)${where.length ? `: ${where.join(' | ')}` : ''}`,
  );
  return where;
}

/** The process ids of the Chromium started on `dir` (its command line names the profile) and all their descendants. */
function chromiumPids(dir: string): number[] {
  const parents = new Map<number, number>();
  const roots: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      // After the command name in parentheses: state, then the parent's pid.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      parents.set(pid, Number(ppid));
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1').includes(dir)) roots.push(pid);
    } catch {
      // The process ended while listing: nothing to kill.
    }
  }
  const found = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!found.has(pid) && found.has(ppid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found];
}

/** SIGKILLs every process of the Chromium on `dir`, as a crash or a dead battery would stop it; returns how many. */
function killChromium(dir: string): number {
  const pids = chromiumPids(dir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone (a child that ended with its parent).
    }
  }
  return pids.length;
}

/** The screen's text on one line, shortened, for the log. */
const screenText = async (target: Page) => (await target.locator('main').innerText()).replace(/\s+/g, ' ').slice(0, 160);

/**
 * Patient mode as the tablet shows it after a reload, a closed tab or a restarted browser: straight back at the first
 * unanswered question (the fourth: three were answered), with nothing secret kept anywhere.
 */
async function resumesPatientMode(target: Page): Promise<void> {
  try {
    await target.getByText('Question 4 of 9').waitFor({ timeout: 30_000 });
  } catch (error) {
    throw new Error(`patient mode did not resume at question 4; the screen reads: ${await screenText(target)}`, { cause: error });
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

describe('no key at rest opens patient answers (persistent profile)', () => {
  it('with the tab open in patient mode: no key in any store of the origin nor in any file of the profile', async () => {
    await setUpClinic(page, url);
    const patients = new PatientsScreen(page);
    await patients.add({ code: 'K-001' });
    const patient = await (await patients.open('K-001')).shows('K-001');
    await patient.choose(/^PHQ-9/);
    await patient.start();
    const patientMode = new HandOver(page);
    await patientMode.begin();
    await patientMode.startInstrument();
    await patientMode.answer('Several days', 3);
    await page.getByText('Question 4 of 9').waitFor();
    // Chromium writes DOMStorage and IndexedDB to disk a moment after a change.
    await page.waitForTimeout(1_500);

    const candidates: Candidates = new Map();
    const origin = collectOrigin(await dumpOrigin(page), candidates);
    rows = sampleRows(origin.answers, origin.assessments);
    expect(origin.answers.length).toBeGreaterThanOrEqual(3);
    expect(rows.length).toBeGreaterThan(0);
    const files = scanFiles(profile, candidates);
    console.log(
      `key-at-rest: origin holds ${origin.dump.session.length} sessionStorage and ${origin.dump.local.length} localStorage entries, ` +
        `${origin.dump.databases.length} IndexedDB databases, ${origin.dump.caches.length} caches, ${origin.cryptoKeys} stored CryptoKeys; ` +
        `answers keyed ${[...new Set(origin.answers.map((a) => a.keyId.replace(/:.*/, ':…')))].join(', ')}; ${files.skipped.length} files skipped`,
    );
    expect(report('tab open', candidates, files.files, true, rows)).toEqual([]);
  }, 120_000);

  it('with the tab closed: no key in any file of the profile', async () => {
    if (!context) throw new Error('no browser');
    // A blank page keeps the browser (and its profile) alive once the app's tab is gone.
    const blank = await context.newPage();
    await page.close();
    page = blank;
    // Chromium commits DOMStorage lazily: give it a few seconds to drop (or write) the closed tab's session.
    let scan = scanFiles(profile);
    await waitUntil(() => {
      scan = scanFiles(profile);
      return keysThatOpen(
        Array.from(scan.candidates.values(), (c) => c.key),
        rows,
      ).length === 0;
    }, 5_000);
    expect(report('tab closed', scan.candidates, scan.files, false, rows)).toEqual([]);
  }, 120_000);

  it('with the browser killed (SIGKILL) in patient mode: no key in any file of the profile', async () => {
    if (!context) throw new Error('no browser');
    const killed = context;
    // The app open again in a new tab, as a patient would find it, then the whole browser stopped without warning.
    page = await killed.newPage();
    await page.goto(url);
    await resumesPatientMode(page);
    await page.waitForTimeout(1_500);
    const closed = new Promise<void>((resolve) => killed.once('close', () => resolve()));
    const count = killChromium(profile);
    expect(count).toBeGreaterThan(0);
    expect(await waitUntil(() => chromiumPids(profile).length === 0, 10_000)).toBe(true);
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    context = undefined;
    const scan = scanFiles(profile);
    console.log(`key-at-rest: killed ${count} Chromium processes`);
    expect(report('browser killed', scan.candidates, scan.files, false, rows)).toEqual([]);
  }, 120_000);

  it('relaunched on the same profile: patient mode resumes, no clinician data, still no key that opens an answer', async () => {
    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await resumesPatientMode(page);
    expect(await page.getByText('3 of 10 answered').count()).toBeGreaterThan(0);
    expect(await page.getByText('K-001').count()).toBe(0);
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Patients' }).count()).toBe(0);

    const candidates: Candidates = new Map();
    const origin = collectOrigin(await dumpOrigin(page), candidates);
    const files = scanFiles(profile, candidates);
    const tried = [...rows, ...sampleRows(origin.answers, origin.assessments)];
    expect(report('relaunched', candidates, files.files, true, tried)).toEqual([]);
  }, 120_000);

  it('loses nothing: after one more answer, staff take the tablet back and read all four answers as given', async () => {
    await new HandOver(page).answer('Nearly every day');
    await page.getByText('Question 5 of 9').waitFor();
    await new TakeBack(page).takeBack();
    // No alert was raised, so the alerts screen passes straight on to the patient.
    await page.getByRole('heading', { name: 'Patient K-001', exact: true }).waitFor();
    // The draft's answers so far: three "Several days" (1 each) and one "Nearly every day" (3).
    const answers = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('motivation-profile');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error('open failed'));
      });
      const rows = await new Promise<{ keyId: string; itemId: string }[]>((resolve) => {
        const request = db.transaction('answers').objectStore('answers').getAll();
        request.onsuccess = () => resolve(request.result as { keyId: string; itemId: string }[]);
      });
      db.close();
      return rows.map((r) => `${r.itemId}:${r.keyId}`);
    });
    expect(answers).toEqual(['phq-9-1:data', 'phq-9-2:data', 'phq-9-3:data', 'phq-9-4:data']);
  }, 120_000);
});
