import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { availableChromium, CHROMIUM_ARGS, chromiumEnv, type ChromiumChoice } from '../tests/e2e/harness.ts';
import { serveDist, stopChild, waitForOutput } from './static-server.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
type Category = (typeof CATEGORIES)[number];

export type FailingAudit = { readonly category: Category; readonly id: string; readonly title: string; readonly runs: number };

export type LighthouseScores = {
  /** Median score (0–1) per category over the runs. */
  readonly median: Record<Category, number>;
  /** Every run's scores, in run order. */
  readonly runs: readonly Record<Category, number>[];
  /** Audits scored below 1 in accessibility or best practices in at least one run (`runs`: in how many). */
  readonly failing: readonly FailingAudit[];
  /** Lighthouse's own CPU speed figure per run (higher is faster): a low one explains a low performance score. */
  readonly benchmarkIndex: readonly number[];
  readonly url: string;
};

/**
 * Lighthouse's default configuration (mobile: Moto G-class screen, simulated slow 4G, 4× CPU slowdown) against
 * the built app in `distDir` served by `vite preview`, opened at `/` with empty storage: on a fresh tablet that
 * is the clinic set-up screen. Each run gets its own Chromium with a fresh profile; scores are the median.
 * Returns null when there is no Chromium to run.
 */
export async function lighthouseScores(distDir = 'dist', runs = 3): Promise<LighthouseScores | null> {
  const browser = await availableChromium();
  if (!browser) return null;
  const served = await serveDist(distDir);
  const results: Record<Category, number>[] = [];
  const failing = new Map<string, FailingAudit>();
  const benchmarkIndex: number[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      const lhr = await oneRun(browser, served.url);
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score ?? Number.NaN])) as Record<Category, number>;
      results.push(scores);
      benchmarkIndex.push(lhr.environment.benchmarkIndex);
      for (const category of ['accessibility', 'best-practices'] as const) {
        for (const ref of lhr.categories[category]?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
          const key = `${category}/${audit.id}`;
          const before = failing.get(key);
          failing.set(key, { category, id: audit.id, title: audit.title, runs: (before?.runs ?? 0) + 1 });
        }
      }
    }
  } finally {
    await served.stop();
  }
  const median = Object.fromEntries(CATEGORIES.map((c) => [c, medianOf(results.map((r) => r[c]))])) as Record<Category, number>;
  return { median, runs: results, failing: [...failing.values()], benchmarkIndex, url: served.url };
}

/**
 * One Lighthouse run in its own Chromium. `profileFrom`: a Chromium profile to start from (copied; Lighthouse still
 * empties the HTTP cache, service workers and Cache Storage, but keeps IndexedDB, e.g. a handed-over tablet's).
 */
export async function oneRun(browser: ChromiumChoice, url: string, options: { readonly profileFrom?: string; readonly categories?: readonly Category[] } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'bench-lighthouse-'));
  if (options.profileFrom) await cp(options.profileFrom, profile, { recursive: true });
  const chromium = spawn(browser.path, [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: await chromiumEnv(),
  });
  try {
    const banner = await waitForOutput(chromium, /DevTools listening on ws:\/\/[^:]+:(\d+)\//, 'Chromium');
    const port = Number(/DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(banner)?.[1]);
    const result = await lighthouse(url, { port, logLevel: 'error', output: 'json', onlyCategories: [...(options.categories ?? CATEGORIES)] });
    if (!result) throw new Error('Lighthouse returned no result');
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    await stopChild(chromium);
    await rm(profile, { recursive: true, force: true });
  }
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}
