/**
 * Scripts the side-by-side injects into a page (serialised, so self-contained: no imports, no closures).
 * `tappable`: a CSS selector for an answer; "tappable" means the first such element has a box, is visible and its
 * control is enabled.
 */
export type ProbeArgs = { readonly tappable: string };

export type ProbeResult = {
  /** performance.now() (ms from navigation start) when the first answer was first seen tappable, in a frame. */
  readonly tappableAt: number;
  /** Gzip body bytes of every script the page fetched that finished before `tappableAt` (Resource Timing). */
  readonly jsBytes: number;
  readonly jsFiles: number;
  /** The app's own User Timing marks (`mp:…`, boot.ts), ms from navigation start: its steps before the first item. */
  readonly marks: Readonly<Record<string, number>>;
};

declare global {
  interface Window {
    __sideBySide?: { tappableAt: number | null };
    __tapLatencies?: number[];
  }
}

/**
 * Polls once per animation frame (a frame is when a patient could see it) from before the page's own scripts run;
 * once the answer is tappable, logs `signal` to the console, which the bench waits for. Waiting with Playwright's
 * waitForFunction instead injects its selector engine into the page mid-load: about 50 ms of parsing at 4× CPU,
 * counted against whichever page was still loading.
 */
export function installTappableProbe({ tappable, signal }: ProbeArgs & { readonly signal: string }): void {
  const state: { tappableAt: number | null } = { tappableAt: null };
  window.__sideBySide = state;
  const usable = (el: Element | null | undefined): el is HTMLElement => {
    if (!(el instanceof HTMLElement)) return false;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const control = el.matches('input, button') ? el : el.querySelector('input, button');
    return !(control instanceof HTMLInputElement || control instanceof HTMLButtonElement) || !control.disabled;
  };
  const frame = () => {
    if (usable(document.querySelector(tappable))) {
      state.tappableAt = performance.now();
      console.debug(signal);
    } else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Reads the probe's result and the scripts fetched before the item was tappable (run once tappableAt is set). */
export function readProbe(): ProbeResult | null {
  const state = window.__sideBySide;
  if (!state || state.tappableAt === null) return null;
  const until = state.tappableAt;
  const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
    (entry) => entry.responseEnd <= until && (entry.initiatorType === 'script' || /\.m?js(\?|$)/.test(new URL(entry.name).pathname)),
  );
  return {
    tappableAt: until,
    jsBytes: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
    jsFiles: scripts.length,
    marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('mp:')).map((m) => [m.name, m.startTime])),
  };
}

/**
 * Tap → next item, in the page: pointerdown notes the item's text (`title` selector); the first DOM change after
 * which that text differs, then the next animation frame, ends the sample.
 */
export function installTapProbe(title: string): void {
  const latencies: number[] = [];
  window.__tapLatencies = latencies;
  let tap: { at: number; text: string } | null = null;
  const text = () => document.querySelector(title)?.textContent ?? '';
  window.addEventListener('pointerdown', () => (tap = { at: performance.now(), text: text() }), { capture: true });
  new MutationObserver(() => {
    // An empty title is the old item leaving, not the next one shown.
    const now = text();
    if (tap === null || now === '' || now === tap.text) return;
    const at = tap.at;
    tap = null;
    requestAnimationFrame(() => latencies.push(performance.now() - at));
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}
