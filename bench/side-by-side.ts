import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { availableChromium, launchChromium, type ChromiumChoice } from '../tests/e2e/harness.ts';
import { buildComparison } from './comparison/build-comparison.ts';
import { handOverShaps, makeHandedOverProfile, openFresh, openHandedOver, type Opened } from './comparison/open-targets.ts';
import type { ProbeArgs } from './comparison/page-probes.ts';
import { coldLoad, prepareTaps, tapLatencies, tapOnce, type ColdLoad } from './comparison/page-runs.ts';
import { alignColumns, COLUMNS, median, sideBySideRows, type Column, type Measure } from './comparison/side-by-side-table.ts';
import { oneRun } from './lighthouse.ts';
import { serveDist, type Served } from './static-server.ts';

/** What tells each page's first answer, and its item text, apart. */
const SELECTORS: Record<Column, ProbeArgs & { readonly title: string }> = {
  // The start page has no item: its first control (the passphrase field of the set-up screen) stands in.
  start: { tappable: 'main input', title: '' },
  // A handed-over tablet reloaded mid-questionnaire opens at the patient's next item (no welcome, no Begin).
  patient: { tappable: '.answer-option', title: '.item-text' },
  surveyjs: { tappable: '.sd-selectbase__label', title: '.sd-question__title .sv-string-viewer' },
  floor: { tappable: '.option', title: '#item-text' },
};

export type SideBySideCounts = { readonly loads: number; readonly taps: number; readonly lighthouse: number };

/**
 * Our app (start page, and a handed-over tablet resuming in patient mode) beside a SurveyJS build of the same 14
 * SHAPS items and a static HTML floor, in real headless Chromium, runs interleaved (the order rotates each round),
 * medians: script bytes before the first item, first item tappable at 4× CPU with an empty cache, tap → next item,
 * Lighthouse mobile performance. Returns the table's lines and notes, or null without a Chromium.
 */
export async function sideBySide(distDir: string, counts: SideBySideCounts): Promise<{ lines: string[]; notes: string[] } | null> {
  const choice = await availableChromium();
  if (!choice) return null;
  const started = performance.now();
  const builds = await buildComparison();
  const served: Served[] = [];
  let browser: Browser | undefined;
  let template: string | undefined;
  try {
    for (const dir of [distDir, builds.surveyDir, builds.floorDir]) served.push(await serveDist(dir));
    const [app, survey, floor] = served.map((s) => s.url) as [string, string, string];
    const urls: Record<Column, string> = { start: app, patient: app, surveyjs: survey, floor };
    template = await makeHandedOverProfile(app);
    browser = await launchChromium();
    const notes: string[] = [];
    const phases: string[] = [`set-up ${seconds(started)}`];
    let phase = performance.now();
    const loads = await coldLoads(browser, template, urls, counts.loads, notes);
    phases.push(`cold loads ${seconds(phase)}`);
    phase = performance.now();
    const taps = await tapRuns(browser, urls, counts.taps);
    phases.push(`taps ${seconds(phase)}`);
    phase = performance.now();
    const lighthouse = await lighthouseRuns(choice, template, urls, counts.lighthouse, notes);
    phases.push(`Lighthouse ${seconds(phase)}`);

    const pick = (f: (l: ColdLoad) => number) => Object.fromEntries(COLUMNS.map((c) => [c, loads[c].map(f)])) as Record<Column, number[]>;
    const measures: Measure[] = [
      {
        name: `JS fetched before the first item (gzip, as fetched), median of ${counts.loads}`,
        unit: 'KB',
        runs: pick((l) => l.jsBytes / 1024),
        text: { floor: 'inline' },
        target: 'ours ≤ 120 KB on both paths',
      },
      {
        name: `First item tappable, cold, CPU 4×, median of ${counts.loads}`,
        unit: 'ms',
        runs: pick((l) => l.tappableAt),
        target: 'ours patient ≥ 1.5× sooner than SurveyJS',
      },
      {
        name: `Tap → next item, CPU 4×, median of ${counts.taps}`,
        unit: 'ms',
        runs: { patient: taps.patient, surveyjs: taps.surveyjs, floor: taps.floor },
        text: { start: 'n/a' },
        target: 'ours ≤ 50 ms',
      },
      { name: `Lighthouse mobile performance, median of ${counts.lighthouse}`, unit: 'score', runs: lighthouse.score, target: 'ours ≥ 0.95' },
      { name: `Lighthouse LCP, median of ${counts.lighthouse}`, unit: 's', runs: lighthouse.lcp },
    ];
    const lines = alignColumns(sideBySideRows(measures));
    const sooner = median(loads.surveyjs.map((l) => l.tappableAt)) / median(loads.patient.map((l) => l.tappableAt));
    lines.push(
      '',
      `Handed-over tablet's first item vs SurveyJS's: ${Number.isFinite(sooner) ? sooner.toFixed(2) : '—'}× sooner (target ≥ 1.5×: ${sooner >= 1.5 ? 'met' : 'not met'}).`,
    );
    const step = (mark: string) => median(loads.patient.map((l) => l.marks[mark] ?? Number.NaN)).toFixed(0);
    notes.push(
      `Side by side: "first item tappable" = the first answer has a box, is visible and enabled, seen in an animation frame (ms from navigation start); ` +
        `the start page's is its first field (set-up screen); patient mode's is the patient's next item, where a reload mid-questionnaire resumes. ` +
        `Patient mode's steps (medians, ms; boot.ts marks): app code running ${step('mp:main')}, stored state read ${step('mp:boot-read')}, first screen's code, words, instruments and session loaded ${step('mp:boot-loaded')}. ` +
        `Every load with an empty HTTP cache and service workers blocked; bytes are gzip bodies (KB = 1024 B) of the scripts finished by then (Resource Timing), served by vite preview.`,
      ...COLUMNS.map((c) => `Side by side, ${c}: first item per run ${loads[c].map((l) => l.tappableAt.toFixed(0)).join(', ')} ms; scripts ${loads[c][0]?.jsFiles ?? 0}; CDP count of script bytes ${(median(loads[c].map((l) => l.networkJsBytes)) / 1024).toFixed(1)} KB.`),
      `SurveyJS ${surveyVersion()} (survey-core + survey-react-ui, React 19, default theme fontless, no auto-advance delay or animation) built by Vite at bench time; side by side took ${seconds(started)} (${phases.join(', ')}).`,
    );
    return { lines, notes };
  } finally {
    await browser?.close();
    for (const s of served) await s.stop();
    if (template) await rm(template, { recursive: true, force: true });
    await rm(builds.root, { recursive: true, force: true });
  }
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(0)} s`;

function surveyVersion(): string {
  const read = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'node_modules', 'survey-core', 'package.json'), 'utf8')) as { version?: string };
  return read.version ?? '';
}

/** Cold loads, interleaved: each round opens every page once, starting one page later than the round before. */
async function coldLoads(browser: Browser, template: string, urls: Record<Column, string>, rounds: number, notes: string[]): Promise<Record<Column, ColdLoad[]>> {
  const results: Record<Column, ColdLoad[]> = { start: [], patient: [], surveyjs: [], floor: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < COLUMNS.length; i += 1) {
      const column = COLUMNS[(round + i) % COLUMNS.length] as Column;
      const opened: Opened = column === 'patient' ? await openHandedOver(template) : await openFresh(browser);
      try {
        results[column].push(await coldLoad(opened.page, urls[column], SELECTORS[column]));
      } catch (error) {
        notes.push(`Side by side: a cold load of ${column} failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
      } finally {
        await opened.close();
      }
    }
  }
  return results;
}

/** Tap → next item on our item screen, SurveyJS and the floor, each page open at item 1, taps interleaved. */
async function tapRuns(browser: Browser, urls: Record<Column, string>, taps: number): Promise<Record<'patient' | 'surveyjs' | 'floor', number[]>> {
  const columns = ['patient', 'surveyjs', 'floor'] as const;
  if (taps === 0) return { patient: [], surveyjs: [], floor: [] };
  const opened: Opened[] = [];
  try {
    const pages: Page[] = [];
    for (const column of columns) {
      const o = await openFresh(browser);
      opened.push(o);
      if (column === 'patient') await handOverShaps(o.page, urls.patient);
      else await o.page.goto(urls[column]);
      await o.page.locator(SELECTORS[column].tappable).first().waitFor();
      await prepareTaps(o.page, SELECTORS[column].title);
      pages.push(o.page);
    }
    for (let tap = 0; tap < taps; tap += 1) {
      for (const [i, column] of columns.entries()) await tapOnce(pages[i] as Page, SELECTORS[column].tappable);
    }
    const [patient, surveyjs, floor] = await Promise.all(pages.map(tapLatencies));
    return { patient: patient ?? [], surveyjs: surveyjs ?? [], floor: floor ?? [] };
  } finally {
    for (const o of opened) await o.close();
  }
}

/** Lighthouse (default mobile settings, performance only), interleaved rounds; patient mode from the handed-over profile. */
async function lighthouseRuns(
  choice: ChromiumChoice,
  template: string,
  urls: Record<Column, string>,
  rounds: number,
  notes: string[],
): Promise<{ score: Record<Column, number[]>; lcp: Record<Column, number[]> }> {
  const score: Record<Column, number[]> = { start: [], patient: [], surveyjs: [], floor: [] };
  const lcp: Record<Column, number[]> = { start: [], patient: [], surveyjs: [], floor: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < COLUMNS.length; i += 1) {
      const column = COLUMNS[(round + i) % COLUMNS.length] as Column;
      try {
        const lhr = await oneRun(choice, urls[column], { categories: ['performance'], ...(column === 'patient' ? { profileFrom: template } : {}) });
        score[column].push(lhr.categories['performance']?.score ?? Number.NaN);
        lcp[column].push((lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN) / 1000);
      } catch (error) {
        notes.push(`Side by side: a Lighthouse run of ${column} failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
      }
    }
  }
  return { score, lcp };
}
