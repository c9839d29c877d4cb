import type { Instrument } from '../domain/instrument-catalogue.ts';
import { loaders } from 'virtual:patient-catalogue';

/**
 * The built instruments handed over (`ids`), as patient mode reads them, each a chunk of its own (see
 * `patientModeCatalogue` in build/instrument-catalogue-plugin.ts). A small module on the start page, so a handed-over
 * tablet fetches them beside patient mode's code rather than after it. An id this build does not have is left out;
 * patient mode then refuses the hand-over by name (`openPatientSession`).
 */
export function loadPatientInstruments(ids: readonly string[]): Promise<Instrument[]> {
  const load = (id: string): Promise<Instrument>[] => {
    const loader = Object.hasOwn(loaders, id) ? loaders[id] : undefined;
    return loader ? [loader()] : [];
  };
  return Promise.all(ids.flatMap(load));
}
