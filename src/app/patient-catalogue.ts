import type { Catalogue, Instrument } from '../domain/instrument-catalogue.ts';
import type { AppDatabase } from '../storage/database.ts';
import { readStoredPacks } from '../storage/pack-repository.ts';
import { loaders } from 'virtual:patient-catalogue';

/**
 * Patient mode's catalogue: of the built instruments only those handed over (`ids`), each a chunk of its own, with
 * only what patient mode reads (items, option sets, flags, translation packs; see `patientModeCatalogue` in
 * build/instrument-catalogue-plugin.ts), and the tablet's imported packs (their checks load only when it has some).
 * Never given to clinician screens: they score, and show labels and reference groups. An id this build does not
 * have is left out; patient mode then refuses the hand-over by name (`openPatientSession`).
 */
export async function loadPatientCatalogue(db: AppDatabase, ids: readonly string[]): Promise<Catalogue> {
  const load = (id: string): Promise<Instrument>[] => {
    const loader = Object.hasOwn(loaders, id) ? loaders[id] : undefined;
    return loader ? [loader()] : [];
  };
  const [instruments, stored] = await Promise.all([Promise.all(ids.flatMap(load)), readStoredPacks(db)]);
  const built: Catalogue = { instruments, broken: [] };
  if (stored.ok && stored.value.length === 0) return built;
  return (await import('./stored-packs.ts')).applyStoredPacks(built, stored);
}
