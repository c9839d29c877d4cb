import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { openAppSession, setUpClinic, type AppSession } from './harness.ts';
import { PatientsScreen } from './pages/patients.ts';
import { handOverShapsWith } from './pages/hand-over.ts';
import { playRewardTrial, type Mouth } from './pages/reward-task.ts';
import { TakeBack } from './pages/take-back.ts';

let session: AppSession | undefined;
let page: Page;

beforeAll(async () => {
  session = await openAppSession();
  page = session.page;
  await page.clock.install({ time: new Date('2026-04-01T09:00:00Z') });
  await setUpClinic(page, session.served.url);
  const patients = new PatientsScreen(page);
  await patients.add({ code: 'R-001' });
  await patients.open('R-001');
}, 60_000);

afterAll(async () => {
  await session?.close();
});

const heading = (name: string) => page.getByRole('heading', { name, exact: true }).waitFor();
type Played = { mouth: Mouth; response: Mouth; won: boolean; block: number };
const played: Played[] = [];

/**
 * The simulated patient: always right on a short mouth; on a long one, says "short" on every third. A bias towards
 * "short", whichever mouth the tablet made the rich one. Reaction times vary from 250 to 490 ms.
 */
let longSeen = 0;
function answer(mouth: Mouth): Mouth {
  if (mouth === 'short') return 'short';
  longSeen += 1;
  return longSeen % 3 === 0 ? 'short' : 'long';
}
async function playMain(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const block = Math.floor(played.length / 100) + 1;
    played.push({ ...(await playRewardTrial(page, answer, 250 + (played.length % 5) * 60)), block });
  }
}

/** log b and log d as the paper defines them (base 10, 0.5 added to every cell), from what the test itself played. */
function signalDetection(trials: readonly Played[], rich: Mouth) {
  const cell = (stimulus: 'rich' | 'lean', correct: boolean) => trials.filter((t) => (t.mouth === rich) === (stimulus === 'rich') && (t.response === t.mouth) === correct).length + 0.5;
  const [rc, ri, lc, li] = [cell('rich', true), cell('rich', false), cell('lean', true), cell('lean', false)];
  return { logB: 0.5 * Math.log10((rc * li) / (ri * lc)), logD: 0.5 * Math.log10((rc * lc) / (ri * li)) };
}

describe('the probabilistic reward task on the tablet', () => {
  it('is chosen at the start and follows the questionnaire in patient mode, announced first', async () => {
    await handOverShapsWith(page, /^As published: 300 trials/);
    await heading('Next: a game with faces');
    expect(await page.getByText('It takes about 19 minutes, with rests.').count()).toBe(1);
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    await page.getByRole('button', { name: 'Start the game' }).click();
    await heading('The face game');
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/reward-instructions.png` });
  });

  it('practises without points, then runs trials that save one by one; after a reload staff continue at the next trial', async () => {
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    for (let i = 0; i < 8; i += 1) {
      expect(await page.locator('.reward-progress').innerText()).toBe(`Practice: ${String(i + 1)} of 8`);
      const trial = await playRewardTrial(page, (mouth) => mouth, 400, 0);
      expect(trial.won).toBe(false);
    }
    await heading('Practice done');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await playMain(10);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/reward-trial.png` });
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    // Patient mode holds no key that opens the task's record (sealed for the clinic): after a reload it asks for staff.
    await page.reload();
    await page.getByRole('button', { name: 'Begin' }).click();
    await heading('Thank you');
    await new TakeBack(page).takeBack();
    await page.getByRole('button', { name: 'Hand tablet to patient' }).click();
    await page.getByRole('button', { name: 'Begin' }).click();
    await page.getByRole('button', { name: 'Start the game' }).click();
    // Straight back to the 11th trial: no instructions, no practice, the points kept.
    await page.locator('.reward-trial').waitFor();
    const pointsBefore = played.filter((p) => p.won).length * 5;
    expect(await page.getByText(`Points: ${String(pointsBefore)}`).count()).toBe(1);
  }, 120_000);

  it('rests between blocks and ends after 300 trials', async () => {
    await playMain(90);
    await heading('Time for a rest');
    expect(await page.getByText('Block 1 of 3 done. Rest a moment, then tap Continue.').count()).toBe(1);
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await playMain(100);
    await heading('Time for a rest');
    await page.getByRole('button', { name: 'Continue' }).click();
    await playMain(100);
    await heading('All done. Thank you!');
    await page.getByRole('button', { name: 'Finish' }).click();
    await heading('Thank you, you have finished');
    // The rich mouth carries three times the rewards of the lean one (30 and 10 scheduled per block).
    const wins = (mouth: Mouth) => played.filter((p) => p.won && p.mouth === mouth).length;
    expect(Math.max(wins('short'), wins('long'))).toBeGreaterThan(2 * Math.min(wins('short'), wins('long')));
  }, 300_000);

  it('shows the clinician bias and discriminability per block, the exclusions and ρ with its SE, as a research measure', async () => {
    await new TakeBack(page).takeBack();
    await page.locator('summary', { hasText: /^Reward task of / }).click();
    await heading('Reward task (research measure, anhedonia side)');
    const rich: Mouth = played.filter((p) => p.won && p.mouth === 'short').length > played.filter((p) => p.won && p.mouth === 'long').length ? 'short' : 'long';
    const rows = await page.getByRole('table', { name: 'Response bias and discriminability by block' }).locator('tbody tr').allInnerTexts();
    const expected = [1, 2, 3].map((block) => signalDetection(played.filter((p) => p.block === block), rich));
    const overall = signalDetection(played, rich);
    const two = (x: number) => String(Math.round(x * 100) / 100);
    expect(rows.map((row) => row.split('\t').slice(0, 3))).toEqual([
      ...expected.map((e, i) => [String(i + 1), two(e.logB), two(e.logD)]),
      ['All', two(overall.logB), two(overall.logD)],
    ]);
    const section = page.locator('.effort-result', { hasText: 'Reward task' });
    const text = await section.innerText();
    expect(text).toContain('Left out of the analysis: 0 of 300 trials');
    expect(text).toMatch(/Reward sensitivity ρ \(learning model\): \d+(\.\d+)? \(SE \d+(\.\d+)?\)/);
    expect(text).toContain('no reference data');
    expect(text).not.toMatch(/learning rate \d|ε/);
    expect(await section.locator('.recharts-line').count()).toBe(1);
    if (process.env.SCREENSHOTS) await section.screenshot({ path: `${process.env.SCREENSHOTS}/reward-result.png` });
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
  });

  it('adds the reward task to the one-page report when the clinician ticks it, still on one page', async () => {
    await page.locator('.card', { hasText: /Completed / }).first().getByRole('link', { name: 'Print report' }).first().click();
    await page.getByRole('heading', { name: 'Apathy–anhedonia profile', exact: true }).waitFor();
    await page.getByLabel('Include the reward task').check();
    const result = page.locator('.report .effort-result', { hasText: 'Reward task' });
    await result.waitFor();
    expect(await result.innerText()).toMatch(/Response bias log b -?\d+(\.\d+)? \(blocks -?[\d.]+ \/ -?[\d.]+ \/ -?[\d.]+\), discriminability log d/);
    expect(await result.innerText()).toContain('no reference data');
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      if (process.env.SCREENSHOTS) writeFileSync(`${process.env.SCREENSHOTS}/one-page-en-reward-${format}.pdf`, pdf);
      expect({ format, pages: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length }).toEqual({ format, pages: 1 });
    }
  });
});
