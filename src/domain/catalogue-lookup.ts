import type { Catalogue, Instrument } from './instrument-catalogue.ts';
import type { ClinicianLabels } from './instrument-schema.ts';

/*
 * Lookups in the catalogue for the clinician's screens and exports (an instrument by id, the languages it can be
 * given in, the clinician's words for it), apart from instrument-lookup.ts: a handed-over tablet (patient mode)
 * needs none of them and does not download them (issue 20's byte budget).
 */

/** The instrument with this id, if the catalogue offers it. */
export function findInstrument(catalogue: Catalogue, id: string): Instrument | undefined {
  return catalogue.instruments.find((i) => i.definition.id === id);
}

/** The languages an instrument can be given in (those with a complete translation pack), English first. */
export function packLanguages(instrument: Instrument): string[] {
  return Object.keys(instrument.packs).sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
}

/**
 * The clinician's words for an instrument (its name, time frame, scores, bands, flags, reference groups) in
 * `language`, else English. Every shipped instrument has English and Chinese labels complete (tests).
 */
export function clinicianLabels(instrument: Instrument, language: string): ClinicianLabels {
  const labels = instrument.labels[language] ?? instrument.labels.en;
  if (!labels) throw new Error(`instrument ${instrument.definition.id} has no English clinician labels`);
  return labels;
}

/** A reference group's population in `language` (the norm file's own English description when unlabelled). */
export function normPopulation(instrument: Instrument, norm: { readonly id: string; readonly population: string }, language: string): string {
  return clinicianLabels(instrument, language).norms?.[norm.id] ?? norm.population;
}

/** The text of an instrument's flag (e.g. the PHQ-9 item-9 alert) in `language`, or its code when unknown. */
export function describeFlag(catalogue: Catalogue, instrumentId: string, flag: string, language: string): string {
  const instrument = findInstrument(catalogue, instrumentId);
  return (instrument ? clinicianLabels(instrument, language).flags[flag] : undefined) ?? flag;
}

/** "PHQ-9 1.0.0, SHAPS 1.0.0": the instruments an assessment gave, by abbreviation and version (provenance lines). */
export function givenVersions(instruments: readonly Instrument[], given: readonly { readonly id: string; readonly version: string }[], separator = ', '): string {
  return given.map((i) => `${instruments.find((x) => x.definition.id === i.id)?.definition.shortTitle ?? i.id} ${i.version}`).join(separator);
}
