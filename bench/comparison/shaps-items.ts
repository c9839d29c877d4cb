import type { Instrument } from '../../src/domain/instrument-catalogue.ts';

/** One SHAPS item as a respondent sees it: its wording and its options in display order, from the instrument folder. */
export type ShownItem = {
  readonly id: string;
  readonly number: number;
  readonly text: string;
  readonly options: readonly { readonly code: string; readonly label: string }[];
};

export type ShownInstrument = { readonly instructions: string; readonly items: readonly ShownItem[] };

/**
 * The respondent's text of `instrument` in `language` (instructions, items, option labels in each item's display
 * order), taken from its translation pack: the comparison builds show the same words the app shows, never a copy.
 */
export function toShownInstrument(instrument: Instrument, language = 'en'): ShownInstrument {
  const pack = instrument.packs[language];
  if (!pack) throw new Error(`${instrument.definition.id} has no ${language} pack`);
  const items = instrument.definition.items.map((item) => {
    const set = instrument.definition.optionSets[item.optionSet];
    const labels = pack.optionSets[item.optionSet];
    const text = pack.items[item.id];
    if (!set || !labels || text === undefined) throw new Error(`${item.id}: no option set or wording in the ${language} pack`);
    const order = set.displayOrder ?? set.options;
    return { id: item.id, number: item.number, text, options: order.map((code) => ({ code, label: labels[code] ?? code })) };
  });
  if (pack.instructions === undefined) throw new Error(`${instrument.definition.id}: no instructions in the ${language} pack`);
  return { instructions: pack.instructions, items };
}
