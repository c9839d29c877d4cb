import { withImportedPacks } from '../domain/imported-packs.ts';
import type { Catalogue } from '../domain/instrument-catalogue.ts';
import type { AppDatabase } from '../storage/database.ts';
import { readStoredPacks } from '../storage/pack-repository.ts';

/**
 * `built` with the translation packs this tablet imported (`withImportedPacks`). If the packs cannot be read, `built`
 * with the failure listed in `broken`. For the whole catalogue and patient mode's alike.
 */
export async function withStoredPacks(built: Catalogue, db: AppDatabase): Promise<Catalogue> {
  const stored = await readStoredPacks(db);
  if (!stored.ok) {
    return { ...built, broken: [...built.broken, { folder: 'imported translation packs', problems: [`imported translation packs could not be read (${stored.error.code}: ${stored.error.detail})`] }] };
  }
  return withImportedPacks(built, stored.value).catalogue;
}
