import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseFixture, parseInstrument, type Instrument, type InstrumentFiles } from '../domain/instrument-catalogue.ts';
import type { Fixture } from '../domain/instrument-schema.ts';
import { err, ok, type Result } from '../domain/result.ts';

/** The repository's `instruments/` folder, found from this file so the CLI works from any working directory. */
export const INSTRUMENTS_ROOT = join(import.meta.dirname, '..', '..', 'instruments');

/** Instrument folder names, sorted. */
export function listInstrumentFolders(root = INSTRUMENTS_ROOT): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Reads and checks one instrument folder from disk; JSON syntax errors are reported like schema errors. */
export function readInstrument(folder: string, root = INSTRUMENTS_ROOT): Result<Instrument, string[]> {
  const dir = join(root, folder);
  const label = (path: string): string => relative(join(root, '..'), path);
  if (!existsSync(join(dir, 'instrument.json'))) return err([`${label(join(dir, 'instrument.json'))}: file not found`]);
  const definition = readJson(join(dir, 'instrument.json'), label);
  if (!definition.ok) return definition;
  const localeDir = join(dir, 'locales');
  const locales: InstrumentFiles['locales'][number][] = [];
  for (const name of existsSync(localeDir) ? readdirSync(localeDir).filter((n) => n.endsWith('.json')).sort() : []) {
    const locale = readJson(join(localeDir, name), label);
    if (!locale.ok) return locale;
    locales.push(locale.value);
  }
  const normDir = join(dir, 'norms');
  const norms: InstrumentFiles['locales'][number][] = [];
  for (const name of existsSync(normDir) ? readdirSync(normDir).filter((n) => n.endsWith('.json')).sort() : []) {
    const norm = readJson(join(normDir, name), label);
    if (!norm.ok) return norm;
    norms.push(norm.value);
  }
  return parseInstrument({ folder, definition: definition.value, locales, norms });
}

/** Reads every golden fixture of an instrument folder, by file name. */
export function readFixtures(folder: string, root = INSTRUMENTS_ROOT): Result<{ name: string; fixture: Fixture }[], string[]> {
  const dir = join(root, folder, 'fixtures');
  const label = (path: string): string => relative(join(root, '..'), path);
  const fixtures: { name: string; fixture: Fixture }[] = [];
  for (const name of existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []) {
    const file = readJson(join(dir, name), label);
    if (!file.ok) return file;
    const fixture = parseFixture(file.value.json, file.value.path);
    if (!fixture.ok) return fixture;
    fixtures.push({ name: name.replace(/\.json$/, ''), fixture: fixture.value });
  }
  return ok(fixtures);
}

function readJson(path: string, label: (path: string) => string): Result<{ path: string; json: unknown }, string[]> {
  try {
    return ok({ path: label(path), json: JSON.parse(readFileSync(path, 'utf8')) as unknown });
  } catch (error) {
    return err([`${label(path)}: not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
}
