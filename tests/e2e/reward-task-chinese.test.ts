import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesZhCn as zh } from '../../src/i18n/messages-zh-cn.ts';
import { TEST_PACK_PATH } from '../support/packs.ts';
import { axeViolations } from './axe.ts';
import { foreignWords, mainText, PACK } from './foreign-words.ts';
import { openAppSession, PASSPHRASE, setUpClinic, tapAnswer, type AppSession } from './harness.ts';
import { PatientsScreen } from './pages/patients.ts';
import { playRewardTrial, type Mouth } from './pages/reward-task.ts';

/*
 * The reward task in a Chinese clinic: the patient's screens in the patient's Chinese (our own wording: it is our
 * task, not a licensed scale), and the clinician's result in Chinese with no English fragment.
 */

let session: AppSession | undefined;
let page: Page;
const CODE = '5820';
const labels: Record<Mouth, string> = { short: zh['reward.mouth.short'], long: zh['reward.mouth.long'] };
const shots = process.env.SCREENSHOTS;
const suffix = process.env.SCREENSHOTS_LANDSCAPE ? '-landscape' : '';

beforeAll(async () => {
  session = await openAppSession(process.env.SCREENSHOTS_LANDSCAPE ? { width: 1024, height: 768 } : { width: 768, height: 1024 });
  page = session.page;
  await page.clock.install({ time: new Date('2026-04-01T09:00:00Z') });
  await setUpClinic(page, session.served.url);
  await new PatientsScreen(page).add({ code: CODE });
  await page.getByRole('navigation').getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('link', { name: zh['nav.settings'] }).click();
  await page.getByLabel(zh['packs.file']).setInputFiles(TEST_PACK_PATH);
  await page.getByText(zh['packs.importedDone'].split('{')[0] ?? '').waitFor();
}, 60_000);

afterAll(async () => {
  await session?.close();
});

/** Latin words on the patient's screen: none allowed beyond the pack's own test wording. */
async function patientLatin(): Promise<string[]> {
  return foreignWords(await page.locator('body').innerText());
}

describe('the reward task in Chinese', () => {
  it('runs in the patient’s Chinese after a Chinese PHQ-9', async () => {
    await page.getByRole('link', { name: zh['nav.patients'] }).click();
    await page.getByRole('link', { name: new RegExp(CODE) }).click();
    await page.getByLabel(zh['start.choose']).check();
    await page.getByRole('checkbox', { name: /^PHQ-9/ }).check();
    await page.getByLabel(zh['rewardTask.choice.standard']).check();
    await page.getByRole('button', { name: zh['start.submit'], exact: true }).click();
    await page.getByRole('heading', { name: zh['handover.heading'], exact: true }).waitFor();
    expect(await page.getByText(zh['handover.introReward'].replace('{minutes}', '19')).count()).toBe(1);
    await page.getByRole('button', { name: zh['handover.begin'] }).click();
    await page.getByText(PACK.instructions).waitFor();
    await page.getByRole('button', { name: zh['form.start'], exact: true }).click();
    for (let i = 0; i < 9; i += 1) await tapAnswer(page, '测试选项 0');
    const finish = page.getByRole('button', { name: zh['form.finish'] });
    if ((await finish.count()) === 0) await tapAnswer(page, '测试选项 0');
    await finish.click();
    await page.getByRole('heading', { name: zh['handover.rewardHeading'], exact: true }).waitFor();
    expect(await patientLatin()).toEqual([]);
    await page.getByRole('button', { name: zh['handover.gameStart'] }).click();
    await page.getByRole('heading', { name: zh['reward.instructions.heading'], exact: true }).waitFor();
    if (shots) await page.screenshot({ path: `${shots}/zh-reward-instructions${suffix}.png`, fullPage: true });
    expect(await patientLatin()).toEqual([]);
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    await page.getByRole('button', { name: zh['reward.start'], exact: true }).click();
    for (let i = 0; i < 8; i += 1) await playRewardTrial(page, (mouth) => mouth, 400, 0, labels);
    await page.getByRole('button', { name: zh['reward.start'], exact: true }).click();
    let won = false;
    for (let i = 0; i < 100; i += 1) {
      const trial = await playRewardTrial(page, (mouth) => (mouth === 'long' && i % 3 === 0 ? 'short' : mouth), 250 + (i % 5) * 60, won ? 1_750 : 150, labels);
      if (trial.won && !won) {
        won = true;
        if (shots) await page.screenshot({ path: `${shots}/zh-reward-feedback${suffix}.png` });
        expect(await page.locator('.reward-feedback').innerText()).toBe(zh['reward.feedback.won'].replace('{points}', '5'));
        await page.clock.runFor(1_600);
      }
    }
    await page.getByRole('heading', { name: zh['reward.break.heading'], exact: true }).waitFor();
    if (shots) await page.screenshot({ path: `${shots}/zh-reward-break${suffix}.png` });
    expect(await patientLatin()).toEqual([]);
    await page.getByRole('button', { name: zh['reward.break.continue'] }).click();
    for (let block = 2; block <= 3; block += 1) {
      for (let i = 0; i < 100; i += 1) await playRewardTrial(page, (mouth) => (mouth === 'long' && i % 3 === 0 ? 'short' : mouth), 250 + (i % 5) * 60, 1_750, labels);
      if (block === 2) await page.getByRole('button', { name: zh['reward.break.continue'] }).click();
    }
    await page.getByRole('heading', { name: zh['reward.done.heading'], exact: true }).waitFor();
    expect(await patientLatin()).toEqual([]);
    await page.getByRole('button', { name: zh['reward.finish'] }).click();
    await page.getByRole('heading', { name: zh['finished.heading'], exact: true }).waitFor();
  }, 300_000);

  it('shows the clinician the result in Chinese, with no English fragment', async () => {
    await page.getByRole('button', { name: zh['handover.staff'] }).click();
    await page.getByLabel(zh['unlock.passphrase']).fill(PASSPHRASE);
    await page.getByRole('button', { name: zh['unlock.submit'] }).click();
    const summary = page.locator('summary', { hasText: zh['patient.rewardOn'].split('{date}')[1]?.trim() ?? '' });
    await summary.click();
    await page.getByRole('heading', { name: zh['rewardResult.heading'], exact: true }).waitFor();
    const section = page.locator('.effort-result', { hasText: zh['rewardResult.heading'] });
    if (shots) await section.screenshot({ path: `${shots}/zh-reward-result${suffix}.png` });
    expect(await section.innerText()).toContain(zh['rewardResult.noReference']);
    expect(foreignWords(await mainText(page))).toEqual([]);
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
  });
});
