import type { Page } from 'playwright-core';
import { PASSPHRASE } from './set-up.ts';

/** Staff taking the tablet back from the patient: "Staff", then the clinic passphrase. */
export class TakeBack {
  constructor(private readonly page: Page) {}

  /** Taps "Staff" and unlocks with `passphrase`. */
  async takeBack(passphrase = PASSPHRASE): Promise<void> {
    await this.page.getByRole('button', { name: 'Staff' }).click();
    await this.unlock(passphrase);
  }

  /** On the locked screen: enters `passphrase` and taps "Unlock" (right or wrong; the caller checks what follows). */
  async unlock(passphrase = PASSPHRASE): Promise<void> {
    await this.page.getByLabel('Clinic passphrase').fill(passphrase);
    await this.page.getByRole('button', { name: 'Unlock' }).click();
  }
}
