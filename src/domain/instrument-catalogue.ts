import type { z } from 'zod';
import { CONSTRUCT_ORDER } from './constructs.ts';
import { err, ok, type Result } from './result.ts';
import {
  clinicianLabelsSchema,
  fixtureSchema,
  instrumentDefinitionSchema,
  translationPackSchema,
  type ClinicianLabels,
  type Fixture,
  type InstrumentDefinition,
  type TranslationPack,
} from './instrument-schema.ts';
import { checkInstrumentConsistency, checkLabelsCompleteness, checkPackCompleteness } from './instrument-consistency.ts';
import { normSchema, type Norm } from './norm-schema.ts';

/** One instrument folder as raw JSON, keyed by the file path it came from (for error messages). */
export type InstrumentFiles = {
  readonly folder: string;
  readonly definition: { readonly path: string; readonly json: unknown };
  /** Translation packs (`locales/<lang>.json`), each with the SHA-256 (hex) of the file as read. */
  readonly locales: readonly { readonly path: string; readonly json: unknown; readonly sha256: string }[];
  /** Clinician labels (`labels/<lang>.json`). */
  readonly labels: readonly { readonly path: string; readonly json: unknown }[];
  /** Reference groups (`norms/*.json`); optional, and most instruments have none that could be sourced. */
  readonly norms?: readonly { readonly path: string; readonly json: unknown }[];
};

/**
 * A checked instrument: its definition, every complete translation pack (the respondent's words) and every set of
 * clinician labels, by language, and its reference groups.
 */
export type Instrument = {
  readonly definition: InstrumentDefinition;
  readonly packs: Readonly<Record<string, TranslationPack>>;
  readonly labels: Readonly<Record<string, ClinicianLabels>>;
  /**
   * Every imported pack still stored on this tablet, by hash, including removed ones: an assessment keeps the text
   * it was given in (`administeredText`). Absent for the built-in catalogue.
   */
  readonly archive?: Readonly<Record<string, TranslationPack>>;
  readonly norms: readonly Norm[];
};

/** Every instrument the app offers, and the folders that failed their checks (shown, never silently dropped). */
export type Catalogue = {
  readonly instruments: readonly Instrument[];
  readonly broken: readonly { readonly folder: string; readonly problems: readonly string[] }[];
};

/** A citation as one line: `Authors (year). Title. Journal volume(issue):pages. doi:…` */
export function formatCitation(c: InstrumentDefinition['citation']): string {
  const where = 'journal' in c ? `${c.journal} ${c.volume}${c.issue ? `(${c.issue})` : ''}:${c.pages}. doi:${c.doi}` : `${c.publisher}. ${c.url}`;
  return `${c.authors.join(', ')} (${c.year}). ${c.title}. ${where}`;
}

/**
 * Parses and checks one instrument folder. Every problem names the file and the field, e.g.
 * `instruments/shaps/instrument.json: items[3].optionSet: unknown optionSet "x"`.
 */
export function parseInstrument(files: InstrumentFiles): Result<Instrument, string[]> {
  const definition = parseWith(instrumentDefinitionSchema, files.definition.json, files.definition.path);
  if (!definition.ok) return definition;
  const def = definition.value;
  const problems = checkInstrumentConsistency(def).map((p) => `${files.definition.path}: ${p}`);
  if (def.id !== files.folder) problems.push(`${files.definition.path}: id: "${def.id}" must match its folder "${files.folder}"`);

  const packs: Record<string, TranslationPack> = {};
  for (const file of files.locales) {
    const pack = parseWith(translationPackSchema, file.json, file.path);
    if (!pack.ok) {
      problems.push(...pack.error);
      continue;
    }
    problems.push(...checkPackCompleteness(def, pack.value).map((p) => `${file.path}: ${p}`));
    packs[pack.value.language] = { ...pack.value, hash: file.sha256, origin: 'built-in' };
  }
  if (!packs.en) problems.push(`${files.definition.path}: no complete English translation pack (locales/en.json)`);
  const norms: Norm[] = [];
  for (const file of files.norms ?? []) {
    const norm = parseWith(normSchema, file.json, file.path);
    if (!norm.ok) {
      problems.push(...norm.error);
      continue;
    }
    const score = def.scores.find((s) => s.key === norm.value.score);
    if (norm.value.instrumentId !== def.id) problems.push(`${file.path}: instrumentId: "${norm.value.instrumentId}" is not "${def.id}"`);
    if (!score) problems.push(`${file.path}: score: "${norm.value.score}" is not a score of ${def.id}`);
    norms.push(norm.value);
  }
  const labels: Record<string, ClinicianLabels> = {};
  for (const file of files.labels) {
    const parsed = parseWith(clinicianLabelsSchema, file.json, file.path);
    if (!parsed.ok) {
      problems.push(...parsed.error);
      continue;
    }
    problems.push(...checkLabelsCompleteness(def, parsed.value, norms.map((n) => n.id)).map((p) => `${file.path}: ${p}`));
    labels[parsed.value.language] = parsed.value;
  }
  if (!labels.en) problems.push(`${files.definition.path}: no complete English clinician labels (labels/en.json)`);
  return problems.length > 0 ? err(problems) : ok({ definition: def, packs, labels, norms });
}

/**
 * The catalogue from every folder's check: the instruments that passed, ordered for display (anhedonia, apathy,
 * depression, then by id), and the folders that failed with their problems.
 */
export function assembleCatalogue(checked: readonly { readonly folder: string; readonly result: Result<Instrument, string[]> }[]): Catalogue {
  const instruments = checked.flatMap(({ result }) => (result.ok ? [result.value] : []));
  const broken = checked.flatMap(({ folder, result }) => (result.ok ? [] : [{ folder, problems: result.error }]));
  return { instruments: orderForDisplay(instruments), broken };
}

function orderForDisplay(instruments: Instrument[]): Instrument[] {
  return [...instruments].sort(
    (a, b) =>
      CONSTRUCT_ORDER.indexOf(a.definition.construct) - CONSTRUCT_ORDER.indexOf(b.definition.construct) ||
      a.definition.id.localeCompare(b.definition.id),
  );
}

/** Parses a golden fixture file. */
export function parseFixture(json: unknown, path: string): Result<Fixture, string[]> {
  return parseWith(fixtureSchema, json, path);
}

function parseWith<S extends z.ZodType>(schema: S, json: unknown, path: string): Result<z.infer<S>, string[]> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  return err(
    parsed.error.issues.map((issue) => `${path}: ${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`),
  );
}
