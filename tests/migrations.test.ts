import 'fake-indexeddb/auto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Dexie, type Transaction } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { declareVersions, MIGRATIONS, type Migration } from '../src/storage/database.ts';

const dir = join(import.meta.dirname, '..', 'src', 'storage', 'migrations');

it('numbers migrations 1, 2, 3… in order with one file each', () => {
  const files = readdirSync(dir).filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
  expect(MIGRATIONS.map((m) => m.version)).toEqual(files.map((_, i) => i + 1));
  expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(MIGRATIONS.map((m) => m.version));
});

it('has a test beside every migration', () => {
  const all = readdirSync(dir);
  const untested = all.filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts') && !all.includes(f.replace(/\.ts$/, '.test.ts')));
  expect(untested).toEqual([]);
});

type Rows = Readonly<Record<string, readonly object[]>>;

/**
 * For every migration with an `upgrade`: rows as the version before it wrote them, and every store's rows after the
 * upgrade (after tldraw's migrations.test.ts: a migration that changes data cannot ship without its case). Today no
 * migration has one: 0002 seals, 0006 packs answer sets and 0008 folds them into their assessments at an unlock (no
 * keys during Dexie's upgrade), each tested beside itself; 0003, 0004, 0005 and 0007 change only stores and indexes.
 */
const UPGRADE_CASES: Readonly<Record<number, { readonly before: Rows; readonly after: Rows }>> = {};

/** One row that fits every store's primary key so far (each store keeps it unless an upgrade changes it). */
const rowFor = (store: string) => ({ id: `${store}-1`, key: `${store}-1`, hash: `${store}-1`, assessmentId: 'a1', instrumentId: 'i1', itemId: 'q1', kept: store });

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** A database with `migrations` declared, each upgrade wrapped to count its runs (nothing else is replaced). */
function databaseCounting(name: string, migrations: readonly Migration[]): { readonly db: Dexie; readonly runs: Map<number, number> } {
  const runs = new Map<number, number>();
  const counted = migrations.map((m) => {
    const { upgrade } = m;
    if (!upgrade) return m;
    return {
      ...m,
      upgrade: (tx: Transaction) => {
        runs.set(m.version, (runs.get(m.version) ?? 0) + 1);
        return upgrade(tx);
      },
    };
  });
  const db = new Dexie(name);
  declareVersions(db, counted);
  opened.push(db);
  return { db, runs };
}

/** Seeds `rows` at the version before `migrations`' last, then opens at the last: Dexie runs what it must. */
async function upgradeFrom(migrations: readonly Migration[], rows: Rows) {
  const name = `migrations-${migrations.length}-${Date.now()}-${Math.random()}`;
  const before = databaseCounting(name, migrations.slice(0, -1)).db;
  for (const [store, list] of Object.entries(rows)) await before.table(store).bulkAdd([...list]);
  before.close();
  const after = databaseCounting(name, migrations);
  await after.db.open();
  const stores = Object.fromEntries(await Promise.all(after.db.tables.map(async (t) => [t.name, await t.toArray()] as const)));
  return { runs: after.runs, stores };
}

describe('every upgrade runs, once, and changes the data as its case says', () => {
  it('has an upgrade case for every migration with an upgrade, and none for one without', () => {
    const upgrading = MIGRATIONS.filter((m) => m.upgrade).map((m) => m.version);
    expect(Object.keys(UPGRADE_CASES).map(Number)).toEqual(upgrading);
  });

  it.each(MIGRATIONS.slice(1).map((m, i) => [m.version, i + 2] as const))('opens version %i over the data of the version before', async (version, count) => {
    const migrations = MIGRATIONS.slice(0, count);
    const previous = migrations[migrations.length - 2]!;
    const current = migrations[migrations.length - 1]!;
    const upgradeCase = UPGRADE_CASES[version];
    const seeded = upgradeCase?.before ?? Object.fromEntries(Object.keys(previous.stores).map((store) => [store, [rowFor(store)]]));
    const { runs, stores } = await upgradeFrom(migrations, seeded);
    expect(runs.get(version) ?? 0).toBe(current.upgrade ? 1 : 0);
    // Without an upgrade every row stays as it was, in stores that stay; new stores start empty.
    const expected = upgradeCase?.after ?? Object.fromEntries(Object.keys(current.stores).map((store) => [store, seeded[store] ?? []]));
    expect(stores).toEqual(expected);
  });

  it('runs a declared upgrade on the old rows when the database opens (a probe version after the last)', async () => {
    const last = MIGRATIONS[MIGRATIONS.length - 1]!;
    const probe: Migration = {
      version: last.version + 1,
      stores: last.stores,
      upgrade: (tx) => tx.table('settings').toCollection().modify((row: { value: unknown }) => {
        row.value = 'upgraded';
      }),
    };
    const { runs, stores } = await upgradeFrom([...MIGRATIONS, probe], { settings: [{ key: 'preferences', value: 'old' }] });
    expect(runs.get(probe.version)).toBe(1);
    expect(stores.settings).toEqual([{ key: 'preferences', value: 'upgraded' }]);
  });
});
