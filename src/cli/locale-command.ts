import { readFileSync, statSync } from 'node:fs';
import type { Instrument } from '../domain/instrument-catalogue.ts';
import type { InstrumentDefinition, TranslationPack, TranslationPackText } from '../domain/instrument-schema.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { checkPackSize, checkPackText, describePackProblem, packTemplate } from '../domain/translation-pack.ts';
import { listInstrumentFolders, readInstrument, sha256Hex } from './instrument-folder.ts';

/*
 * Translation packs on the command line: check a pack file as the app's import does (`check-locale`), print an
 * empty one to fill in (`locale-template`), and give a pack to the codebook (`codebook --locale`).
 */

/** A pack file that checks: its text, SHA-256 (the identity the app records) and notes for whoever prepared it. */
export type CheckedLocale = { readonly pack: TranslationPackText; readonly hash: string; readonly notes: readonly string[] };

/** The language tags a pack may have (`translationPackSchema`). */
const LANGUAGE_TAG = /^[a-z]{2}(-[A-Za-z]{2,4})?$/;

/**
 * Checks a pack file as the app's import does (size before reading, JSON, known instrument, its version, every
 * item and option present and nothing else), against the instrument folders. Problems are lines in plain English.
 * The one thing the import adds, refusing a language the app has built in, is a note here: a built-in pack
 * itself is checked with this command too.
 */
export function checkLocaleFile(path: string): Result<CheckedLocale, string[]> {
  let text: string;
  try {
    const size = checkPackSize(statSync(path).size);
    if (!size.ok) return err(size.error.map(describePackProblem));
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return err([`cannot read the file (${error instanceof Error ? error.message : String(error)})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err([describePackProblem({ code: 'not-json' })]);
  }
  const broken: string[] = [];
  const instruments = new Map<string, Instrument>();
  const definitionOf = (id: string): InstrumentDefinition | undefined => {
    if (!listInstrumentFolders().includes(id)) return undefined;
    const read = readInstrument(id);
    if (!read.ok) {
      broken.push(`instrument "${id}" is broken:`, ...read.error);
      return undefined;
    }
    instruments.set(id, read.value);
    return read.value.definition;
  };
  const checked = checkPackText(definitionOf, json);
  if (broken.length > 0) return err(broken);
  if (!checked.ok) return err(checked.error.map(describePackProblem));
  const pack = checked.value;
  const hash = sha256Hex(text);
  const builtIn = instruments.get(pack.instrument)?.packs[pack.language];
  const notes = builtIn && builtIn.hash !== hash ? [`note: ${pack.instrument} has a built-in ${pack.language} pack, so the app will not import this one in its place`] : [];
  return ok({ pack, hash, notes });
}

/** The one line `check-locale` prints for a good pack. */
export function formatCheckedLocale({ pack, hash }: CheckedLocale): string {
  return `OK ${pack.instrument} ${pack.version} ${pack.language} sha256:${hash}`;
}

/** An empty pack for an instrument's current version in `language` (every string ""), or why not. */
export function localeTemplate(instrument: Instrument, language: string): Result<TranslationPackText, string> {
  if (!LANGUAGE_TAG.test(language)) return err(`"${language}" is not a language tag such as "en" or "zh-CN"`);
  return ok(packTemplate(instrument.definition, language));
}

/**
 * The instrument with the pack to print its codebook in: a checked pack file (`--locale`), or else the pack the
 * instrument has for `language`. Never falls back to English: a codebook in the wrong language is refused.
 */
export function instrumentWithLocale(instrument: Instrument, language: string | undefined, localePath: string | undefined): Result<{ instrument: Instrument; language: string }, string[]> {
  if (localePath === undefined) {
    const wanted = language ?? 'en';
    if (!instrument.packs[wanted]) return err([`${instrument.definition.id} has no ${wanted} translation pack here; give one with --locale <file>`]);
    return ok({ instrument, language: wanted });
  }
  const checked = checkLocaleFile(localePath);
  if (!checked.ok) return err(checked.error.map((p) => `${localePath}: ${p}`));
  const { pack, hash } = checked.value;
  if (pack.instrument !== instrument.definition.id) return err([`${localePath}: the pack is for ${pack.instrument}, not ${instrument.definition.id}`]);
  if (language !== undefined && language !== pack.language) return err([`${localePath}: the pack is in ${pack.language}, not ${language}`]);
  const imported: TranslationPack = { ...pack, hash, origin: 'imported' };
  return ok({ instrument: { ...instrument, packs: { ...instrument.packs, [pack.language]: imported } }, language: pack.language });
}
