import type { AppDatabase } from '../../src/storage/database.ts';

/**
 * Makes the tablet's disk "full" for some tables: while `fill()` is in force, every write to them fails the way
 * a browser fails it (`QuotaExceededError`); reads go on. A real Dexie middleware on the real database (registered
 * before it is opened again), not a mock of our own code.
 */
export async function simulateFullDisk(db: AppDatabase, tables: readonly string[]): Promise<{ fill: () => void; free: () => void }> {
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
        return { ...table, mutate: (request) => (full ? Promise.reject(new DOMException('The disk is full.', 'QuotaExceededError')) : table.mutate(request)) };
      },
    }),
  });
  await db.open();
  return { fill: () => (full = true), free: () => (full = false) };
}
