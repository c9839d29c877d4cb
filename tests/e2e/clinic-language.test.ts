import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesEn } from '../../src/i18n/messages-en.ts';
import { messagesZhCn } from '../../src/i18n/messages-zh-cn.ts';
import { axeViolations } from './axe.ts';
import { openAppSession, PASSPHRASE, type AppSession } from './harness.ts';

let session: AppSession | undefined;

beforeAll(async () => {
  session = await openAppSession({ width: 768, height: 1024 }, { locale: 'zh-CN' });
});

afterAll(async () => {
  await session?.close();
});

const heading = (name: string) => session!.page.getByRole('heading', { name, level: 2 });

describe('a Chinese-speaking clinic sets up a new tablet', () => {
  it('opens the first-run screen, with its data-loss warning, in the browser language (zh-CN)', async () => {
    const { page, served } = session!;
    await page.goto(served.url);
    await heading(messagesZhCn['setup.heading']).waitFor();
    expect(await page.getByText(messagesZhCn['setup.warning']).isVisible()).toBe(true);
    expect(await page.locator('[lang="zh-CN"]').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('offers the language choice on the first-run screen, and the choice stays after a reload', async () => {
    const { page, served } = session!;
    await page.getByLabel(messagesZhCn['language.label']).selectOption('en');
    await heading(messagesEn['setup.heading']).waitFor();
    await page.goto(served.url);
    await heading(messagesEn['setup.heading']).waitFor();
  });

  it('offers it again on the passphrase screen after locking', async () => {
    const { page } = session!;
    await page.getByLabel(messagesEn['setup.passphrase']).fill(PASSPHRASE);
    await page.getByLabel(messagesEn['setup.confirm']).fill(PASSPHRASE);
    await page.getByRole('button', { name: messagesEn['setup.submit'] }).click();
    await page.getByRole('button', { name: messagesEn['setup.recoveryDone'] }).click();
    await page.getByRole('button', { name: messagesEn['nav.lock'] }).click();
    await heading(messagesEn['unlock.heading']).waitFor();
    await page.getByLabel(messagesEn['language.label']).selectOption('zh-CN');
    await heading(messagesZhCn['unlock.heading']).waitFor();
    await page.getByLabel(messagesZhCn['unlock.passphrase']).fill(PASSPHRASE);
    await page.getByRole('button', { name: messagesZhCn['unlock.submit'] }).click();
    await page.getByRole('link', { name: messagesZhCn['nav.patients'] }).waitFor();
  });
});
