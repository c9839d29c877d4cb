import type { Page } from 'playwright-core';

/** The clinic passphrase the browser tests set up their tablets with. */
export const PASSPHRASE = 'clinic-passphrase-1';

/** First run on a fresh tablet: choosing the clinic passphrase and noting the recovery code. */
export class SetUpScreen {
  constructor(private readonly page: Page) {}

  /** Opens `url`, sets the passphrase and returns the recovery code shown once; leaves the app on Patients (clinician mode). */
  async setUp(url: string, passphrase = PASSPHRASE): Promise<string> {
    await this.page.goto(url);
    await this.page.getByLabel('Clinic passphrase (at least 6 characters)').fill(passphrase);
    await this.page.getByLabel('Repeat the passphrase').fill(passphrase);
    await this.page.getByRole('button', { name: 'Save passphrase' }).click();
    await this.page.getByRole('heading', { name: 'Your recovery code' }).waitFor();
    const code = await this.page.locator('.recovery-code code').innerText();
    await this.page.getByRole('button', { name: 'I have written it down' }).click();
    await this.page.getByRole('heading', { name: 'Patients', level: 2 }).waitFor();
    return code;
  }
}

/** Sets up a fresh tablet with PASSPHRASE; returns the recovery code shown once. */
export function setUpClinic(page: Page, url: string): Promise<string> {
  return new SetUpScreen(page).setUp(url);
}
