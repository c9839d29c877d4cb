import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from './harness.ts';
import { SetUpScreen } from './pages/set-up.ts';

let session: AppSession | undefined;
let first: Page;

beforeAll(async () => {
  session = await openAppSession();
  first = session.page;
  await new SetUpScreen(first).setUp(session.served.url);
});

afterAll(async () => {
  await session?.close();
});

describe('one live tab: a second tab never shows or holds clinician data', () => {
  it('shows "Staff only" and nothing else in a second tab while the first is open', async () => {
    if (!session) throw new Error('no session');
    const second = await session.context.newPage();
    await second.goto(session.served.url);
    await second.getByRole('heading', { name: 'Staff only: open in another tab' }).waitFor();
    expect(await second.getByRole('link', { name: 'Patients' }).count()).toBe(0);
    expect(await second.getByLabel('Clinic passphrase').count()).toBe(0);
    expect(await second.getByRole('button').count()).toBe(0);
    // The first tab is still the one in use.
    expect(await first.getByRole('heading', { name: 'Patients', level: 2 }).count()).toBe(1);

    if (process.env.SCREENSHOTS) await second.screenshot({ path: `${process.env.SCREENSHOTS}/other-tab-en.png` });

    // In a Chinese-speaking clinic the notice is in Chinese.
    await first.getByLabel('Language').selectOption('zh-CN');
    await first.getByLabel('语言').waitFor();
    await second.reload();
    await second.getByRole('heading', { name: '仅限工作人员：已在另一个标签页中打开' }).waitFor();
    if (process.env.SCREENSHOTS) await second.screenshot({ path: `${process.env.SCREENSHOTS}/other-tab-zh.png` });

    // Once the first tab is closed, reloading the second opens the app, locked: only the passphrase leads on.
    await first.close();
    await second.reload();
    await second.getByLabel('诊所口令').waitFor();
    expect(await second.getByRole('link', { name: 'Patients' }).count()).toBe(0);
  });
});
