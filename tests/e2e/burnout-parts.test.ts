import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesEn as en } from '../../src/i18n/messages-en.ts';
import { messagesZhCn as zh } from '../../src/i18n/messages-zh-cn.ts';
import { axeViolations } from './axe.ts';
import { foreignWords } from './foreign-words.ts';
import { type AppSession, openClinic, tapAnswer } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

/*
 * The Copenhagen Burnout Inventory (issue 21) for a patient who does not work with clients: the clinician leaves
 * the client part out at the start, the patient is asked the personal and work parts only (also after a reload,
 * when the tablet can no longer read the answers), and the client scale shows as not asked, never as missing.
 * Wording and expected values come from instruments/cbi/ (instrument.json, locales/en.json, labels/*.json).
 */

type Item = { id: string; optionSet: string };
type Cbi = { items: Item[]; parts: { id: string; items: string[] }[] };
const dir = join(import.meta.dirname, '..', '..', 'instruments', 'cbi');
const read = (...path: string[]): unknown => JSON.parse(readFileSync(join(dir, ...path), 'utf8'));
const CBI = read('instrument.json') as Cbi;
const TEXT = read('locales', 'en.json') as { items: Record<string, string>; optionSets: Record<string, Record<string, string>>; instructions?: string };
const LABELS = { en: read('labels', 'en.json'), zh: read('labels', 'zh-CN.json') } as Record<'en' | 'zh', { scores: Record<string, string>; parts: Record<string, string> }>;
const CLIENT = new Set(CBI.parts.find((p) => p.id === 'client')?.items);
const ASKED = CBI.items.filter((i) => !CLIENT.has(i.id));
/** Every frequency item "Often" (75; the reversed leisure-energy item 25), every degree item "Somewhat" (50). */
const answerOf = (item: Item) => TEXT.optionSets[item.optionSet]?.[item.optionSet === 'frequency' ? 'often' : 'somewhat'] ?? 'missing';
// Personal: 6 × 75 → 75. Work: degree 3 × 50, frequency 3 × 75, reversed 25 → 400 / 7 = 57.1.
const EXPECTED = { personal: '75', work: '57.1' };

let session: AppSession | undefined;
let page: Page;
const shots = process.env.SCREENSHOTS;

beforeAll(async () => {
  session = await openClinic();
  page = session.page;
  await new PatientsScreen(page).add({ code: 'BRN-01' });
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('burnout with a part left out as not applicable (CBI, no client work)', () => {
  it('offers the parts of CBI at the start, each asked unless the clinician unticks it', async () => {
    const patient = await new PatientsScreen(page).open('BRN-01');
    await patient.choose(/^CBI\b/);
    const parts = page.getByRole('group', { name: en['start.parts'].replace('{name}', 'CBI') });
    await parts.waitFor();
    for (const part of ['work', 'client']) expect(await parts.getByLabel(LABELS.en.parts[part] ?? 'missing').isChecked()).toBe(true);
    await parts.getByLabel(LABELS.en.parts.client ?? 'missing').uncheck();
    expect(await axeViolations(page)).toEqual([]);
    await shootParts(parts, 'en');
    await page.getByLabel(en['start.patient']).check();
    await patient.start();
  }, 60_000);

  it('asks the patient the personal and work items only, also after a reload', async () => {
    const handOver = new HandOver(page);
    await handOver.begin();
    // No instructions printed by the authors: none invented; each item is its own question.
    await handOver.startInstrument();
    for (const [index, item] of ASKED.entries()) {
      await page.locator('.item-text', { hasText: TEXT.items[item.id] ?? 'missing' }).waitFor();
      expect(await page.locator(".item-position").innerText()).toBe(`Question ${String(index + 1)} of ${String(ASKED.length)}`);
      expect(await page.locator('.item-stem').count()).toBe(0);
      if (index === 7) {
        if (shots) await page.screenshot({ path: `${shots}/cbi-item-en.png` });
        // Patient mode cannot read the answers after a reload; it still knows the client part is not asked.
        await handOver.stored();
        await page.reload();
        await page.locator('.item-text', { hasText: TEXT.items[item.id] ?? 'missing' }).waitFor();
        expect(await page.getByText(`Question 8 of ${String(ASKED.length)}`).count()).toBe(1);
      }
      await tapAnswer(page, answerOf(item));
    }
    await page.getByRole('button', { name: en['form.finish'] }).click();
    await page.getByRole('heading', { name: en['finished.heading'] }).waitFor();
    await new TakeBack(page).takeBack();
    await page.getByRole('heading', { name: 'Patient BRN-01', exact: true }).waitFor();
  }, 120_000);

  it('shows the personal and work scores, and the client scale as not asked rather than missing', async () => {
    const result = page.locator('section.result[aria-label="CBI"]');
    await result.waitFor();
    const rows = (await result.locator(':scope > ul > li').allInnerTexts()).map((row) => row.split('\n')[0]);
    expect(rows).toEqual([
      `${LABELS.en.scores.personal}: ${EXPECTED.personal} — ${en['direction.more-burnout']}`,
      `${LABELS.en.scores.work}: ${EXPECTED.work} — ${en['direction.more-burnout']}`,
      `${LABELS.en.scores.client}: ${en['result.notScored']} (${en['result.reason.not-asked']}) — ${en['direction.more-burnout']}`,
    ]);
    expect(await result.getByText(/^Missing items/).count()).toBe(0);
    const card = page.getByRole('region', { name: en['context.heading'] });
    const burnout = card.locator('li.context-item', { has: page.getByRole('heading', { name: en['instrument.construct.burnout'] }) });
    expect(await burnout.innerText()).toContain(`${LABELS.en.scores.work}: ${EXPECTED.work}`);
    expect(await axeViolations(page)).toEqual([]);
    await shoot(result, card, 'en');
  });

  it('prints the visit on one page, the client scale said to be not asked', async () => {
    await printsOnOnePage('en');
  });

  it('shows the result and the burnout block in Chinese, with no Latin words but the instrument’s name', async () => {
    await page.getByRole('navigation').getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: zh['patient.heading'].replace('{code}', 'BRN-01'), exact: true }).waitFor();
    const result = page.locator('section.result[aria-label="CBI"]');
    const rows = (await result.locator(':scope > ul > li').allInnerTexts()).map((row) => row.split('\n')[0] ?? '');
    expect(rows[2]).toContain(`${LABELS.zh.scores.client}`);
    expect(rows[2]).toContain(zh['result.reason.not-asked']);
    const card = page.getByRole('region', { name: zh['context.heading'] });
    const burnout = card.locator('li.context-item', { has: page.getByRole('heading', { name: zh['instrument.construct.burnout'] }) });
    expect(foreignWords(await burnout.innerText())).toEqual([]);
    expect(await burnout.innerText()).toContain(zh['result.reason.not-asked']);
    expect(await axeViolations(page)).toEqual([]);
    await shoot(result, card, 'zh');
    await printsOnOnePage('zh');
  });

  it('offers the parts in Chinese, in the clinician’s words, with no English left on the form', async () => {
    await page.getByRole('link', { name: zh['nav.patients'], exact: true }).click();
    await page.getByRole('link', { name: /BRN-01/ }).click();
    const newAssessment = page.getByRole('button', { name: zh['patient.newAssessment'], exact: true });
    await newAssessment.or(page.getByLabel(zh['start.choose'])).first().waitFor();
    if (await newAssessment.isVisible()) await newAssessment.click();
    await page.getByLabel(zh['start.choose']).check();
    await page.getByRole('checkbox', { name: /^CBI\b/ }).check();
    const parts = page.getByRole('group', { name: zh['start.parts'].replace('{name}', 'CBI') });
    for (const part of ['work', 'client']) await parts.getByLabel(LABELS.zh.parts[part] ?? 'missing').waitFor();
    expect(foreignWords(await parts.innerText())).toEqual([]);
    // The questionnaires to choose from are named in Chinese too (their short names excepted).
    expect(foreignWords(await page.getByRole('group', { name: zh['start.instruments'], exact: true }).innerText())).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await shootParts(parts, 'zh');
  });
});

/** Opens the visit's report: CBI's client scale is said to be not asked; it prints on one A4 and one Letter page. */
async function printsOnOnePage(language: 'en' | 'zh'): Promise<void> {
  const t = language === 'en' ? en : zh;
  await page.getByRole('link', { name: t['completed.report'] }).first().click();
  await page.getByRole('heading', { name: t['report.heading'], exact: true }).waitFor();
  expect(await page.locator('.report').innerText()).toContain(t['result.reason.not-asked']);
  for (const format of ['A4', 'Letter'] as const) {
    const pdf = await page.pdf({ format, printBackground: true });
    if (shots) writeFileSync(join(shots, `cbi-report-${language}-${format}.pdf`), pdf);
    expect({ format, pages: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length }).toEqual({ format, pages: 1 });
  }
  await page.goBack();
  await page.getByRole('heading', { name: t['patient.heading'].replace('{code}', 'BRN-01'), exact: true }).waitFor();
}

/** With SCREENSHOTS set: the CBI result on the patient page at portrait and landscape tablet sizes, and the context card. */
async function shoot(result: Locator, card: Locator, language: 'en' | 'zh'): Promise<void> {
  if (!shots) return;
  await atBothSizes(result, 'start', `cbi-result-${language}`);
  await card.screenshot({ path: `${shots}/cbi-context-${language}.png` });
}

/** With SCREENSHOTS set: the start form's parts at portrait and landscape tablet sizes. */
async function shootParts(parts: Locator, language: 'en' | 'zh'): Promise<void> {
  if (shots) await atBothSizes(parts, 'center', `cbi-parts-${language}`);
}

/** The page at 768×1024 and 1024×768 with `target` scrolled into view (`<name>-<width>x<height>.png`), back at 768×1024. */
async function atBothSizes(target: Locator, block: 'start' | 'center', name: string): Promise<void> {
  for (const size of [{ width: 768, height: 1024 }, { width: 1024, height: 768 }]) {
    await page.setViewportSize(size);
    await target.evaluate((el, at) => el.scrollIntoView({ block: at }), block);
    await page.screenshot({ path: `${shots}/${name}-${String(size.width)}x${String(size.height)}.png` });
  }
  await page.setViewportSize({ width: 768, height: 1024 });
}
