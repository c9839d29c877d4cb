import { describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { freshVault, TEST_PASSPHRASE } from '../../tests/support/vault.ts';
import { unlockTablet } from './clinic-access.ts';

describe('staff unlock (real Dexie on fake-indexeddb)', () => {
  it('opens the database again when the browser closed it (a full disk, now freed), instead of needing a reload', async () => {
    const { db } = await freshVault();
    // As Dexie is left after the browser closed the connection and the reopen failed on a full disk.
    db.close();
    const unlocked = await unlockTablet({ db, env: testEnvironment() }, TEST_PASSPHRASE);
    expect(unlocked.ok).toBe(true);
    expect(unlocked.ok && unlocked.value.working !== null).toBe(true);
  });
});
