import { withImportedPacks, type StoredPack } from '../domain/imported-packs.ts';
import type { Catalogue } from '../domain/instrument-catalogue.ts';
import type { Result } from '../domain/result.ts';
import type { AppDatabase } from '../storage/database.ts';
import { readStoredPacks } from '../storage/pack-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';

/**
 * `built` with the translation packs this tablet imported (`withImportedPacks`). If the packs cannot be read, `built`
 * with the failure listed in `broken`. For the whole catalogue and patient mode's alike.
 */
export async function withStoredPacks(built: Catalogue, db: AppDatabase): Promise<Catalogue> {
  return applyStoredPacks(built, await readStoredPacks(db));
}

/** `withStoredPacks` with the packs already read. */
export function applyStoredPacks(built: Catalogue, stored: Result<readonly StoredPack[], StorageError>): Catalogue {
  if (!stored.ok) {
    return { ...built, broken: [...built.broken, { folder: 'imported translation packs', problems: [`imported translation packs could not be read (${stored.error.code}: ${stored.error.detail})`] }] };
  }
  return withImportedPacks(built, stored.value).catalogue;
}
