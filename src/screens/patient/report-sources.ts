/** The report's numbered sources: each distinct citation gets the next number, in the order first cited. */
export type ReportSources = {
  /** The footnote number of `citation` (1-based). */
  readonly numberOf: (citation: string) => number;
  /** The citations in footnote order. */
  readonly list: readonly string[];
};

/** Numbers `citations` in order, a repeated citation keeping its first number. */
export function numberSources(citations: readonly string[]): ReportSources {
  const list = [...new Set(citations)];
  const numbers = new Map(list.map((c, i) => [c, i + 1]));
  return { list, numberOf: (citation) => numbers.get(citation) ?? 0 };
}
