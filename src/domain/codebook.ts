import type { Instrument } from './instrument-catalogue.ts';
import { respondentText } from './instrument-lookup.ts';

export type CodebookOption = { readonly code: string; readonly label: string };
export type CodebookItem = {
  /** The item's column in research files: `<instrument>_<number>` (`teps_15`); see CODEBOOK_VERSION. */
  readonly column: string;
  /** The column name of codebook version 1 (the item id with `_` for `-`), still read by the CLI. */
  readonly formerColumn: string;
  readonly itemId: string;
  readonly number: number;
  readonly required: boolean;
  readonly text: string;
  readonly options: readonly CodebookOption[];
  /** Other labels a data file may use, by option code (not part of the printed codebook). */
  readonly aliases: Readonly<Record<string, readonly string[]>>;
};
export type Codebook = {
  /** The codebook's format version (CODEBOOK_VERSION): a data format other tools rely on. */
  readonly codebookVersion: number;
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly items: readonly CodebookItem[];
};

/**
 * The codebook's format version. 1: an item's column was its id with `_` for `-` (`teps_looking_forward_pleasurable`,
 * `phq_9_difficulty`). 2: every item's column is `<instrument>_<item number>` (`teps_15`, `phq_9_10`), so every name
 * stays within REDCap's recommended 26 characters; version-1 names are given as `formerColumn` and still read.
 */
export const CODEBOOK_VERSION = 2;

/** An id as a column-name part: hyphens as underscores (`phq-9` → `phq_9`). */
export function toColumnName(id: string): string {
  return id.replace(/-/g, '_');
}

/** The column of an instrument's item in codebook version 2: `<instrument>_<item number>` (`teps`, 15 → `teps_15`). */
export function itemColumn(instrumentId: string, itemNumber: number): string {
  return `${toColumnName(instrumentId)}_${itemNumber}`;
}

/**
 * The data dictionary of one instrument in a language: each item's CSV column, number on the form,
 * wording, and options (semantic code and label) in canonical order.
 */
export function buildCodebook(instrument: Instrument, language = 'en'): Codebook {
  const def = instrument.definition;
  const locale = respondentText(instrument, language);
  return {
    codebookVersion: CODEBOOK_VERSION,
    id: def.id,
    version: def.version,
    title: def.title,
    items: def.items.map((item) => ({
      column: itemColumn(def.id, item.number),
      formerColumn: toColumnName(item.id),
      itemId: item.id,
      number: item.number,
      required: item.required,
      text: locale.items[item.id] ?? item.id,
      options: (def.optionSets[item.optionSet]?.options ?? []).map((code) => ({
        code,
        label: locale.optionSets[item.optionSet]?.[code] ?? code,
      })),
      aliases: locale.optionAliases?.[item.optionSet] ?? {},
    })),
  };
}

/** How a cell in a research file resolves: an answer code, a blank (missing), or an unknown value. */
export type CellAnswer = { readonly kind: 'answer'; readonly code: string } | { readonly kind: 'blank' } | { readonly kind: 'unknown' };

/**
 * Builds a resolver for one codebook item: a cell matches an option's code or its label, ignoring case and
 * surrounding or repeated white space. Matching is by meaning, so column order and option order never matter.
 */
export function createCellResolver(item: CodebookItem): (cell: string) => CellAnswer {
  const lookup = new Map<string, string>();
  const exact = new Map<string, string>();
  for (const option of item.options) {
    lookup.set(normalise(option.label), option.code);
    lookup.set(normalise(option.code), option.code);
    exact.set(option.label, option.code);
    exact.set(option.code, option.code);
    for (const alias of item.aliases[option.code] ?? []) {
      lookup.set(normalise(alias), option.code);
      exact.set(alias, option.code);
    }
  }
  return (cell) => {
    // Fast path for cells written exactly as the codebook prints them (the common case in large files).
    const direct = exact.get(cell);
    if (direct !== undefined) return { kind: 'answer', code: direct };
    const key = normalise(cell);
    if (key === '') return { kind: 'blank' };
    const code = lookup.get(key);
    return code === undefined ? { kind: 'unknown' } : { kind: 'answer', code };
  };
}

/** Case, spacing and `_` for `-` do not matter: REDCap and our research CSV write `several_days` for `several-days`. */
function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase().replace(/_/g, '-');
}
