import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { openAppSession, setUpClinic, type AppSession } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

let session: AppSession | undefined;
let page: Page;

beforeAll(async () => {
  session = await openAppSession();
  page = session.page;
  await page.clock.install({ time: new Date('2026-01-05T09:00:00Z') });
  await setUpClinic(page, session.served.url);
  await new PatientsScreen(page).add({ code: 'P-020' });
});

afterAll(async () => {
  await session?.close();
});

/** One visit: SHAPS and AES-S handed to the patient, every SHAPS item and every AES item answered the same way. */
async function visit(shapsAnswer: string, aesAnswer: string): Promise<void> {
  const patients = new PatientsScreen(page);
  await patients.goTo();
  const patient = await patients.open('P-020');
  await patient.choose(/^SHAPS/, /^AES-S/);
  await patient.start();
  const patientMode = new HandOver(page);
  await patientMode.begin();
  await patientMode.startInstrument();
  await patientMode.answer(shapsAnswer, 14);
  await patientMode.startInstrument();
  await patientMode.answer(aesAnswer, 18);
  await patientMode.finish();
  await new TakeBack(page).takeBack();
  await page.getByRole('heading', { name: 'Patient P-020', exact: true }).waitFor();
}

describe('the apathy–anhedonia profile over two visits', () => {
  it('plots the first visit and says which instruments fed each axis', async () => {
    await visit('Agree', 'Somewhat true');
    await page.getByRole('heading', { name: 'Apathy–anhedonia profile', exact: true }).waitFor();
    const summary = await page.locator('.profile .summary').innerText();
    // SHAPS 14–56 score 28 → POMP 33; AES-S 39 → POMP 39
    expect(summary).toContain('anhedonia 33, apathy 39');
    expect(summary).toContain('Anhedonia from: SHAPS');
    expect(summary).toContain('Apathy from: AES-S');
    expect(summary).toContain('Neither anhedonia nor apathy is in the upper half.');
    expect(await page.getByText('Reliable change needs two visits.').count()).toBe(1);
  });

  it('joins a second visit a month later into a trajectory and reports reliable change where it is sourced', async () => {
    await page.clock.setSystemTime(new Date('2026-02-09T09:00:00Z'));
    await visit('Disagree', 'Slightly true');
    const summary = await page.locator('.profile .summary').innerText();
    // SHAPS 42 → POMP 67; AES-S 51 → POMP 61
    expect(summary).toContain('Latest visit, Feb 9, 2026: anhedonia 67, apathy 61');
    expect(summary).toContain('Both anhedonia and apathy are in the upper half.');
    expect(summary).toContain('Since the previous visit (Jan 5, 2026): anhedonia +33, apathy +22');
    const rows = await page.getByRole('table', { name: 'Profile by visit (text alternative to the chart)' }).locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t'))).toEqual([
      ['1', 'Jan 5, 2026', '33', '39'],
      ['2', 'Feb 9, 2026', '67', '61'],
    ]);
    expect(await page.locator('.profile .recharts-scatter-line').count()).toBe(1);
    const rci = await page.locator('.rci').innerText();
    // SHAPS 0 → 14 on 0–14; S_diff = √2 · 2.68 · √(1 − .56) = 2.514 (Loas 1997 inpatient SD): RCI 5.57
    expect(rci).toMatch(/SHAPS 0–14: reliable worsening \(RCI 5\.57; reference: Psychiatric inpatients/);
    expect(rci).toContain('AES-S 18–72: reliable change cannot be computed');
  });

  it('keeps the profile screen accessible, with tables as text alternatives', async () => {
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    if (process.env.SCREENSHOTS) {
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: `${process.env.SCREENSHOTS}/print.png`, fullPage: true });
      await page.emulateMedia({ media: 'screen' });
      await page.locator('.profile').screenshot({ path: `${process.env.SCREENSHOTS}/profile-portrait.png` });
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.locator('.profile').screenshot({ path: `${process.env.SCREENSHOTS}/profile-landscape.png` });
    }
  });
});
