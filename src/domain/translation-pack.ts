import type { Catalogue } from './instrument-catalogue.ts';
import { packGaps, type PackGap } from './instrument-consistency.ts';
import { findInstrument } from './catalogue-lookup.ts';
import { translationPackSchema, type InstrumentDefinition, type TranslationPackText } from './instrument-schema.ts';
import { err, ok, type Result } from './result.ts';

/*
 * Checking a translation pack a clinic brings (Settings → Translations, the CLI's check-locale, a backup's packs).
 * This module carries the instrument schema (zod); the patient path never loads it: stored packs are merged into
 * the catalogue by `imported-packs.ts`, which re-checks them without zod.
 */

/** The largest pack file accepted, checked before it is read: the PHQ-9's English pack is about 2 KB. */
export const MAX_PACK_BYTES = 1024 * 1024;

/** Why a pack file is refused. Each names what to fix (the item, option or field), never a position. */
export type PackProblem =
  | { readonly code: 'too-large'; readonly bytes: number; readonly limit: number }
  | { readonly code: 'not-json' }
  | { readonly code: 'not-a-pack' }
  | { readonly code: 'unknown-instrument'; readonly instrument: string }
  | { readonly code: 'wrong-version'; readonly found: string; readonly expected: string }
  | { readonly code: 'built-in-language'; readonly instrument: string; readonly language: string }
  | { readonly code: 'item-missing'; readonly item: string }
  | { readonly code: 'item-extra'; readonly item: string }
  | { readonly code: 'option-set-missing'; readonly set: string }
  | { readonly code: 'option-set-extra'; readonly set: string }
  | { readonly code: 'option-missing'; readonly set: string; readonly option: string }
  | { readonly code: 'option-extra'; readonly set: string; readonly option: string }
  | { readonly code: 'alias-unknown'; readonly set: string; readonly option: string | null }
  | { readonly code: 'field-missing'; readonly field: string }
  | { readonly code: 'field-empty'; readonly field: string }
  | { readonly code: 'field-unknown'; readonly field: string }
  | { readonly code: 'field-invalid'; readonly field: string; readonly detail: string };

/** The size check, made on the file's size before it is read. */
export function checkPackSize(bytes: number): Result<void, PackProblem[]> {
  return bytes > MAX_PACK_BYTES ? err([{ code: 'too-large', bytes, limit: MAX_PACK_BYTES }]) : ok(undefined);
}

/**
 * A pack file's text, in full, for import into this catalogue: size (UTF-8 bytes), JSON, then `checkPack`.
 */
export function checkPackFile(catalogue: Catalogue, text: string): Result<TranslationPackText, PackProblem[]> {
  const size = checkPackSize(new TextEncoder().encode(text).length);
  if (!size.ok) return size;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's position adds nothing a clinician can act on: the file is not the pack they meant.
    return err([{ code: 'not-json' }]);
  }
  return checkPack(catalogue, json);
}

/**
 * A pack for import into this catalogue: `checkPackText` against its instruments, and refused for a language that
 * has a pack built into the app (English for every instrument). None ships in another language today; an imported
 * pack never replaces validated wording that came with the app.
 */
export function checkPack(catalogue: Catalogue, json: unknown): Result<TranslationPackText, PackProblem[]> {
  const checked = checkPackText((id) => findInstrument(catalogue, id)?.definition, json);
  if (!checked.ok) return checked;
  const { instrument, language } = checked.value;
  if (findInstrument(catalogue, instrument)?.packs[language]?.origin === 'built-in') return err([{ code: 'built-in-language', instrument, language }]);
  return checked;
}

/**
 * A pack's JSON against the instrument it names (`definitionOf`): a known instrument, this version, the schema
 * (every problem named by its field), then every item, option set and option present and nothing else
 * (`packGaps`). A pack for another version is refused on that alone: its items belong to that version.
 */
export function checkPackText(definitionOf: (id: string) => InstrumentDefinition | undefined, json: unknown): Result<TranslationPackText, PackProblem[]> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return err([{ code: 'not-a-pack' }]);
  const raw = json as Readonly<Record<string, unknown>>;
  const def = typeof raw.instrument === 'string' ? definitionOf(raw.instrument) : undefined;
  if (typeof raw.instrument === 'string' && !def) return err([{ code: 'unknown-instrument', instrument: raw.instrument }]);
  if (def && typeof raw.version === 'string' && raw.version !== def.version) return err([{ code: 'wrong-version', found: raw.version, expected: def.version }]);
  const parsed = translationPackSchema.safeParse(json);
  if (!parsed.success) return err(parsed.error.issues.flatMap((issue) => fromIssue(issue, json)));
  if (!def) return err([{ code: 'field-missing', field: 'instrument' }]);
  const problems = packGaps(def, parsed.data).map(fromGap);
  // A missing option set is one problem, not one more for each of its options.
  const missingSets = new Set(problems.flatMap((p) => (p.code === 'option-set-missing' ? [p.set] : [])));
  const named = problems.filter((p) => p.code !== 'option-missing' || !missingSets.has(p.set));
  return named.length > 0 ? err(named) : ok(parsed.data);
}

type Issue = NonNullable<ReturnType<typeof translationPackSchema.safeParse>['error']>['issues'][number];

/** A schema issue in plain terms: an item or option with empty text is named as such, other fields by their path. */
function fromIssue(issue: Issue, json: unknown): PackProblem[] {
  const path = issue.path.map(String);
  const field = path.length > 0 ? path.join('.') : '(root)';
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ code: 'field-unknown', field: [...path, key].join('.') }));
  const [top, set, option] = path;
  if (issue.code === 'too_small' && top === 'items' && set !== undefined && path.length === 2) return [{ code: 'item-missing', item: set }];
  if (issue.code === 'too_small' && top === 'optionSets' && set !== undefined && option !== undefined && path.length === 3) {
    return [{ code: 'option-missing', set, option }];
  }
  if (issue.code === 'too_small') return [{ code: 'field-empty', field }];
  if (issue.code === 'invalid_type' && valueAt(json, path) === undefined) return [{ code: 'field-missing', field }];
  return [{ code: 'field-invalid', field, detail: issue.message }];
}

function valueAt(json: unknown, path: readonly string[]): unknown {
  let value = json;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

function fromGap(gap: PackGap): PackProblem {
  switch (gap.kind) {
    case 'instrument':
      return { code: 'unknown-instrument', instrument: gap.found };
    case 'version':
      return { code: 'wrong-version', found: gap.found, expected: gap.expected };
    case 'missing':
    case 'extra': {
      const missing = gap.kind === 'missing';
      if (gap.path === 'items') return missing ? { code: 'item-missing', item: gap.key } : { code: 'item-extra', item: gap.key };
      if (gap.path === 'optionSets') return missing ? { code: 'option-set-missing', set: gap.key } : { code: 'option-set-extra', set: gap.key };
      const set = gap.path.slice('optionSets.'.length);
      return missing ? { code: 'option-missing', set, option: gap.key } : { code: 'option-extra', set, option: gap.key };
    }
    case 'alias-set':
      return { code: 'alias-unknown', set: gap.set, option: null };
    case 'alias-option':
      return { code: 'alias-unknown', set: gap.set, option: gap.option };
  }
}

/** A problem in plain English, for the CLI and a backup's refusal (the app's screens use their own messages). */
export function describePackProblem(problem: PackProblem): string {
  switch (problem.code) {
    case 'too-large':
      return `File too large (${megabytes(problem.bytes)} MB; the limit is ${problem.limit / (1024 * 1024)} MB)`;
    case 'not-json':
      return 'Not valid JSON';
    case 'not-a-pack':
      return 'Not a translation pack (the file holds no JSON object)';
    case 'unknown-instrument':
      return `Unknown instrument '${problem.instrument}'`;
    case 'wrong-version':
      return `Written for version ${problem.found}; this app has ${problem.expected}`;
    case 'built-in-language':
      return `${problem.instrument} already has a built-in ${problem.language} pack, which an imported pack may not replace`;
    case 'item-missing':
      return `Item ${problem.item} has no text`;
    case 'item-extra':
      return `Item ${problem.item} is not in the instrument`;
    case 'option-set-missing':
      return `Option set ${problem.set} is missing`;
    case 'option-set-extra':
      return `Option set ${problem.set} is not in the instrument`;
    case 'option-missing':
      return `Option ${problem.option} of ${problem.set} has no text`;
    case 'option-extra':
      return `Option ${problem.option} of ${problem.set} is not in the instrument`;
    case 'alias-unknown':
      return problem.option === null ? `Aliases for option set ${problem.set}, which the instrument does not have` : `Aliases for option ${problem.option} of ${problem.set}, which the instrument does not have`;
    case 'field-missing':
      return `Field ${problem.field} is missing`;
    case 'field-empty':
      return `Field ${problem.field} is empty`;
    case 'field-unknown':
      return `Field ${problem.field} is not part of a translation pack`;
    case 'field-invalid':
      return `Field ${problem.field}: ${problem.detail}`;
  }
}

/** A size in MB with one decimal, as a pack problem states it (5 242 880 bytes → "5.0"). */
export function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/**
 * An empty pack for one instrument version and language: every respondent string and provenance field as "", for
 * whoever holds the validated translation to fill in verbatim (`check-locale` then checks it).
 */
export function packTemplate(def: InstrumentDefinition, language: string): TranslationPackText {
  return {
    instrument: def.id,
    version: def.version,
    language,
    provenance: { source: '', translator: '', licence: '', suppliedBy: '' },
    title: '',
    instructions: '',
    items: Object.fromEntries(def.items.map((item) => [item.id, ''])),
    optionSets: Object.fromEntries(Object.entries(def.optionSets).map(([setId, set]) => [setId, Object.fromEntries(set.options.map((code) => [code, '']))])),
    ...(Object.values(def.optionSets).some((set) => set.stem) ? { stems: Object.fromEntries(Object.entries(def.optionSets).flatMap(([setId, set]) => (set.stem ? [[setId, '']] : []))) } : {}),
  };
}
