import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, setUpClinic, type AppSession } from './harness.ts';
import { enterPhq9 } from './pages/clinic-record.ts';
import { PatientsScreen } from './pages/patients.ts';

/** "Correct this visit" on the latest visit's card, as a clinician meets it (one visit, corrected once). */

let session: AppSession | undefined;
let page: Page;
const CODE = 'C-101';

beforeAll(async () => {
  session = await openAppSession();
  page = session.page;
  await page.clock.install({ time: new Date('2026-10-05T09:00:00Z') });
  await setUpClinic(page, session.served.url);
  const patients = new PatientsScreen(page);
  await patients.add({ code: CODE });
  await (await patients.open(CODE)).shows(CODE);
  await enterPhq9(page, CODE, [2, 2, 2, 2, 1, 1, 1, 1, 0]);
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('correcting the latest visit', () => {
  it('marks each item label with the language the item was given in', async () => {
    const form = page.locator('details.correct-visit');
    await form.locator('> summary').click();
    // The label's item text carries the pack's language (a Chinese interface reads an English item as English).
    const item = form.locator('label.field', { has: page.getByRole('combobox', { name: /^1\. / }) }).locator('span[lang="en"]');
    expect(await item.innerText()).toBe('Little interest or pleasure in doing things');
    // "(no answer)" in the item's list is the interface's words, not the item's.
    const difficulty = page.getByRole('combobox', { name: /^10\. / });
    expect(await difficulty.getAttribute('lang')).toBe('en');
    expect(await difficulty.locator('option[value=""]').getAttribute('lang')).toBe('en');
  });

  it('after saving, folds the form of the new version and leaves its note empty', async () => {
    const form = page.locator('details.correct-visit');
    await page.getByRole('combobox', { name: /^1\. / }).selectOption({ label: 'Not at all' });
    await page.getByRole('textbox', { name: 'Note: why, in your words' }).fill('item 1 keyed in the wrong row');
    await page.getByRole('button', { name: 'Save the corrected version' }).click();
    await page.locator('.notice-info').getByText(/^Corrected version 2, .*: A wrong answer was entered — “item 1 keyed in the wrong row”/).waitFor();
    await page.locator('details.correct-visit:not([open])').waitFor();
    expect(await page.locator('details.correct-visit[open]').count()).toBe(0);
    await form.locator('> summary').click();
    expect(await page.getByRole('textbox', { name: 'Note: why, in your words' }).inputValue()).toBe('');
    expect(await page.getByRole('combobox', { name: /^1\. / }).locator('option:checked').innerText()).toBe('Not at all');
  });
});
