import type { StoredPack } from '../domain/imported-packs.ts';
import { ok, type Result } from '../domain/result.ts';
import type { AppDatabase } from './database.ts';
import type { PackRecord } from './records.ts';
import { attempt, type StorageError } from './storage-error.ts';

/*
 * Imported translation packs (`packs`, version 5), read. Clear text and no keys: patient mode reads them to offer a
 * language. Importing and removing one is in pack-writes.ts, off the patient-mode path.
 */

/** Every stored pack row, removed ones included, oldest import first. */
export async function listPackRecords(db: AppDatabase): Promise<Result<PackRecord[], StorageError>> {
  const rows = await attempt(() => db.packs.toArray());
  return rows.ok ? ok(rows.value.sort((a, b) => (a.importedAt < b.importedAt ? -1 : a.importedAt > b.importedAt ? 1 : 0))) : rows;
}

/** The stored packs as the catalogue merge takes them (`withImportedPacks`). */
export async function readStoredPacks(db: AppDatabase): Promise<Result<StoredPack[], StorageError>> {
  const rows = await listPackRecords(db);
  return rows.ok ? ok(rows.value.map(({ hash, text, importedAt, removedAt }) => ({ hash, text, importedAt, removedAt }))) : rows;
}
