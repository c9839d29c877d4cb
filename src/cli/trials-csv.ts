import Papa from 'papaparse';
import { err, ok, type Result } from '../domain/result.ts';

/** A data row left out, with its physical line (the header is line 1) and every problem found in it. */
export type SkippedRow = { readonly line: number; readonly reason: string };

/** A decimal number as a trials file writes one (no thousands separators, optional exponent). */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function planHeader<C extends string>(header: readonly string[], columns: readonly C[]): Result<Record<C, number>, string> {
  const names = header.map((name) => name.trim().toLowerCase());
  const problems: string[] = [];
  const positions = {} as Record<C, number>;
  for (const column of columns) {
    const found = names.flatMap((name, index) => (name === column ? [index] : []));
    if (found.length === 0) problems.push(`missing column "${column}"`);
    if (found.length > 1) problems.push(`column "${column}" appears ${found.length} times`);
    positions[column] = found[0] ?? -1;
  }
  return problems.length > 0 ? err(`${problems.join('; ')}. The file needs the columns ${columns.join(', ')}`) : ok(positions);
}

/**
 * Reads a trials CSV (the CLI's `ebdm-fit` and `prt-fit`) row by row: a byte-order mark is dropped, the header must
 * name each of `columns` once (any order and case; other columns are ignored), blank rows are skipped, and
 * `onRow` gets each data row's cells by column name (trimmed) and its physical line. A header without a needed
 * column, or a file without a header, is refused as a whole.
 */
export function readTrialsCsv<C extends string>(text: string, columns: readonly C[], onRow: (cell: (column: C) => string, line: number) => void): Result<void, string> {
  const source = text.replace(/^\uFEFF/, '');
  let positions: Record<C, number> | undefined;
  let refused: string | undefined;
  let cursor = 0;
  let line = 1;
  Papa.parse<string[]>(source, {
    delimiter: ',',
    skipEmptyLines: false,
    step: (results, parser) => {
      const rowLine = line;
      const end = results.meta.cursor;
      for (let i = cursor; i < end; i += 1) if (source.charCodeAt(i) === 10) line += 1;
      cursor = end;
      const row = results.data.map((cell) => cell.trim());
      if (row.every((cell) => cell === '')) return;
      if (!positions) {
        const planned = planHeader(row, columns);
        if (!planned.ok) {
          refused = planned.error;
          parser.abort();
          return;
        }
        positions = planned.value;
        return;
      }
      const found = positions;
      onRow((column) => row[found[column]] ?? '', rowLine);
    },
  });
  if (refused !== undefined) return err(refused);
  if (!positions) return err(`the file is empty: it needs a header row with ${columns.join(', ')}`);
  return ok(undefined);
}

/**
 * Reads a fitting command's arguments, `<file|-> [--option value | --option=value]…`: `options` maps each option
 * name (with its `--`) to a reader that takes its value and returns a usage problem, or null when it took it.
 * Returns the file argument, or the problem to print.
 */
export function parseFitArgs(args: readonly string[], options: Readonly<Record<string, (value: string | undefined) => string | null>>): Result<string, string> {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const [name, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s) as [string, string | undefined]) : [arg, undefined];
    const read = options[name];
    if (read) {
      const problem = read(inline ?? args[(i += 1)]);
      if (problem !== null) return err(problem);
    } else if (arg.startsWith('--')) {
      return err(`unknown option "${arg}"`);
    } else {
      positional.push(arg);
    }
  }
  const [path, ...extra] = positional;
  if (path === undefined) return err('missing trials CSV file (or - for standard input)');
  if (extra.length > 0) return err(`unexpected argument "${extra[0] ?? ''}"`);
  return ok(path);
}

/** The `--format` reader of both fitting commands. */
export const readFormat = (set: (format: 'json' | 'csv') => void) => (value: string | undefined): string | null => {
  if (value !== 'json' && value !== 'csv') return `--format takes json or csv, not "${value ?? ''}"`;
  set(value);
  return null;
};
