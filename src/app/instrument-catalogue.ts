import { parseInstrument, type Catalogue, type Instrument } from '../domain/instrument-catalogue.ts';

/**
 * Loads every instrument bundled from instruments/ (definition and locales; fixtures stay out of the app).
 * The JSON is bundled at build time, so the catalogue works with no network.
 */
export function loadCatalogue(): Catalogue {
  const definitions = import.meta.glob<unknown>('../../instruments/*/instrument.json', { eager: true, import: 'default' });
  const locales = import.meta.glob<unknown>('../../instruments/*/locales/*.json', { eager: true, import: 'default' });
  const norms = import.meta.glob<unknown>('../../instruments/*/norms/*.json', { eager: true, import: 'default' });
  const instruments: Instrument[] = [];
  const broken: { folder: string; problems: string[] }[] = [];
  for (const [path, json] of Object.entries(definitions)) {
    const folder = path.split('/').at(-2) ?? path;
    const prefix = path.replace(/instrument\.json$/, 'locales/');
    const normPrefix = path.replace(/instrument\.json$/, 'norms/');
    const result = parseInstrument({
      folder,
      definition: { path: path.replace(/^(\.\.\/)+/, ''), json },
      locales: Object.entries(locales)
        .filter(([localePath]) => localePath.startsWith(prefix))
        .map(([localePath, localeJson]) => ({ path: localePath.replace(/^(\.\.\/)+/, ''), json: localeJson })),
      norms: Object.entries(norms)
        .filter(([normPath]) => normPath.startsWith(normPrefix))
        .map(([normPath, normJson]) => ({ path: normPath.replace(/^(\.\.\/)+/, ''), json: normJson })),
    });
    if (result.ok) instruments.push(result.value);
    else broken.push({ folder, problems: result.error });
  }
  return { instruments: orderForDisplay(instruments), broken };
}

const CONSTRUCT_ORDER = ['anhedonia', 'apathy', 'depression'] as const;

function orderForDisplay(instruments: Instrument[]): Instrument[] {
  return [...instruments].sort(
    (a, b) =>
      CONSTRUCT_ORDER.indexOf(a.definition.construct) - CONSTRUCT_ORDER.indexOf(b.definition.construct) ||
      a.definition.id.localeCompare(b.definition.id),
  );
}
