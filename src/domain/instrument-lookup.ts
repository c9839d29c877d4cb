import type { Catalogue, Instrument } from './instrument-catalogue.ts';
import type { ClinicianLabels, TranslationPack } from './instrument-schema.ts';

/*
 * Lookups in the catalogue, in a module of their own with type-only imports, so the patient-mode path that shows
 * items carries no instrument schema (zod) with them.
 */

/** The instrument with this id, if the catalogue offers it. */
export function findInstrument(catalogue: Catalogue, id: string): Instrument | undefined {
  return catalogue.instruments.find((i) => i.definition.id === id);
}

/**
 * The respondent's words for an instrument: its translation pack in `language` when it has one (complete, checked),
 * else English, which every offered instrument has complete (checked when the app is built, see `parseInstrument`;
 * its absence is a bug, so it throws). Whether a language may be given to a patient is decided before the start
 * (`packLanguages`); this fallback serves records and views, never a new administration.
 */
export function respondentText(instrument: Instrument, language: string): TranslationPack {
  const pack = instrument.packs[language] ?? instrument.packs.en;
  if (!pack) throw new Error(`instrument ${instrument.definition.id} has no English translation pack`);
  return pack;
}

/**
 * The words an administration was given in: the pack with the recorded hash when this tablet still has it (even
 * one removed since), else the pack of the recorded language, else English (`respondentText`).
 */
export function administeredText(instrument: Instrument, given: { readonly language: string; readonly packHash?: string | null }): TranslationPack {
  const pack = given.packHash ? packByHash(instrument, given.packHash) : undefined;
  return pack ?? respondentText(instrument, given.language);
}

/** The pack with this SHA-256 on this tablet (offered, or archived: imported and removed since), if it is here. */
export function packByHash(instrument: Instrument, hash: string): TranslationPack | undefined {
  return instrument.archive?.[hash] ?? Object.values(instrument.packs).find((p) => p.hash === hash);
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
