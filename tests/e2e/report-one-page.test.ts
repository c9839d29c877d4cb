import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type AppSession, openClinic } from './harness.ts';
import { tapRun } from './pages/effort-task.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientScreen, PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

let session: AppSession | undefined;
let page: Page;

const CODE = 'R-101';
const NAME = 'Lin Meihua';
const MRN = 'MRN-5521';

/** The short effort task (16 offers), played as a patient who accepts when the points outweigh the effort. */
async function playShortEffortTask(): Promise<void> {
  const heading = () => page.getByRole('heading', { level: 2 }).first().innerText();
  await page.getByRole('button', { name: 'Start the game' }).click();
  await page.getByRole('heading', { name: 'Tap as fast as you can', exact: true }).waitFor();
  while ((await heading()) === 'Tap as fast as you can') {
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await tapRun(page, 50);
  }
  while ((await heading()).startsWith('Practice')) {
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await tapRun(page, 50);
    await page.clock.runFor(1_600);
  }
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: '1 point', exact: true }).click();
  await page.getByRole('button', { name: 'No points', exact: true }).click();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  for (let i = 0; i < 16; i += 1) {
    await page.clock.runFor(1_100);
    const accept = page.getByRole('button', { name: /^Yes: tap for/ });
    const reward = Number(/(\d+) points/.exec(await accept.innerText())?.[1]);
    const effort = Number(/Effort (\d) of 4/.exec(await page.locator('.effort-offer').innerText())?.[1]);
    if (reward > effort) {
      await accept.click();
      await tapRun(page, 50);
    } else {
      await page.getByRole('button', { name: /^No: wait for/ }).click();
      await page.clock.runFor(5_200);
    }
    await page.clock.runFor(1_600);
  }
  await page.getByRole('heading', { name: 'All done. Thank you!', exact: true }).waitFor();
}

/** Answers SHAPS, TEPS, AES-S and AMI of the standard battery (every item) with one option each. */
async function answerScales(patientMode: HandOver, options: readonly [string, string, string, string]): Promise<void> {
  const counts = [14, 18, 18, 18];
  for (const [i, option] of options.entries()) {
    await patientMode.startInstrument();
    await patientMode.answer(option, counts[i]);
  }
}

/** Opens the patient's page from wherever clinician mode is (after a take-back with an alert: the alerts list). */
async function openPatient(): Promise<void> {
  const fromAlerts = page.getByRole('link', { name: `Open patient ${CODE}` });
  const patients = page.getByRole('link', { name: 'Patients', exact: true });
  await fromAlerts.or(patients).first().waitFor();
  if (await fromAlerts.count()) await fromAlerts.first().click();
  else {
    await patients.click();
    await page.getByRole('link', { name: new RegExp(CODE) }).first().click();
  }
  await new PatientScreen(page).shows(CODE);
}

/**
 * Opens the report of the first visit (the one with the alert, folded under "Earlier visits") or of the second (the
 * latest visit, open at the top of the patient's page).
 */
async function openReport(visit: 'first' | 'second'): Promise<void> {
  await openPatient();
  if (visit === 'first') await page.locator('summary', { hasText: /Completed Mar 2, 2026/ }).click();
  const card = visit === 'first' ? page.locator('details', { hasText: /Completed Mar 2, 2026/ }) : page.locator('.card', { hasText: /Completed Mar 16, 2026/ }).first();
  await card.getByRole('link', { name: 'Print report' }).first().click();
  await page.getByRole('heading', { name: 'Apathy–anhedonia profile', exact: true }).waitFor();
  await page.locator('.report .recharts-surface').first().waitFor();
  const alerts = await page.locator('.report .notice-error').count();
  if ((visit === 'first') !== alerts > 0) throw new Error(`the report opened is not the ${visit} visit's`);
}

/** Prints the page as `format` and returns its page count (saving the PDF as `name` when SCREENSHOTS is set). */
async function printedPages(format: 'A4' | 'Letter', name: string): Promise<number> {
  const pdf = await page.pdf({ format, printBackground: true });
  if (process.env.SCREENSHOTS) writeFileSync(`${process.env.SCREENSHOTS}/${name}-${format}.pdf`, pdf);
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

/**
 * Two visits of the standard battery in patient mode, every item answered: on 2 March PHQ-9 item 9 "Several days"
 * (an alert; after a risk answer the game never starts, so no effort task that day), on 16 March item 9 "Not at
 * all" and the short effort task played to the end.
 */
beforeAll(async () => {
  session = await openClinic();
  page = session.page;
  const patients = new PatientsScreen(page);
  await patients.add({ code: CODE, displayName: NAME, mrn: MRN });
  await patients.open(CODE);
  const patient = new PatientScreen(page);
  await patient.start();
  const patientMode = new HandOver(page);
  await patientMode.begin();
  await answerScales(patientMode, ['Disagree', 'Slightly false for me', 'Slightly true', 'Quite true']);
  await patientMode.startInstrument();
  await patientMode.answer('More than half the days', 8);
  await patientMode.answer('Several days');
  await patientMode.continue();
  await patientMode.skip();
  await patientMode.finish();
  await new TakeBack(page).takeBack();

  await page.clock.setSystemTime(new Date('2026-03-16T09:00:00Z'));
  await openPatient();
  // A returning patient: the start form is behind "New assessment".
  await patient.newAssessment();
  await page.getByLabel(/^Short: 16 offers/).check();
  await patient.start();
  await patientMode.begin();
  await answerScales(patientMode, ['Agree', 'Moderately true for me', 'Somewhat true', 'Mostly untrue']);
  await patientMode.startInstrument();
  await patientMode.answer('Several days', 8);
  await patientMode.answer('Not at all');
  await patientMode.answer('Somewhat difficult');
  await patientMode.finish();
  await page.getByRole('heading', { name: 'Next: a short game', exact: true }).waitFor();
  await playShortEffortTask();
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('heading', { name: 'Thank you, you have finished', exact: true }).waitFor();
  await new TakeBack(page).takeBack();
}, 600_000);

afterAll(async () => {
  await session?.close();
});

describe('the one-page report of the standard battery', () => {
  it('prints the second visit on one A4 and one Letter page, with the code only by default', async () => {
    await openReport('second');
    const text = await page.locator('.report').innerText();
    expect(text).toContain(CODE);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(MRN);
    for (const scale of ['SHAPS', 'TEPS', 'AES-S', 'AMI', 'PHQ-9']) expect(await page.getByRole('rowheader', { name: new RegExp(`^${scale}`) }).count()).toBe(1);
    // Two visits: the scores by visit are a table of two rows, and the profile's "no reference data" stays.
    expect(await page.getByRole('table', { name: /Scores by visit/ }).locator('tbody tr').count()).toBe(2);
    expect(text).toContain('No reference data for the axis scores');
    expect(await page.locator('.report-sources li').count()).toBeGreaterThan(0);
    // The effort task is printed only when asked for.
    expect(await page.locator('.report .effort-result').count()).toBe(0);
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    for (const format of ['A4', 'Letter'] as const) expect({ format, pages: await printedPages(format, 'one-page-en') }).toEqual({ format, pages: 1 });
  });

  it('adds the effort task when the clinician ticks it, still on one page', async () => {
    await page.getByLabel('Include the effort task').check();
    await page.getByRole('heading', { name: 'Effort task (research measure)', exact: true }).waitFor();
    expect(await page.locator('.report').innerText()).toContain('No reference data');
    for (const format of ['A4', 'Letter'] as const) expect({ format, pages: await printedPages(format, 'one-page-en-effort') }).toEqual({ format, pages: 1 });
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/one-page-en-effort.png`, fullPage: true });
  });

  it('prints the first visit with its alert, quoted with the answer, on one page', async () => {
    await openReport('first');
    const alert = page.locator('.report .notice-error').first();
    expect(await alert.innerText()).toMatch(/Item 9 .*'Several days'/);
    for (const format of ['A4', 'Letter'] as const) expect({ format, pages: await printedPages(format, 'one-page-en-alert') }).toEqual({ format, pages: 1 });
  });

  it('prints the name and the MRN only once the clinic chooses them in Settings', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Identifiers on printed reports' }).waitFor();
    await page.getByLabel('Display name', { exact: true }).check();
    await page.getByLabel('Medical record number (MRN)').check();
    await page.getByRole('button', { name: 'Save identifiers' }).click();
    await page.getByText('Identifiers on printed reports saved.').waitFor();
    await openReport('second');
    const facts = await page.locator('.report-facts').innerText();
    expect(facts).toContain(CODE);
    expect(facts).toContain(NAME);
    expect(facts).toContain(MRN);
    await page.getByLabel('Include the effort task').check();
    for (const format of ['A4', 'Letter'] as const) expect({ format, pages: await printedPages(format, 'one-page-en-identified') }).toEqual({ format, pages: 1 });
  });

  it('prints the report in Chinese on one page, effort task included', async () => {
    await page.getByRole('navigation').getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '动机特征评估筛查报告', exact: true }).waitFor();
    await page.getByLabel('报告中包括努力任务').check();
    await page.getByRole('heading', { name: '努力任务（研究用测量）', exact: true }).waitFor();
    for (const format of ['A4', 'Letter'] as const) expect({ format, pages: await printedPages(format, 'one-page-zh') }).toEqual({ format, pages: 1 });
    await page.getByRole('navigation').getByLabel('语言').selectOption('en');
  });
});
