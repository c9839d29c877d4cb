import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseFixture, parseInstrument, type Instrument } from '../domain/instrument-catalogue.ts';
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
  const locales = readJsonFolder(join(dir, 'locales'), label);
  if (!locales.ok) return locales;
  const labels = readJsonFolder(join(dir, 'labels'), label);
  if (!labels.ok) return labels;
  const norms = readJsonFolder(join(dir, 'norms'), label);
  if (!norms.ok) return norms;
  return parseInstrument({ folder, definition: definition.value, locales: locales.value, labels: labels.value, norms: norms.value });
}

/** Reads every golden fixture of an instrument folder, by file name. */
export function readFixtures(folder: string, root = INSTRUMENTS_ROOT): Result<{ name: string; fixture: Fixture }[], string[]> {
  const dir = join(root, folder, 'fixtures');
  const label = (path: string): string => relative(join(root, '..'), path);
  const files = readJsonFolder(dir, label);
  if (!files.ok) return files;
  const fixtures: { name: string; fixture: Fixture }[] = [];
  for (const file of files.value) {
    const fixture = parseFixture(file.json, file.path);
    if (!fixture.ok) return fixture;
    fixtures.push({ name: basename(file.path, '.json'), fixture: fixture.value });
  }
  return ok(fixtures);
}

/** Every `*.json` file of a folder (none when the folder is absent), in name order. */
function readJsonFolder(dir: string, label: (path: string) => string): Result<{ path: string; json: unknown; sha256: string }[], string[]> {
  const files: { path: string; json: unknown; sha256: string }[] = [];
  for (const name of existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []) {
    const file = readJson(join(dir, name), label);
    if (!file.ok) return file;
    files.push(file.value);
  }
  return ok(files);
}

/** SHA-256 (hex) of a file's text as UTF-8: a translation pack's identity, the same in the app (`crypto.subtle`). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function readJson(path: string, label: (path: string) => string): Result<{ path: string; json: unknown; sha256: string }, string[]> {
  try {
    const text = readFileSync(path, 'utf8');
    return ok({ path: label(path), json: JSON.parse(text) as unknown, sha256: sha256Hex(text) });
  } catch (error) {
    return err([`${label(path)}: not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
}
