import { createHash } from 'node:crypto';
import type { Instrument } from '../../src/domain/instrument-catalogue.ts';
import type { ClinicianLabels, TranslationPack } from '../../src/domain/instrument-schema.ts';

/** Marks every string of a test pack: it stands in for a licensed translation and is never one. */
export const TEST_PACK_MARK = '[TEST PACK — not a translation]';

/**
 * An instrument with an in-memory, imported test pack in `language`: every respondent text is the mark and the
 * text's id (never translated wording: TRANSLATIONS.md §1), complete for the instrument's version, with a SHA-256 of
 * its content as its hash. With `labels`, clinician labels in that language too (the app's own wording, marked).
 */
export function withTestPack(instrument: Instrument, language: string, options: { readonly labels?: boolean } = {}): Instrument {
  const def = instrument.definition;
  const text = {
    instrument: def.id,
    version: def.version,
    language,
    provenance: { source: `${TEST_PACK_MARK} test fixture`, translator: 'None: a test pack', licence: 'Tests only', suppliedBy: 'Motivation Profile tests' },
    title: `${TEST_PACK_MARK} ${def.id} title`,
    instructions: `${TEST_PACK_MARK} ${def.id} instructions`,
    items: Object.fromEntries(def.items.map((item) => [item.id, `${TEST_PACK_MARK} ${item.id}`])),
    optionSets: Object.fromEntries(
      Object.entries(def.optionSets).map(([setId, set]) => [setId, Object.fromEntries(set.options.map((code) => [code, `${TEST_PACK_MARK} ${code}`]))]),
    ),
  };
  const pack: TranslationPack = { ...text, hash: createHash('sha256').update(JSON.stringify(text)).digest('hex'), origin: 'imported' };
  const labels = options.labels ? { ...instrument.labels, [language]: testLabels(instrument, language) } : instrument.labels;
  return { ...instrument, packs: { ...instrument.packs, [language]: pack }, labels };
}

/** Clinician labels for tests: the English labels' keys, each text the mark and its key. */
function testLabels(instrument: Instrument, language: string): ClinicianLabels {
  const en = instrument.labels.en;
  if (!en) throw new Error(`${instrument.definition.id} has no English labels`);
  const mark = (key: string) => `[测试标签] ${key}`;
  const each = (record: Readonly<Record<string, string>>) => Object.fromEntries(Object.keys(record).map((key) => [key, mark(key)]));
  return {
    language,
    name: mark('name'),
    timeFrame: mark('timeFrame'),
    scores: each(en.scores),
    bands: Object.fromEntries(Object.entries(en.bands).map(([score, bands]) => [score, each(bands)])),
    flags: each(en.flags),
    ...(en.norms ? { norms: each(en.norms) } : {}),
  };
}
