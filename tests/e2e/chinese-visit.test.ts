import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesZhCn as zh } from '../../src/i18n/messages-zh-cn.ts';
import { TEST_PACK_HASH, TEST_PACK_PATH, TEST_PACK_TEXT } from '../support/packs.ts';
import { foreignWords, mainText as mainTextOf, PACK } from './foreign-words.ts';
import { axeViolations } from './axe.ts';
import { openAppSession, PASSPHRASE, setUpClinic, tapAnswer, type AppSession } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';

/*
 * A Chinese-speaking clinic that holds a licensed PHQ-9 translation runs a whole visit in Chinese. The pack is a
 * test pack (tests/fixtures/packs): every string says it is not a translation, and it stands in for the licensed one.
 */

let session: AppSession | undefined;
let page: Page;
const CODE = '4471';

beforeAll(async () => {
  // SCREENSHOTS_LANDSCAPE=1 runs it on a 1024×768 tablet (for the screenshots a reviewer looks at).
  session = await openAppSession(process.env.SCREENSHOTS_LANDSCAPE ? { width: 1024, height: 768 } : { width: 768, height: 1024 });
  page = session.page;
  await setUpClinic(page, session.served.url);
  await new PatientsScreen(page).add({ code: CODE, displayName: '王芳' });
  await page.getByRole('navigation').getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('link', { name: zh['nav.settings'] }).waitFor();
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('a Chinese clinic runs a whole visit in Chinese with a licensed translation pack', () => {
  it('refuses broken packs in Settings, naming the problem, and changes nothing', async () => {
    await page.getByRole('link', { name: zh['nav.settings'] }).click();
    const input = page.getByLabel(zh['packs.file']);
    const missing = JSON.parse(TEST_PACK_TEXT) as { items: Record<string, string> };
    delete missing.items['phq-9-4'];
    const broken: [string, Buffer, string][] = [
      ['phq-9.zh-CN.json', Buffer.from('{ not json'), zh['packs.problem.not-json']],
      ['phq-9.zh-CN.json', Buffer.from(JSON.stringify(missing)), zh['packs.problem.item-missing'].replace('{item}', 'phq-9-4')],
      ['phq-9.zh-CN.json', Buffer.alloc(5 * 1024 * 1024, 32), '5.0 MB'],
    ];
    for (const [name, buffer, message] of broken) {
      await input.setInputFiles({ name, mimeType: 'application/json', buffer });
      await page.getByText(message).first().waitFor();
      expect(await page.getByText(zh['packs.unchanged']).isVisible()).toBe(true);
    }
    expect(await page.getByText(TEST_PACK_HASH.slice(0, 12)).count()).toBe(0);
  });

  it('imports the PHQ-9 pack and lists it with its provenance and hash', async () => {
    await page.getByLabel(zh['packs.file']).setInputFiles(TEST_PACK_PATH);
    await page.getByText(zh['packs.importedDone'].split('{')[0] ?? '').waitFor();
    expect(await page.locator(`code[title="${TEST_PACK_HASH}"]`).count()).toBe(1);
  });

  it('says before the hand-over which questionnaires have no Chinese text, and starts PHQ-9 in Chinese', async () => {
    await page.getByRole('link', { name: zh['nav.patients'] }).click();
    await page.getByRole('link', { name: new RegExp(CODE) }).click();
    // The standard battery: every scale but the PHQ-9 lacks Chinese text on this tablet, and the form says so.
    const noText = page.getByText(/SHAPS.*TEPS|TEPS.*SHAPS/).filter({ hasText: zh['lang.noText'].split('：')[1]?.slice(0, 6) ?? '' });
    await noText.first().waitFor();
    await page.getByLabel(zh['start.choose']).check();
    await page.getByRole('checkbox', { name: /^PHQ-9/ }).check();
    await page.getByRole('button', { name: zh['start.submit'], exact: true }).click();
    // The start form's 开始 and the welcome's 开始 read the same: wait for the welcome before tapping it.
    await page.getByRole('heading', { name: zh['handover.heading'], exact: true }).waitFor();
    await page.getByRole('button', { name: zh['handover.begin'] }).click();
    // In Chinese the welcome's 开始 and the questionnaire's 开始 read the same: wait for the questionnaire's intro.
    await page.getByText(PACK.instructions).waitFor();
    await page.getByRole('button', { name: zh['form.start'], exact: true }).click();
    await page.getByText(PACK.items['phq-9-1'] ?? '').waitFor();
    expect(await page.locator('[lang="zh-CN"]').first().count()).toBe(1);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/zh-patient-item.png` });
    // Patient mode names no condition: no title bar ("抑郁症…筛查") in the patient's hands.
    expect(await page.locator('.app-header').count()).toBe(0);
    expect(await page.getByText(zh['app.tagline']).count()).toBe(0);
    // One answer column, in landscape too (a two-column grid is read row by row and invites position errors).
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1024, height: 768 });
    const lefts = await page.locator('.answer-option').evaluateAll((options) => options.map((o) => Math.round(o.getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    if (viewport) await page.setViewportSize(viewport);
  });

  it('resumes a reload mid-questionnaire straight at the next item, in Chinese', async () => {
    for (let i = 0; i < 2; i += 1) await tapAnswer(page, '测试选项 0');
    await new HandOver(page).stored();
    await page.reload();
    await page.getByText(PACK.items['phq-9-3'] ?? '').waitFor();
    // No welcome to tap through again: its 开始 and the full length would read as starting over.
    expect(await page.getByRole('heading', { name: zh['handover.heading'], exact: true }).count()).toBe(0);
    expect(await page.locator('[lang="zh-CN"]').first().count()).toBe(1);
    expect(foreignWords(await mainTextOf(page))).toEqual([]);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/zh-patient-resumed.png` });
  });

  it('gives the patient the safety message after item 9 and ends asking for staff', async () => {
    for (let i = 2; i < 8; i += 1) await tapAnswer(page, '测试选项 0');
    await tapAnswer(page, '测试选项 2');
    await page.getByRole('heading', { name: zh['safety.heading'] }).waitFor();
    await page.getByRole('button', { name: zh['safety.continue'] }).click();
    await tapAnswer(page, '测试选项 1');
    await page.getByRole('button', { name: zh['form.finish'] }).click();
    await page.getByRole('heading', { name: zh['finished.staffNowHeading'] }).waitFor();
  });

  it('shows staff the alert in Chinese, with no English fragment', async () => {
    await page.getByRole('button', { name: zh['handover.staff'] }).click();
    await page.getByLabel(zh['unlock.passphrase']).fill(PASSPHRASE);
    await page.getByRole('button', { name: zh['unlock.submit'] }).click();
    await page.getByRole('heading', { name: zh['alerts.heading'] }).waitFor();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/zh-alerts.png` });
    expect(foreignWords(await mainTextOf(page))).toEqual([]);
  });

  it('shows the results in Chinese, naming the language and the pack', async () => {
    await page.getByRole('link', { name: new RegExp(CODE) }).first().click();
    await page.getByRole('heading', { name: zh['patient.heading'].replace('{code}', CODE) }).waitFor();
    await page.getByText(TEST_PACK_HASH.slice(0, 12)).first().waitFor();
    if (process.env.SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.SCREENSHOTS}/zh-results-top.png` });
      await page.locator('section.result').first().screenshot({ path: `${process.env.SCREENSHOTS}/zh-results.png` });
    }
    expect(foreignWords(await mainTextOf(page))).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('writes the text for the clinical note in Chinese', async () => {
    await page.getByText(zh['note.heading']).first().click();
    const note = await page.locator('textarea.note-text').first().inputValue();
    expect(note).toContain('PHQ-9');
    expect(note).toContain(TEST_PACK_HASH.slice(0, 12));
    expect(foreignWords(note)).toEqual([]);
  });

  it('prints the report in Chinese on one page, saying the PHQ-9 was answered in Chinese', async () => {
    await page.getByRole('link', { name: zh['completed.report'] }).first().click();
    await page.getByText(zh['lang.answeredIn'].replace('{language}', '')).first().waitFor();
    // The profile (loaded on demand) is on the page before it is printed.
    await page.getByRole('heading', { name: zh['profile.heading'] }).waitFor({ timeout: 10_000 });
    expect(foreignWords(await mainTextOf(page))).toEqual([]);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    if (process.env.SCREENSHOTS) writeFileSync(`${process.env.SCREENSHOTS}/zh-report.pdf`, pdf);
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    if (process.env.SCREENSHOTS) {
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: `${process.env.SCREENSHOTS}/zh-report.png`, fullPage: true });
      await page.emulateMedia({ media: 'screen' });
    }
  });
});
