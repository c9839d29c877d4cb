import type { Page } from 'playwright-core';
import { installTapProbe, installTappableProbe, readProbe, type ProbeArgs, type ProbeResult } from './page-probes.ts';

/**
 * A function as a script for the page. tsx (esbuild keepNames) wraps named inner functions in `__name(...)`, which
 * the page does not have: the script brings a do-nothing one.
 */
export function pageScript<A>(fn: (arg: A) => unknown, arg: A): string {
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`;
}

/** Chromium's CPU slowed `rate` times for this page (a cheap tablet), as Lighthouse's mobile setting does. */
export async function throttleCpu(page: Page, rate = 4): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

export type ColdLoad = ProbeResult & {
  /** Gzip bytes of the script responses the browser had received when the item was seen tappable (CDP, a check). */
  readonly networkJsBytes: number;
};

/**
 * Opens `url` in `page` (cache empty, CPU 4× slower) and waits until the first answer is tappable (see
 * installTappableProbe).
 */
export async function coldLoad(page: Page, url: string, args: ProbeArgs): Promise<ColdLoad> {
  const signal = 'side-by-side: first answer tappable';
  await page.addInitScript({ content: pageScript(installTappableProbe, { ...args, signal }) });
  await throttleCpu(page);
  const network: Promise<number>[] = [];
  // A script that finishes after the item is tappable (the service worker's, registered then) is not counted, and
  // its size, asked for as the page closes, is never an unhandled rejection.
  const onFinished = (request: import('playwright-core').Request) => {
    if (request.resourceType() === 'script') network.push(request.sizes().then((s) => s.responseBodySize, () => 0));
  };
  page.on('requestfinished', onFinished);
  const tappable = page.waitForEvent('console', { predicate: (message) => message.text() === signal, timeout: 60_000 });
  await page.goto(url);
  await tappable;
  const probe = await page.evaluate<ProbeResult | null>(pageScript(readProbe, null));
  if (!probe) throw new Error(`${url}: the probe has no result`);
  page.off('requestfinished', onFinished);
  const networkJsBytes = (await Promise.all(network)).reduce((a, b) => a + b, 0);
  return { ...probe, networkJsBytes };
}

/** A page on item 1 ready for taps: CPU 4× slower, the tap probe installed (`title`: the item text's selector). */
export async function prepareTaps(page: Page, title: string): Promise<void> {
  await throttleCpu(page);
  await page.evaluate(pageScript(installTapProbe, title));
}

/** One tap on the first answer (`answer` selector), past the app's 350 ms double-tap guard; resolves when measured. */
export async function tapOnce(page: Page, answer: string): Promise<void> {
  const before = await page.evaluate(() => window.__tapLatencies?.length ?? 0);
  await page.waitForTimeout(400);
  await page.locator(answer).first().click();
  await page.waitForFunction((n) => (window.__tapLatencies?.length ?? 0) > n, before, { polling: 50, timeout: 15_000 });
}

export async function tapLatencies(page: Page): Promise<number[]> {
  return page.evaluate(() => window.__tapLatencies ?? []);
}
