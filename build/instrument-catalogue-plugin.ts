import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { listInstrumentFolders, readInstrument } from '../src/cli/instrument-folder.ts';
import { assembleCatalogue, type Catalogue } from '../src/domain/instrument-catalogue.ts';

const MODULE_ID = 'virtual:instrument-catalogue';
const RESOLVED_ID = `\0${MODULE_ID}`;
const PATIENT_MODULE_ID = 'virtual:patient-catalogue';
const PATIENT_RESOLVED_ID = `\0${PATIENT_MODULE_ID}`;
/** One instrument as patient mode reads it: `virtual:patient-instrument/<id>`, a chunk of its own. */
const PATIENT_INSTRUMENT_PREFIX = 'virtual:patient-instrument/';

/**
 * What patient mode reads of the catalogue: each instrument's items, option sets, value maps, flags (the safety
 * alert) and the parts a clinician may leave out (which items to skip), and its translation packs (the respondent's words). No clinician labels, reference groups, sources,
 * decisions, citation, licence, scores or bands: patient mode neither scores nor shows them (staff score at take
 * back, with the whole catalogue), and a handed-over tablet loads a third of the bytes (issue 20). Broken folders
 * are never offered, so none is listed.
 */
export function patientModeCatalogue(catalogue: Catalogue): Catalogue {
  return {
    instruments: catalogue.instruments.map(({ definition, packs }) => {
      const { schemaVersion, id, version, title, shortTitle, construct, respondent, optionSets, valueMaps, items, flags, parts } = definition;
      const kept = { schemaVersion, id, version, title, shortTitle, construct, respondent, optionSets, valueMaps, items, flags, ...(parts ? { parts } : {}), sources: [], decisions: [], scores: [], bands: [] };
      return { definition: kept as unknown as typeof definition, packs, labels: {}, norms: [] };
    }),
    broken: [],
  };
}

/**
 * Every folder under `instruments/`, read and checked the way the CLI and `tests/instruments.test.ts` do it
 * (`readInstrument`: zod schema, consistency rules, complete English locale). A folder that fails is listed in
 * `broken` with its problems, never in `instruments`.
 */
export function checkInstrumentFolders(root: string): Catalogue {
  return assembleCatalogue(listInstrumentFolders(root).map((folder) => ({ folder, result: readInstrument(folder, root) })));
}

/**
 * Checks the instruments when the app is built and gives the app the result as `virtual:instrument-catalogue`
 * (`export const catalogue: Catalogue`): definitions with zod's defaults filled in, locales and norms (fixtures
 * stay out). The app trusts the build, so it ships no instrument schema and parses nothing when it opens. A broken
 * folder is a build warning and is shown in the app's catalogue as before.
 */
export function instrumentCataloguePlugin(options: { readonly root?: string } = {}): Plugin {
  let root = options.root ?? 'instruments';
  return {
    name: 'motivation-profile:instrument-catalogue',
    configResolved(config) {
      root = options.root ?? join(config.root, 'instruments');
    },
    resolveId: (id) => (id === MODULE_ID || id === PATIENT_MODULE_ID || id.startsWith(PATIENT_INSTRUMENT_PREFIX) ? `\0${id}` : null),
    load(id) {
      if (id !== RESOLVED_ID && id !== PATIENT_RESOLVED_ID && !id.startsWith(`\0${PATIENT_INSTRUMENT_PREFIX}`)) return null;
      // A change to any instrument file rebuilds the module (dev server and watch builds).
      for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) if (file.endsWith('.json')) this.addWatchFile(join(root, file));
      const checked = checkInstrumentFolders(root);
      if (id === RESOLVED_ID) {
        for (const { problems } of checked.broken) for (const problem of problems) this.warn(problem);
        return jsonModule('catalogue', checked);
      }
      const patient = patientModeCatalogue(checked).instruments;
      if (id === PATIENT_RESOLVED_ID) {
        // One loader per instrument: a handed-over tablet loads only the instruments it was given.
        const loaders = patient.map(({ definition: { id: instrumentId } }) => `  ${JSON.stringify(instrumentId)}: () => import(${JSON.stringify(PATIENT_INSTRUMENT_PREFIX + instrumentId)}).then((m) => m.instrument),`);
        return `export const loaders = {\n${loaders.join('\n')}\n};\n`;
      }
      const wanted = id.slice(`\0${PATIENT_INSTRUMENT_PREFIX}`.length);
      const instrument = patient.find((i) => i.definition.id === wanted);
      if (!instrument) this.error(`${id}: no instrument "${wanted}" in ${root}`);
      return jsonModule('instrument', instrument);
    },
  };
}

/** `export const <name> = <value>`: JSON.parse of a string literal parses faster than the same data as an object literal. */
const jsonModule = (name: string, value: unknown) => `export const ${name} = JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`;
