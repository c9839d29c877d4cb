import type { Catalogue, Instrument } from './instrument-catalogue.ts';
import { checkPackCompleteness } from './instrument-consistency.ts';
import { findInstrument } from './catalogue-lookup.ts';
import type { TranslationPack, TranslationPackText } from './instrument-schema.ts';

/*
 * Imported translation packs joined to the built catalogue. Zod-free (type-only schema imports), because this runs
 * on the patient path whenever the catalogue loads: the packs were checked in full when imported
 * (`translation-pack.ts`); here each is checked again for shape and completeness, in case storage was damaged.
 */

/** A pack as the tablet stores it: the file's text as imported, its SHA-256 (hex), and whether it is still offered. */
export type StoredPack = {
  readonly hash: string;
  readonly text: string;
  readonly importedAt: string;
  /** Set when a clinician removed it: no longer offered, kept so assessments given in it keep their words. */
  readonly removedAt: string | null;
};

/** A stored pack left out of the catalogue, and why (shown in the catalogue's list of problems and in Settings). */
export type SkippedPack = { readonly hash: string; readonly problems: readonly string[] };

/** The first 12 hex digits of a pack's SHA-256: enough to tell packs apart on screen. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/**
 * The catalogue with the tablet's imported packs: every stored pack that still checks goes into its instrument's
 * `archive` (by hash, removed ones too, so `administeredText` finds the words an assessment was given in); those
 * not removed are offered in `packs` by language. Built-in packs always win: an imported pack for a language with
 * a built-in pack is archived, never offered (the import refuses it; only damaged storage gets here). If two
 * offered packs share a language (never written by the import), the later import is offered.
 *
 * Idempotent: it starts again from the built-in packs, so it may be given a catalogue it already returned. A pack
 * that no longer checks (unreadable, another instrument version after an update, incomplete) is skipped, not
 * offered or archived, and listed in `skipped` and in the catalogue's `broken`.
 */
export function withImportedPacks(catalogue: Catalogue, stored: readonly StoredPack[]): { readonly catalogue: Catalogue; readonly skipped: readonly SkippedPack[] } {
  const skipped: SkippedPack[] = [];
  const checked = new Map<string, { readonly pack: TranslationPack; readonly offered: boolean }[]>();
  const ordered = [...stored].sort((a, b) => (a.importedAt < b.importedAt ? -1 : a.importedAt > b.importedAt ? 1 : 0));
  for (const row of ordered) {
    const read = readStoredPack(catalogue, row);
    if (typeof read === 'string' || Array.isArray(read)) {
      skipped.push({ hash: row.hash, problems: typeof read === 'string' ? [read] : read });
      continue;
    }
    checked.set(read.instrument, [...(checked.get(read.instrument) ?? []), { pack: { ...read, hash: row.hash, origin: 'imported' }, offered: row.removedAt === null }]);
  }
  const instruments = catalogue.instruments.map((instrument): Instrument => {
    const builtIn = Object.fromEntries(Object.entries(instrument.packs).filter(([, pack]) => pack.origin === 'built-in'));
    const imported = checked.get(instrument.definition.id) ?? [];
    const packs: Record<string, TranslationPack> = { ...builtIn };
    const archive: Record<string, TranslationPack> = {};
    for (const { pack, offered } of imported) {
      archive[pack.hash] = pack;
      if (offered && !builtIn[pack.language]) packs[pack.language] = pack;
    }
    return { ...instrument, packs, archive };
  });
  const broken = catalogue.broken.filter((b) => !b.folder.startsWith(BROKEN_PREFIX));
  for (const s of skipped) broken.push({ folder: `${BROKEN_PREFIX}${shortHash(s.hash)}`, problems: s.problems.map((p) => `translation pack ${shortHash(s.hash)}: ${p}`) });
  return { catalogue: { instruments, broken }, skipped };
}

const BROKEN_PREFIX = 'imported translation pack ';

/** A stored pack's text if it still reads as a complete pack of an instrument in the catalogue, else the problems. */
function readStoredPack(catalogue: Catalogue, row: StoredPack): TranslationPackText | string | string[] {
  let json: unknown;
  try {
    json = JSON.parse(row.text);
  } catch {
    return 'the stored text is not JSON';
  }
  if (!isPackShape(json)) return 'the stored text is not a translation pack';
  const instrument = findInstrument(catalogue, json.instrument);
  if (!instrument) return `instrument "${json.instrument}" is not in this app`;
  const problems = checkPackCompleteness(instrument.definition, json);
  return problems.length > 0 ? problems.map((p) => `${json.instrument} ${json.language}: ${p}`) : json;
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isTextRecord = (value: unknown): boolean => isRecord(value) && Object.values(value).every(isText);

/** The shape of `translationPackSchema`, without zod: enough that `checkPackCompleteness` and the screens can trust it. */
function isPackShape(json: unknown): json is TranslationPackText {
  if (!isRecord(json)) return false;
  const { instrument, version, language, provenance, title, instructions, items, optionSets, optionAliases, stems } = json;
  return (
    [instrument, version, language, title].every(isText) &&
    (instructions === undefined || isText(instructions)) &&
    isRecord(provenance) &&
    [provenance.source, provenance.translator, provenance.licence, provenance.suppliedBy].every(isText) &&
    isTextRecord(items) &&
    isRecord(optionSets) &&
    Object.values(optionSets).every(isTextRecord) &&
    (stems === undefined || isTextRecord(stems)) &&
    (optionAliases === undefined ||
      (isRecord(optionAliases) && Object.values(optionAliases).every((set) => isRecord(set) && Object.values(set).every((list) => Array.isArray(list) && list.every(isText)))))
  );
}
