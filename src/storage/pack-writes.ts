import { sha256Hex } from './crypto-envelope.ts';
import type { AppDatabase } from './database.ts';
import type { PackRecord } from './records.ts';
import { attempt, StorageFailure, type StorageError } from './storage-error.ts';
import type { Result } from '../domain/result.ts';

/*
 * Importing and removing translation packs (`packs`, version 5; read in pack-repository.ts): the only writer of the
 * store besides a backup restore (backup.ts), which writes in its own transaction. Clinician screens only, so a
 * handed-over tablet does not download it.
 */

/** What `savePack` did: added the row, offered a removed one again, or found it already offered (nothing written). */
export type SavedPack = { readonly record: PackRecord; readonly outcome: 'added' | 'offered-again' | 'already-offered'; readonly replaced: readonly string[] };

/**
 * Stores a checked pack's file text (its hash computed here, from the text) in one transaction: the pack becomes
 * the one offered for its instrument and language, and any other offered there is marked removed at `now` (kept for
 * the assessments given in it). The same file imported again is offered again if it had been removed.
 */
export async function savePack(
  db: AppDatabase,
  pack: { readonly text: string; readonly instrumentId: string; readonly language: string; readonly version: string },
  now: string,
): Promise<Result<SavedPack, StorageError>> {
  const hash = await sha256Hex(pack.text);
  return attempt(() =>
    db.transaction('rw', db.packs, async (): Promise<SavedPack> => {
      const existing = await db.packs.get(hash);
      if (existing?.removedAt === null) return { record: existing, outcome: 'already-offered', replaced: [] };
      const offered = (await db.packs.toArray()).filter((r) => r.removedAt === null && r.instrumentId === pack.instrumentId && r.language === pack.language);
      for (const other of offered) await db.packs.update(other.hash, { removedAt: now });
      const record: PackRecord = existing
        ? { ...existing, removedAt: null }
        : { schemaVersion: 5, hash, instrumentId: pack.instrumentId, language: pack.language, version: pack.version, text: pack.text, importedAt: now, removedAt: null };
      await db.packs.put(record);
      return { record, outcome: existing ? 'offered-again' : 'added', replaced: offered.map((r) => r.hash) };
    }),
  );
}

/** Stops offering a pack (`removedAt` = `now`); its row stays for the assessments given in it. */
export async function markPackRemoved(db: AppDatabase, hash: string, now: string): Promise<Result<PackRecord, StorageError>> {
  return attempt(() =>
    db.transaction('rw', db.packs, async () => {
      const row = await db.packs.get(hash);
      if (row?.removedAt !== null) throw new StorageFailure({ code: 'not-found', detail: `offered translation pack ${hash}` });
      const removed: PackRecord = { ...row, removedAt: now };
      await db.packs.put(removed);
      return removed;
    }),
  );
}
