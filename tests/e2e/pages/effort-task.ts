import type { Page } from 'playwright-core';

/**
 * Taps the effort task's big target up to `taps` times, 100 ms apart on the page's fake clock (10 taps/s, as a
 * finger would), stopping when the run ends (practice ends once the goal is reached), then lets the 5-second window
 * close.
 */
export async function tapRun(page: Page, taps: number): Promise<void> {
  let tapped = 0;
  while (tapped < taps) {
    const hit = await page.evaluate(() => {
      const target = document.querySelector('.effort-tap-target');
      target?.dispatchEvent(new PointerEvent('pointerdown', { isPrimary: true, bubbles: true, cancelable: true, pointerId: 1, pointerType: 'touch' }));
      return target !== null;
    });
    if (!hit) break;
    await page.clock.runFor(100);
    tapped += 1;
  }
  await page.clock.runFor(Math.max(200, 5_200 - tapped * 100));
}
