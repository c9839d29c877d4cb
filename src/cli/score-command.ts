import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import Papa from 'papaparse';
import type { Instrument } from '../domain/instrument-catalogue.ts';
import { buildCodebook, createCellResolver, type CellAnswer, type CodebookItem } from '../domain/codebook.ts';
import { statedReasonOf, scoreAssessment, type Respondent, type ScoreStatus } from '../domain/score-assessment.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { FORMULA_CELL } from '../export/csv/csv-safety.ts';

export type RowError = { readonly column: string | null; readonly value: string; readonly message: string };

export type RowResult = {
  readonly id: string;
  readonly scores: Readonly<Record<string, number | null>>;
  readonly bands: Readonly<Record<string, string | null>>;
  readonly flags: readonly string[];
  readonly status: ScoreStatus;
  /** Columns of required items left blank. */
  readonly missing: readonly string[];
  /** Scores not given, and why (`age-unknown`, `age-uncertain`, …, `not-asked`): lookup instruments and those with parts. */
  readonly reasons?: Readonly<Record<string, string>>;
  readonly errors: readonly RowError[];
};

type Column = { readonly index: number; readonly name: string; readonly item: CodebookItem; readonly resolve: (cell: string) => CellAnswer };
export type Layout = {
  readonly idIndex: number;
  readonly width: number;
  readonly columns: readonly Column[];
  readonly items: readonly CodebookItem[];
  /** The instrument's parts a clinician may leave out, which `not_asked` may name. */
  readonly parts: readonly { readonly id: string; readonly items: readonly string[] }[];
  /**
   * The optional `age` (whole years) and `administration` (self | interviewer) columns of a lookup instrument, and
   * `not_asked` (the parts left out, space-separated) of an instrument with parts.
   */
  readonly respondent: { readonly age: number | null; readonly administration: number | null; readonly notAsked: number | null };
};

const hasLookup = (instrument: Instrument) => instrument.definition.scores.some((s) => s.method === 'lookup');
const hasParts = (instrument: Instrument) => (instrument.definition.parts?.length ?? 0) > 0;
/** The columns about the respondent an instrument reads: a lookup table's age and administration (CFPB), the parts not asked (CBI). */
const respondentColumns = (instrument: Instrument): readonly string[] => [
  ...(hasLookup(instrument) ? ['age', 'administration'] : []),
  ...(hasParts(instrument) ? ['not_asked'] : []),
];

/**
 * Checks a header row against the codebook before any row is scored: it needs `id` and every required item's
 * column; an unknown or repeated column refuses the file. Optional items (PHQ-9 difficulty) may be absent. An
 * instrument converted by a published table (CFPB) also reads `age` and `administration` (without them: no score).
 * Columns are named as in codebook version 2 (`teps_15`); the version-1 names (`teps_looking_forward_pleasurable`)
 * are still read, but one item given under both names is refused.
 */
export function planColumns(header: readonly string[], instrument: Instrument): Result<Layout, string> {
  const codebook = buildCodebook(instrument);
  const names = header.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name).trim());
  const byName = new Map(codebook.items.flatMap((item) => [[item.formerColumn, item] as const, [item.column, item] as const]));
  const problems: string[] = [];
  const seen = new Set<string>();
  const given = new Map<string, string>();
  for (const name of names) {
    if (seen.has(name)) problems.push(`column "${name}" appears twice`);
    seen.add(name);
    const item = byName.get(name);
    const respondentColumn = respondentColumns(instrument).includes(name);
    if (name !== 'id' && !item && !respondentColumn) problems.push(`unknown column "${name}"`);
    const other = item ? given.get(item.itemId) : undefined;
    if (item && other !== undefined && other !== name) problems.push(`columns "${other}" and "${name}" are the same item`);
    if (item) given.set(item.itemId, name);
  }
  if (!seen.has('id')) problems.push('missing column "id"');
  const absent = codebook.items.filter((item) => item.required && !given.has(item.itemId)).map((item) => item.column);
  if (absent.length > 0) problems.push(`missing column${absent.length > 1 ? 's' : ''} ${absent.map((c) => `"${c}"`).join(', ')}`);
  if (problems.length > 0) {
    const extra = respondentColumns(instrument).length > 0 ? `, and optionally ${respondentColumns(instrument).join(', ')}` : '';
    return err(`${problems.join('; ')}. ${codebook.id} expects: id, ${codebook.items.map((i) => i.column).join(', ')}${extra}`);
  }
  const columns = names.flatMap((name, index) => {
    const item = byName.get(name);
    return item ? [{ index, name, item, resolve: createCellResolver(item) }] : [];
  });
  const indexOf = (name: string) => (respondentColumns(instrument).includes(name) && names.includes(name) ? names.indexOf(name) : null);
  const respondent = { age: indexOf('age'), administration: indexOf('administration'), notAsked: indexOf('not_asked') };
  return ok({ idIndex: names.indexOf('id'), width: names.length, columns, items: codebook.items, respondent, parts: instrument.definition.parts ?? [] });
}

/** Reads one data row into its id and semantic answer codes; unknown values and ragged rows are row errors. */
export function resolveRow(
  row: readonly string[],
  layout: Layout,
): { id: string; answers: Record<string, string>; respondent: Respondent; notAsked: string[]; errors: RowError[] } {
  const id = (row[layout.idIndex] ?? '').trim();
  const errors: RowError[] = [];
  if (row.length !== layout.width) {
    errors.push({ column: null, value: row.join(','), message: `row has ${row.length} fields but the header has ${layout.width}` });
  }
  if (id === '') errors.push({ column: 'id', value: '', message: 'the id is empty' });
  if (row.some((cell) => cell.includes('\uFFFD'))) {
    errors.push({ column: null, value: row.join(','), message: 'the row is not valid UTF-8: save the file as UTF-8 (CSV UTF-8)' });
  }
  const answers: Record<string, string> = {};
  for (const column of layout.columns) {
    const cell = row[column.index] ?? '';
    const resolved = column.resolve(cell);
    if (resolved.kind === 'answer') answers[column.item.itemId] = resolved.code;
    if (resolved.kind === 'unknown') {
      const example = column.item.options[0];
      const hint = example ? ` (use an option's label or code, e.g. "${example.label}" or "${example.code}")` : '';
      errors.push({ column: column.name, value: cell, message: `"${cell}" is not an answer to ${column.name}${hint}` });
    }
  }
  const notAsked = readNotAsked(row, layout, errors);
  // A part said to be not asked has no answers: an answer there contradicts the row, and is never scored around.
  for (const part of layout.parts.filter((p) => notAsked.includes(p.id))) {
    for (const column of layout.columns.filter((c) => part.items.includes(c.item.itemId) && answers[c.item.itemId] !== undefined)) {
      errors.push({ column: column.name, value: row[column.index] ?? '', message: `${column.name} is answered, but its part "${part.id}" is in not_asked` });
    }
  }
  return { id, answers, respondent: readRespondent(row, layout, errors), notAsked, errors };
}

/** The `not_asked` cell: the parts left out, separated by spaces; blank: every part asked; an unknown part is a row error. */
function readNotAsked(row: readonly string[], layout: Layout, errors: RowError[]): string[] {
  const index = layout.respondent.notAsked;
  const parts = (index === null ? '' : (row[index] ?? '')).trim().split(/\s+/).filter((part) => part !== '');
  const known = layout.parts.map((p) => p.id);
  for (const part of parts.filter((p) => !known.includes(p))) {
    errors.push({ column: 'not_asked', value: part, message: `"${part}" is not a part of this questionnaire (its parts: ${known.join(', ')})` });
  }
  return parts.filter((p) => known.includes(p));
}

/** The `age` and `administration` cells: blank is unknown; anything but whole years 0–130 or self/interviewer is a row error. */
function readRespondent(row: readonly string[], layout: Layout, errors: RowError[]): Respondent {
  const cell = (index: number | null) => (index === null ? '' : (row[index] ?? '').trim());
  const ageText = cell(layout.respondent.age);
  const administrationText = cell(layout.respondent.administration).toLowerCase();
  const years = ageText === '' ? null : Number(ageText);
  const validAge = years !== null && Number.isInteger(years) && years >= 0 && years <= 130;
  if (ageText !== '' && !validAge) errors.push({ column: 'age', value: ageText, message: `"${ageText}" is not an age in whole years` });
  const administration = administrationText === 'self' || administrationText === 'interviewer' ? administrationText : null;
  if (administrationText !== '' && administration === null) errors.push({ column: 'administration', value: administrationText, message: `"${administrationText}" is not "self" or "interviewer"` });
  return { age: validAge ? { min: years, max: years } : null, administration };
}

/** The file's column for an item (its version-1 or version-2 name), or the codebook's name when the file lacks it. */
function columnOf(layout: Layout, itemId: string): string {
  return layout.columns.find((c) => c.item.itemId === itemId)?.name ?? layout.items.find((i) => i.itemId === itemId)?.column ?? itemId;
}

/** Scores one data row: unknown values and ragged rows become row errors with null scores, never a crash. */
export function scoreRow(row: readonly string[], layout: Layout, instrument: Instrument): RowResult {
  const { id, answers, respondent, notAsked, errors } = resolveRow(row, layout);
  return toRowResult(id, answers, errors, instrument, (itemId) => columnOf(layout, itemId), respondent, notAsked);
}

/**
 * One administration's answers (semantic codes by item id) scored as the CLI prints them, for `score` (a CSV row)
 * and `score-fhir` (a QuestionnaireResponse) alike: with any error, null scores and bands, status `invalid`.
 * `column` names a missing item as the input did (a CSV's column; the codebook's for FHIR).
 */
export function toRowResult(
  id: string,
  answers: Readonly<Record<string, string>>,
  errors: readonly RowError[],
  instrument: Instrument,
  column: (itemId: string) => string,
  respondent?: Respondent,
  notAsked: readonly string[] = [],
): RowResult {
  const result = scoreAssessment(instrument.definition, answers, 'en', respondent, notAsked);
  const invalid = errors.length > 0;
  const nullScores = Object.fromEntries(Object.keys(result.scores).map((key) => [key, null]));
  const nullBands = Object.fromEntries(Object.keys(result.bands).map((key) => [key, null]));
  return {
    id,
    scores: invalid ? nullScores : result.scores,
    bands: invalid ? nullBands : result.bands,
    // Safety flags from validly answered items are kept even on an invalid row.
    flags: result.flags,
    status: invalid ? 'invalid' : result.status,
    missing: result.missing.map(column).filter((name) => !errors.some((e) => e.column === name)),
    ...(hasLookup(instrument) || hasParts(instrument) ? { reasons: statedReasons(result.details, invalid) } : {}),
    errors,
  };
}

/** Each score a table could not convert or whose part was not asked, and why (missing answers are in `missing`, not here). */
function statedReasons(details: ReturnType<typeof scoreAssessment>['details'], invalid: boolean): Record<string, string> {
  if (invalid) return {};
  return Object.fromEntries(Object.entries(details).flatMap(([key, d]) => {
    const problem = statedReasonOf(d.reason);
    return problem ? [[key, problem]] : [];
  }));
}

export type ScoreFormat = 'json' | 'csv';

/** What a scored file yielded: its row count, and ids that appear more than once (a warning, not an error). */
export type ScoredFile = { readonly rows: number; readonly duplicateIds: readonly string[] };

/**
 * Streams a CSV through the engine: one row in, one result out, with back-pressure, so 100 000 rows score in
 * bounded memory. A bad header is refused before any output. Returns the number of data rows scored.
 */
export function scoreCsvStream(
  input: Readable,
  output: Writable,
  instrument: Instrument,
  format: ScoreFormat,
): Promise<Result<ScoredFile, string>> {
  return new Promise((resolve) => {
    let layout: Layout | undefined;
    let count = 0;
    let refused: string | undefined;
    let broken: string | undefined;
    const seenIds = new Set<string>();
    const duplicateIds = new Set<string>();
    Papa.parse<string[]>(input, {
      skipEmptyLines: 'greedy',
      chunkSize: 1 << 20,
      chunk: (results, parser) => {
        let text = '';
        const quoteError = results.errors.find((e) => e.type === 'Quotes');
        const rows = quoteError ? results.data.slice(0, Math.max(0, quoteError.row ?? 0)) : results.data;
        for (const row of rows) {
          if (!layout) {
            const planned = planColumns(row, instrument);
            if (!planned.ok) {
              refused = planned.error;
              parser.abort();
              return;
            }
            layout = planned.value;
            text += format === 'json' ? '[' : csvHeader(instrument);
            continue;
          }
          const result = scoreRow(row, layout, instrument);
          if (seenIds.has(result.id)) duplicateIds.add(result.id);
          seenIds.add(result.id);
          text += format === 'json' ? `${count === 0 ? '\n' : ',\n'}${JSON.stringify(result)}` : csvLine(result);
          count += 1;
        }
        if (quoteError) {
          broken = `a quoted cell opened near data row ${count + 1} is never closed; rows from there on were not scored`;
          parser.abort();
        }
        // Back-pressure: stop reading until the output has drained, so memory stays bounded.
        if (!output.write(text)) {
          parser.pause();
          output.once('drain', () => parser.resume());
        }
      },
      complete: () => {
        if (refused !== undefined) {
          resolve(err(refused));
          return;
        }
        if (!layout) {
          resolve(err('the file is empty: it needs a header row with "id" and the item columns'));
          return;
        }
        if (format === 'json') output.write(count === 0 ? ']\n' : '\n]\n');
        if (broken !== undefined) {
          resolve(err(broken));
          return;
        }
        resolve(ok({ rows: count, duplicateIds: [...duplicateIds] }));
      },
      error: (error: Error) => resolve(err(`cannot read the file: ${error.message}`)),
    });
  });
}

/** Opens a file (or standard input for "-") as a stream, reporting a missing file as a value. */
export async function openInput(path: string, stdin: Readable): Promise<Result<Readable, string>> {
  if (path === '-') return ok(stdin);
  const stream = createReadStream(path);
  try {
    await once(stream, 'open');
    return ok(stream);
  } catch (error) {
    return err(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function csvHeader(instrument: Instrument): string {
  const def = instrument.definition;
  const columns = ['id', 'status', ...def.scores.map((s) => s.key), ...def.bands.map((b) => `${b.score}_band`), 'flags', 'missing', ...(hasLookup(instrument) || hasParts(instrument) ? ['reasons'] : []), 'errors'];
  return `${Papa.unparse([columns], { escapeFormulae: FORMULA_CELL })}\r\n`;
}

function csvLine(result: RowResult): string {
  const cells = [
    result.id,
    result.status,
    ...Object.values(result.scores).map((v) => (v === null ? '' : String(v))),
    ...Object.values(result.bands).map((v) => v ?? ''),
    result.flags.join(' '),
    result.missing.join(' '),
    ...(result.reasons ? [Object.entries(result.reasons).map(([key, reason]) => `${key}: ${reason}`).join('; ')] : []),
    result.errors.map((e) => e.message).join('; '),
  ];
  // An id like =HYPERLINK(…) must not become a live formula in a spreadsheet; a negative score stays a number.
  return `${Papa.unparse([cells], { escapeFormulae: FORMULA_CELL })}\r\n`;
}
