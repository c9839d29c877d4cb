import type { Catalogue } from '../domain/instrument-catalogue.ts';
import type { AppDatabase } from '../storage/database.ts';
import { withStoredPacks } from './stored-packs.ts';
import { catalogue } from 'virtual:patient-catalogue';

/**
 * Patient mode's catalogue: the built instruments with only what patient mode reads (items, option sets, flags,
 * translation packs; see `patientModeCatalogue` in build/instrument-catalogue-plugin.ts), with the tablet's imported
 * packs. Never given to clinician screens: they score, and show labels and reference groups.
 */
export function loadPatientCatalogue(db: AppDatabase): Promise<Catalogue> {
  return withStoredPacks(catalogue, db);
}
