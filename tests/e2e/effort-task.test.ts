import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { openAppSession, setUpClinic, type AppSession } from './harness.ts';
import { tapRun } from './pages/effort-task.ts';
import { handOverShapsWith } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

let session: AppSession | undefined;
let page: Page;

beforeAll(async () => {
  session = await openAppSession();
  page = session.page;
  await page.clock.install({ time: new Date('2026-04-01T09:00:00Z') });
  await setUpClinic(page, session.served.url);
  const patients = new PatientsScreen(page);
  await patients.add({ code: 'E-001' });
  await patients.open('E-001');
}, 60_000);

afterAll(async () => {
  await session?.close();
});

const heading = () => page.getByRole('heading', { level: 2 }).first().innerText();

/** The patient's rule: accept when the points outweigh the effort (reward > effort level). */
async function playOffer(): Promise<{ reward: number; effort: number; accepted: boolean }> {
  await page.clock.runFor(1_100);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/effort-offer.png` });
  const accept = page.getByRole('button', { name: /^Yes: tap for/ });
  const reward = Number(/(\d+) points/.exec(await accept.innerText())?.[1]);
  const effort = Number(/Effort (\d) of 4/.exec(await page.locator('.effort-offer').innerText())?.[1]);
  const accepted = reward > effort;
  if (accepted) {
    await accept.click();
    await tapRun(page, 50);
  } else {
    await page.getByRole('button', { name: /^No: wait for/ }).click();
    await page.clock.runFor(5_200);
  }
  await page.clock.runFor(1_600);
  return { reward, effort, accepted };
}

describe('the effort-based decision task on the tablet', () => {
  const played: { reward: number; effort: number; accepted: boolean }[] = [];

  it('is chosen with a battery and follows the questionnaire in patient mode', async () => {
    await handOverShapsWith(page, /^Short: 16 offers/);
    // Announced before it starts: a bridging screen, never the game straight after the questions.
    await page.getByRole('heading', { name: 'Next: a short game', exact: true }).waitFor();
    expect(await page.getByText('It takes about 4 minutes').count()).toBe(1);
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    await page.getByRole('button', { name: 'Start the game' }).click();
    await page.getByRole('heading', { name: 'Tap as fast as you can', exact: true }).waitFor();
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
  });

  it('calibrates, practises each level and checks understanding', async () => {
    while ((await heading()) === 'Tap as fast as you can') {
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await tapRun(page, 50);
    }
    while ((await heading()).startsWith('Practice')) {
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await tapRun(page, 50);
      await page.clock.runFor(1_600);
    }
    expect(await heading()).toBe('How the game works');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: '1 point', exact: true }).click();
    await page.getByRole('button', { name: 'No points', exact: true }).click();
    expect(await heading()).toBe('Ready to play');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
  });

  it('saves each offer as it is played; after a reload staff continue it, at the next offer', async () => {
    for (let i = 0; i < 6; i += 1) played.push(await playOffer());
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    // Patient mode holds no key that opens the game's record (sealed for the clinic): after a reload it asks for staff.
    await page.reload();
    await page.getByRole('button', { name: 'Begin' }).click();
    await page.getByRole('heading', { name: 'Thank you', exact: true }).waitFor();
    expect(await page.getByText(/give the tablet to a member of staff/).count()).toBe(1);
    await new TakeBack(page).takeBack();
    await page.getByRole('button', { name: 'Hand tablet to patient' }).click();
    await page.getByRole('button', { name: 'Begin' }).click();
    await page.getByRole('button', { name: 'Start the game' }).click();
    await page.getByRole('heading', { name: 'Offer 7 of 16', exact: true }).waitFor();
    for (let i = 6; i < 16; i += 1) played.push(await playOffer());
    await page.getByRole('heading', { name: 'All done. Thank you!', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { name: 'Thank you, you have finished', exact: true }).waitFor();
  });

  it('shows the clinician the acceptance grid and fitted parameters with their uncertainty', async () => {
    await new TakeBack(page).takeBack();
    // A research measure: folded and dated on the patient page, opened on request.
    await page.locator('summary', { hasText: /^Effort task of / }).click();
    await page.getByRole('heading', { name: 'Effort task (research measure)', exact: true }).waitFor();
    const section = page.locator('.effort-result');
    const accepted = played.filter((p) => p.accepted).length;
    expect(await section.innerText()).toContain(`Accepted ${String(Math.round((accepted / 16) * 100))}% of 16 offers.`);
    const parameters = await page.getByRole('table', { name: /Fitted parameters/ }).locator('tbody tr').allInnerTexts();
    expect(parameters.map((row) => row.split('\t')[0])).toEqual(['Acceptance bias (a)', 'Reward sensitivity (kR)', 'Effort sensitivity (kE)']);
    for (const row of parameters) expect(row).toMatch(/\t-?\d+(\.\d+)? ± \d+(\.\d+)?$/);
    const grid = await page.getByRole('table', { name: /Offers accepted, by reward/ }).locator('tbody tr').allInnerTexts();
    const cell = (reward: number, effort: number) => played.filter((p) => p.reward === reward && p.effort === effort);
    expect(grid.map((row) => row.split('\t'))).toEqual(
      [5, 4, 3, 2].map((reward) => [String(reward), ...[1, 2, 3, 4].map((effort) => `${String(cell(reward, effort).filter((p) => p.accepted).length)}/${String(cell(reward, effort).length)}`)]),
    );
    expect(await section.innerText()).toContain('No reference data');
    expect(await page.locator('.effort-result .recharts-line').count()).toBe(4);
    if (process.env.SCREENSHOTS) await section.screenshot({ path: `${process.env.SCREENSHOTS}/effort-result.png` });
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
  });
});
