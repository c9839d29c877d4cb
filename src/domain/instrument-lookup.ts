import type { Instrument } from './instrument-catalogue.ts';
import type { TranslationPack } from './instrument-schema.ts';

/*
 * The respondent's words for an instrument, in a module of their own with type-only imports: the patient-mode path
 * that shows items carries no instrument schema (zod) and no clinician lookups (catalogue-lookup.ts) with them.
 */

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
