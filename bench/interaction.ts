import { availableChromium, launchChromium, setUpClinic } from '../tests/e2e/harness.ts';
import { serveDist } from './static-server.ts';

/**
 * Time from tapping an answer to the next item being painted, in the built app in Chromium with the CPU slowed
 * 4× (a cheap tablet). Measured in the page: pointerdown → the question number changes → next animation frame.
 */
export async function interactionLatency(samples: number, distDir = 'dist'): Promise<{ medianMs: number; p90Ms: number } | null> {
  if (!(await availableChromium())) return null;
  const served = await serveDist(distDir);
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
    await setUpClinic(page, served.url);
    await page.getByLabel('Patient code (pseudonym)').fill('BENCH');
    await page.getByRole('button', { name: 'Add patient' }).click();
    await page.getByRole('link', { name: /BENCH/ }).click();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Begin' }).click();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.evaluate(() => {
      const w = window as unknown as { __latencies: number[]; __tap: number };
      w.__latencies = [];
      w.__tap = 0;
      window.addEventListener('pointerdown', () => (w.__tap = performance.now()), { capture: true });
      new MutationObserver(() => {
        if (w.__tap === 0) return;
        const tap = w.__tap;
        w.__tap = 0;
        requestAnimationFrame(() => w.__latencies.push(performance.now() - tap));
      }).observe(document.querySelector('main') ?? document.body, { subtree: true, characterData: true, childList: true });
    });
    let taken = 0;
    while (taken < samples) {
      const option = page.locator('.answer-option').first();
      if ((await option.count()) === 0) {
        const start = page.getByRole('button', { name: 'Start', exact: true });
        if ((await start.count()) === 0) break;
        await start.click();
        continue;
      }
      // Past the app's double-tap guard (350 ms), as a patient's taps are.
      await page.waitForTimeout(400);
      await option.click();
      taken += 1;
    }
    const latencies = (await page.evaluate(() => (window as unknown as { __latencies: number[] }).__latencies)).sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    return { medianMs: at(0.5), p90Ms: at(0.9) };
  } finally {
    await browser.close();
    await served.stop();
  }
}
