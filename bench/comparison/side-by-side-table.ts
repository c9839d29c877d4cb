/** The four pages the side-by-side measures, in table order. */
export const COLUMNS = ['start', 'patient', 'surveyjs', 'floor'] as const;
export type Column = (typeof COLUMNS)[number];

export const COLUMN_TITLES: Record<Column, string> = {
  start: 'ours, start page',
  patient: 'ours, patient-mode resume',
  surveyjs: 'SurveyJS',
  floor: 'floor (static HTML)',
};

/** One measure: every run's value per page (empty: not applicable), how to print it, and its target if any. */
export type Measure = {
  readonly name: string;
  readonly unit: 'KB' | 'ms' | 'score' | 's';
  readonly runs: Readonly<Partial<Record<Column, readonly number[]>>>;
  /** Printed as given instead of a number (e.g. the floor's inline script). */
  readonly text?: Readonly<Partial<Record<Column, string>>>;
  readonly target?: string;
};

/** Median of the finite values (a failed run is NaN and left out); NaN when none is left. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** `value` as a multiple of `reference`, e.g. '2.31×'; '—' when either is missing or the reference is 0. */
export function ratio(value: number, reference: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return '—';
  return `${(value / reference).toFixed(2)}×`;
}

export function formatValue(value: number, unit: Measure['unit']): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'KB':
      return `${value.toFixed(1)} KB`;
    case 'ms':
      return `${value.toFixed(value < 100 ? 1 : 0)} ms`;
    case 's':
      return `${value.toFixed(1)} s`;
    case 'score':
      return value.toFixed(2);
  }
}

/**
 * The side-by-side as text rows: per measure its medians, then each page's median as a multiple of SurveyJS's
 * and of the floor's, with the target beside the medians.
 */
export function sideBySideRows(measures: readonly Measure[]): string[][] {
  const rows: string[][] = [['', ...COLUMNS.map((c) => COLUMN_TITLES[c]), 'target']];
  for (const measure of measures) {
    const medians = Object.fromEntries(COLUMNS.map((c) => [c, median(measure.runs[c] ?? [])])) as Record<Column, number>;
    const cell = (c: Column) => measure.text?.[c] ?? formatValue(medians[c], measure.unit);
    rows.push([measure.name, ...COLUMNS.map(cell), measure.target ?? '']);
    for (const [label, reference] of [
      ['÷ SurveyJS', 'surveyjs'],
      ['÷ floor', 'floor'],
    ] as const) {
      rows.push([`  ${label}`, ...COLUMNS.map((c) => (c === reference || measure.text?.[c] ? '' : ratio(medians[c], medians[reference]))), '']);
    }
  }
  return rows;
}

/** Rows as aligned columns (two spaces apart), one string per row (the table's symbols are one UTF-16 unit each). */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - cell.length)).join('  ').trimEnd());
}

/**
 * Run counts: `BENCH_SIDE_BY_SIDE` as `loads=5,taps=9,lighthouse=3` (any subset; the rest keep these defaults,
 * sized so the side by side takes about 4 minutes on a 2-core machine),
 * or `0` to leave the side-by-side out. Taps are capped at 13 (14 items, one tap between each two).
 */
export function sideBySideCounts(raw: string | undefined): { loads: number; taps: number; lighthouse: number } | null {
  const counts = { loads: 5, taps: 9, lighthouse: 3 };
  if (raw === undefined || raw.trim() === '') return counts;
  if (raw.trim() === '0') return null;
  for (const part of raw.split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    const n = Number(value);
    if ((key !== 'loads' && key !== 'taps' && key !== 'lighthouse') || !Number.isInteger(n) || n < 0) {
      throw new Error(`BENCH_SIDE_BY_SIDE: "${part}" is not loads=N, taps=N or lighthouse=N`);
    }
    counts[key] = key === 'taps' ? Math.min(n, 13) : n;
  }
  return counts;
}
