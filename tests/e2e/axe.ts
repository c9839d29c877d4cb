import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeWindow = { axe?: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> } };

/** Runs axe-core (WCAG 2.1 A/AA) on the page as it is now; returns "rule (impact, nodes)" for each violation. */
export async function axeViolations(page: Page, impacts: readonly string[] = ['minor', 'moderate', 'serious', 'critical']): Promise<string[]> {
  const loaded = await page.evaluate(() => Boolean((window as unknown as AxeWindow).axe));
  // Evaluated through the DevTools protocol rather than a <script> tag, so the app's CSP stays in force.
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as AxeWindow).axe;
    if (!axe) return [];
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', nodes: v.nodes.length }));
  });
  return violations.filter((v) => impacts.includes(v.impact)).map((v) => `${v.id} (${v.impact}, ${v.nodes})`);
}

/** Visible controls smaller than 48 × 48 CSS px (WCAG 2.5.5 target size; the project's minimum, README), as "text: w×h". */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  return page.locator('button, a[href], input, select, summary, textarea, label.answer-option, label.choice').evaluateAll((elements) =>
    elements
      .filter((el) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && box.left >= 0;
      })
      .filter((el) => {
        // A radio or checkbox inside a large label is reached through the label.
        if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox') && el.closest('label')) return false;
        const box = el.getBoundingClientRect();
        return box.height < 48 || box.width < 48;
      })
      .map((el) => {
        const box = el.getBoundingClientRect();
        return `${(el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 30)}: ${Math.round(box.width)}×${Math.round(box.height)}`;
      }),
  );
}
