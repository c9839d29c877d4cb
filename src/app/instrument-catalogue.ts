import type { Catalogue } from '../domain/instrument-catalogue.ts';
import type { AppDatabase } from '../storage/database.ts';
import { withStoredPacks } from './stored-packs.ts';
import { catalogue } from 'virtual:instrument-catalogue';

/**
 * Every instrument bundled from instruments/ (definitions, translation packs, clinician labels and norms; fixtures stay out), so the catalogue
 * works with no network. The folders were read and checked when the app was built (build/instrument-catalogue-plugin.ts,
 * the same checks as the CLI and tests/instruments.test.ts); one that failed is listed in `broken`, never offered.
 */
export function builtCatalogue(): Catalogue {
  return catalogue;
}

/**
 * The built catalogue with the translation packs this tablet imported (`withImportedPacks`: offered ones by
 * language, all by hash for the assessments given in them). The packs are read without keys, so patient mode gets
 * them too. No zod here: a stored pack is re-checked for completeness only, and one that fails is listed in
 * `broken`. If the packs cannot be read, the built catalogue is used and the failure listed in `broken`.
 */
export function loadCatalogue(db: AppDatabase): Promise<Catalogue> {
  return withStoredPacks(catalogue, db);
}
