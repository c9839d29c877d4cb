import type { Catalogue, Instrument } from './instrument-catalogue.ts';
import type { InstrumentLocale } from './instrument-schema.ts';

/*
 * Lookups in the catalogue, in a module of their own with type-only imports, so the patient-mode path that shows
 * items carries no instrument schema (zod) with them.
 */

/** The instrument with this id, if the catalogue offers it. */
export function findInstrument(catalogue: Catalogue, id: string): Instrument | undefined {
  return catalogue.instruments.find((i) => i.definition.id === id);
}

/**
 * The one lookup of an instrument's wording: its locale in `language` when the instrument has that language
 * complete, else English, which every offered instrument has complete (checked when the app is built, see
 * `parseInstrument`; its absence is a bug, so it throws).
 */
export function instrumentText(instrument: Instrument, language: string): InstrumentLocale {
  const locale = instrument.locales[language] ?? instrument.locales.en;
  if (!locale) throw new Error(`instrument ${instrument.definition.id} has no English locale`);
  return locale;
}

/** The text of an instrument's flag (e.g. the PHQ-9 item-9 alert) in `language`, or its code when unknown. */
export function describeFlag(catalogue: Catalogue, instrumentId: string, flag: string, language: string): string {
  const instrument = findInstrument(catalogue, instrumentId);
  return (instrument ? instrumentText(instrument, language).flags[flag] : undefined) ?? flag;
}

