import type { Catalogue, Instrument } from '../domain/instrument-catalogue.ts';
import type { AppDatabase } from '../storage/database.ts';
import { readStoredPacks } from '../storage/pack-repository.ts';

/**
 * Patient mode's catalogue: the instruments handed over (`patient-instruments.ts`: only what patient mode reads —
 * items, option sets, flags, translation packs) with the tablet's imported packs (their checks load only when it
 * has some). Never given to clinician screens: they score, and show labels and reference groups.
 */
export async function loadPatientCatalogue(db: AppDatabase, instruments: readonly Instrument[]): Promise<Catalogue> {
  const stored = await readStoredPacks(db);
  const built: Catalogue = { instruments, broken: [] };
  if (stored.ok && stored.value.length === 0) return built;
  return (await import('./stored-packs.ts')).applyStoredPacks(built, stored);
}
