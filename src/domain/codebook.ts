import type { Instrument } from './instrument-catalogue.ts';
import { instrumentText } from './instrument-lookup.ts';

export type CodebookOption = { readonly code: string; readonly label: string };
export type CodebookItem = {
  readonly column: string;
  readonly itemId: string;
  readonly number: number;
  readonly required: boolean;
  readonly text: string;
  readonly options: readonly CodebookOption[];
  /** Other labels a data file may use, by option code (not part of the printed codebook). */
  readonly aliases: Readonly<Record<string, readonly string[]>>;
};
export type Codebook = {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly items: readonly CodebookItem[];
};

/** The CSV column for an item: its id with hyphens as underscores (`shaps-1` → `shaps_1`). */
export function toColumnName(itemId: string): string {
  return itemId.replace(/-/g, '_');
}

/**
 * The data dictionary of one instrument in a language: each item's CSV column, number on the form,
 * wording, and options (semantic code and label) in canonical order.
 */
export function buildCodebook(instrument: Instrument, language = 'en'): Codebook {
  const def = instrument.definition;
  const locale = instrumentText(instrument, language);
  return {
    id: def.id,
    version: def.version,
    title: def.title,
    items: def.items.map((item) => ({
      column: toColumnName(item.id),
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
