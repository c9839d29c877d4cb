import type { Catalogue } from '../domain/instrument-catalogue.ts';
import { catalogue } from 'virtual:instrument-catalogue';

/**
 * Every instrument bundled from instruments/ (definitions, translation packs, clinician labels and norms; fixtures stay out), so the catalogue
 * works with no network. The folders were read and checked when the app was built (build/instrument-catalogue-plugin.ts,
 * the same checks as the CLI and tests/instruments.test.ts); one that failed is listed in `broken`, never offered.
 */
export function loadCatalogue(): Catalogue {
  return catalogue;
}
