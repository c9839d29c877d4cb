import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PatientScreen } from './patients.ts';

/**
 * Taps an answer as a patient would: not within the app's double-tap guard (350 ms) of the item appearing,
 * which the app ignores on purpose.
 */
export async function tapAnswer(page: Page, label: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.getByText(label, { exact: true }).click();
}

/** True when leaving the page now would ask first: the app's `beforeunload` listener cancels it while answers wait to be stored. */
export const leavingAsks = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });

/** The tablet in the patient's hands (or the clinician entering answers): beginning, answering, finishing. */
export class HandOver {
  constructor(private readonly page: Page) {}

  /** The welcome screen's "Begin" (also after a reload before the first answer; a later reload resumes at the next question). */
  async begin(): Promise<void> {
    await this.page.getByRole('heading', { name: 'Welcome', exact: true }).waitFor();
    await this.page.getByRole('button', { name: 'Begin' }).click();
  }

  /** "Start" on an instrument's introduction. */
  async startInstrument(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start', exact: true }).click();
  }

  /** Taps the answer `label` on `times` items in a row. */
  async answer(label: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i += 1) await tapAnswer(this.page, label);
  }

  async continue(): Promise<void> {
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }

  async skip(): Promise<void> {
    await this.page.getByRole('button', { name: 'Skip' }).click();
  }

  /**
   * Waits until every answer given is stored (leaving no longer asks). The next item shows the moment an answer is
   * tapped and its write follows, a moment later on a busy machine: a reload before then is a crash in that instant.
   */
  async stored(): Promise<void> {
    await expect.poll(() => leavingAsks(this.page), { timeout: 15_000 }).toBe(false);
  }

  async finish(): Promise<void> {
    await this.page.getByRole('button', { name: 'Finish' }).click();
  }
}

/**
 * From the patient page: SHAPS with a task (`task`: the label of the variant to tick, e.g. /^Short: 16 offers/),
 * handed over, every item answered "Agree" and finished, leaving the tablet at the task's announcement.
 */
export async function handOverShapsWith(page: Page, task: RegExp): Promise<void> {
  const patient = new PatientScreen(page);
  await patient.choose(/^SHAPS/);
  await page.getByLabel(task).check();
  await patient.start();
  const patientMode = new HandOver(page);
  await patientMode.begin();
  await patientMode.startInstrument();
  await patientMode.answer('Agree', 14);
  await patientMode.finish();
}
