import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { setUpClinic } from '../../src/storage/clinic-lock.ts';
import { openDatabase, type AppDatabase } from '../../src/storage/database.ts';
import type { Vault } from '../../src/storage/vault.ts';

/** Fast key derivation for tests only; the app always uses PBKDF2_ITERATIONS. */
export const TEST_ITERATIONS = 1000;
export const TEST_PASSPHRASE = 'correct horse';

let counter = 0;
const opened: AppDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** A new, empty database on fake-indexeddb, deleted after the test. */
export function freshDb(name = `test-${(counter += 1)}-${Date.now()}`, upTo?: number): AppDatabase {
  const db = openDatabase(name, upTo);
  opened.push(db);
  return db;
}

/** A set-up clinic, unlocked: a real Dexie database and real keys. */
export async function freshVault(): Promise<Vault & { recoveryCode: string }> {
  const db = freshDb();
  const set = await setUpClinic(db, TEST_PASSPHRASE, TEST_ITERATIONS);
  if (!set.ok) throw new Error(`set-up failed: ${set.error.code}`);
  return { db, keys: set.value.keys, recoveryCode: set.value.recoveryCode };
}

/** The same database opened again (as after a reload), with the given keys. */
export function reopen(vault: Vault): AppDatabase {
  vault.db.close();
  const db = openDatabase(vault.db.name);
  opened.push(db);
  return db;
}
