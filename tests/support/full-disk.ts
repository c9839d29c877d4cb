import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import type { AppDatabase } from '../../src/storage/database.ts';

/**
 * What a write to a full disk looks like from the app, as Chromium surfaces it through Dexie:
 * - `'kept'`: the transaction aborts at commit with a `QuotaExceededError`, which Dexie wraps in an `AbortError`
 *   (`inner`); the connection stays usable.
 * - `'closed'`: the same abort, after which the browser closes the connection (Chromium does when LevelDB fails to
 *   write); every later call then fails with a bare `DatabaseClosedError` until the database is opened again.
 */
export type FullDiskConnection = 'kept' | 'closed';

/**
 * Makes the tablet's disk "full" for some tables: while `fill()` is in force, every write to them fails the way
 * a browser fails it; reads go on (while the connection is open). A real Dexie middleware on the real database
 * (registered before it is opened again), not a mock of our own code.
 */
export async function simulateFullDisk(
  db: AppDatabase,
  tables: readonly string[],
  connection: FullDiskConnection = 'kept',
): Promise<{ fill: () => void; free: () => void }> {
  let full = false;
  db.close();
  db.use({
    stack: 'dbcore',
    name: 'simulated-full-disk',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (!tables.includes(name)) return table;
        return {
          ...table,
          mutate: (request) => {
            if (!full) return table.mutate(request);
            const quota = new DOMException('The current transaction exceeded its quota limitations.', 'QuotaExceededError');
            // After the abort has been delivered, as the browser's close event arrives after the failed commit.
            if (connection === 'closed') setTimeout(() => db.close(), 0);
            return Promise.reject(new Dexie.AbortError('Transaction aborted', quota));
          },
        };
      },
    }),
  });
  await db.open();
  return { fill: () => (full = true), free: () => (full = false) };
}
