import type { ClinicianLabels, InstrumentDefinition, ScoreDefinition, TranslationPackText } from './instrument-schema.ts';

/**
 * Cross-field rules the zod schema cannot express. Each problem names the field path, so a broken
 * instrument file fails with a message that says where to look. Returns an empty list when consistent.
 */
export function checkInstrumentConsistency(def: InstrumentDefinition): string[] {
  const problems: string[] = [];
  const sourceIds = new Set(def.sources.map((s) => s.id));
  const itemsById = new Map(def.items.map((item) => [item.id, item]));
  const needSource = (path: string, id: string): void => {
    if (!sourceIds.has(id)) problems.push(`${path}: unknown source "${id}"`);
  };

  needSource('licence.source', def.licence.source);
  def.decisions.forEach((d, i) => d.sources.forEach((s, j) => needSource(`decisions[${i}].sources[${j}]`, s)));
  reportDuplicates(def.sources.map((s) => s.id), 'sources', problems);
  reportDuplicates(def.items.map((item) => item.id), 'items', problems);
  reportDuplicates(def.items.map((item) => String(item.number)), 'items[].number', problems);
  reportDuplicates(def.scores.map((s) => s.key), 'scores', problems);

  for (const [setId, set] of Object.entries(def.optionSets)) {
    reportDuplicates(set.options, `optionSets.${setId}.options`, problems);
    if (set.displayOrder && !sameMembers(set.displayOrder, set.options)) {
      problems.push(`optionSets.${setId}.displayOrder: must list exactly the options of the set`);
    }
  }

  def.items.forEach((item, i) => {
    const set = def.optionSets[item.optionSet];
    if (!set) problems.push(`items[${i}] (${item.id}): unknown optionSet "${item.optionSet}"`);
    if (item.valueMap && !def.valueMaps[item.valueMap]) {
      problems.push(`items[${i}] (${item.id}): unknown valueMap "${item.valueMap}"`);
    }
  });

  const declared = new Set<string>();
  const ranges = new Map<string, { min: number; max: number }>();
  def.scores.forEach((score, i) => {
    const path = `scores[${i}] (${score.key})`;
    needSource(`${path}.source`, score.source);
    if (score.lookup && score.method !== 'lookup') problems.push(`${path}.lookup: only a lookup score has a table`);
    if (score.method === 'lookup' && score.missing?.rule === 'prorate') problems.push(`${path}.missing: a table converts a complete sum: a lookup score cannot prorate`);
    if (score.missing) needSource(`${path}.missing.source`, score.missing.source);
    if (score.missing?.rule === 'prorate') {
      for (const itemId of score.missing.neverImpute ?? []) {
        if (!score.items?.includes(itemId)) problems.push(`${path}.missing.neverImpute: "${itemId}" is not an item of this score`);
      }
    }
    for (const required of score.requireScores ?? []) {
      if (!declared.has(required)) problems.push(`${path}.requireScores: "${required}" must be declared earlier`);
    }
    const computed = computeRange(def, score, ranges, path, problems);
    if (computed) {
      ranges.set(score.key, computed);
      if (!nearlyEqual(computed.min, score.range.min) || !nearlyEqual(computed.max, score.range.max)) {
        problems.push(
          `${path}.range: declared ${score.range.min}–${score.range.max} but the items and value maps give ` +
            `${round(computed.min)}–${round(computed.max)}`,
        );
      }
    }
    declared.add(score.key);
  });

  def.bands.forEach((bandSet, i) => {
    const path = `bands[${i}] (${bandSet.score})`;
    needSource(`${path}.source`, bandSet.source);
    const score = def.scores.find((s) => s.key === bandSet.score);
    if (!score) {
      problems.push(`${path}.score: unknown score "${bandSet.score}"`);
      return;
    }
    reportDuplicates(bandSet.bands.map((b) => b.code), `${path}.bands`, problems);
    if (bandSet.bands[0]?.min !== score.range.min) problems.push(`${path}: the first band must start at ${score.range.min}`);
    bandSet.bands.forEach((band, j) => {
      const previous = bandSet.bands[j - 1];
      if (previous && band.min <= previous.min) problems.push(`${path}.bands[${j}]: bands must ascend`);
      if (band.min > score.range.max) problems.push(`${path}.bands[${j}]: min ${band.min} is above the range`);
    });
  });

  reportDuplicates((def.references ?? []).map((r) => r.id), 'references', problems);
  (def.references ?? []).forEach((reference, i) => {
    const path = `references[${i}] (${reference.id})`;
    needSource(`${path}.source`, reference.source);
    const score = def.scores.find((s) => s.key === reference.score);
    if (!score) problems.push(`${path}.score: unknown score "${reference.score}"`);
    else if (reference.kind === 'screening-threshold' && (reference.atLeast <= score.range.min || reference.atLeast > score.range.max)) {
      problems.push(`${path}.atLeast: ${reference.atLeast} is not a threshold within ${score.range.min}–${score.range.max}`);
    }
  });

  const changeKinds = (def.change ?? []).map((c) => `${c.score}/${c.kind}`);
  reportDuplicates(changeKinds, 'change', problems);
  (def.change ?? []).forEach((criterion, i) => {
    const path = `change[${i}] (${criterion.kind})`;
    needSource(`${path}.source`, criterion.source);
    const score = def.scores.find((s) => s.key === criterion.score);
    if (!score) problems.push(`${path}.score: unknown score "${criterion.score}"`);
    else if (criterion.kind === 'remission' && (criterion.below <= score.range.min || criterion.below > score.range.max)) {
      problems.push(`${path}.below: ${criterion.below} is not a threshold within ${score.range.min}–${score.range.max}`);
    } else if (criterion.kind === 'reliable-change' && criterion.points > score.range.max - score.range.min) {
      problems.push(`${path}.points: ${criterion.points} is more than the score's range`);
    }
  });

  checkParts(def, itemsById, needSource, problems);

  def.flags.forEach((flag, i) => {
    const path = `flags[${i}] (${flag.code})`;
    needSource(`${path}.source`, flag.source);
    const item = itemsById.get(flag.item);
    if (!item) {
      problems.push(`${path}.item: unknown item "${flag.item}"`);
      return;
    }
    const options = def.optionSets[item.optionSet]?.options ?? [];
    if ('answeredWith' in flag.when) {
      for (const code of flag.when.answeredWith) {
        if (!options.includes(code)) problems.push(`${path}.when: "${code}" is not an option of ${item.id}`);
      }
    }
  });
  return problems;
}

/**
 * Parts a clinician may leave out: known items, each in one part at most, something always asked, no safety flag on
 * an item that may go unasked, and every score made of one part's items or of none of them (so a score is either
 * asked whole or not at all, never half).
 */
function checkParts(def: InstrumentDefinition, itemsById: ReadonlyMap<string, unknown>, needSource: (path: string, id: string) => void, problems: string[]): void {
  const parts = def.parts ?? [];
  reportDuplicates(parts.map((p) => p.id), 'parts', problems);
  reportDuplicates(parts.flatMap((p) => p.items), 'parts[].items', problems);
  const partOf = new Map(parts.flatMap((part) => part.items.map((item) => [item, part.id] as const)));
  parts.forEach((part, i) => {
    needSource(`parts[${i}] (${part.id}).source`, part.source);
    for (const item of part.items) if (!itemsById.has(item)) problems.push(`parts[${i}] (${part.id}).items: unknown item "${item}"`);
  });
  if (parts.length > 0 && def.items.every((item) => partOf.has(item.id))) problems.push('parts: some items must always be asked');
  for (const flag of def.flags) if (partOf.has(flag.item)) problems.push(`flags (${flag.code}): "${flag.item}" is in part ${String(partOf.get(flag.item))}, which may go unasked`);
  def.scores.forEach((score, i) => {
    const owners = new Set((score.items ?? []).map((item) => partOf.get(item) ?? null));
    if (owners.size > 1) problems.push(`scores[${i}] (${score.key}).items: mixes items of ${[...owners].map((o) => o ?? 'the always-asked items').join(' and ')}`);
  });
}

type KeyCheck = (path: string, actual: Readonly<Record<string, unknown>> | undefined, wanted: readonly string[]) => void;

function keyChecker(problems: string[]): KeyCheck {
  return (path, actual, wanted) => {
    for (const key of wanted) if (!actual || !(key in actual)) problems.push(`${path}.${key}: missing text`);
    for (const key of Object.keys(actual ?? {})) if (!wanted.includes(key)) problems.push(`${path}.${key}: not in the instrument`);
  };
}

/**
 * One way a translation pack falls short of an instrument version: another instrument or version, a text missing
 * for an item, option set or option (`missing`), a key the instrument does not have (`extra`), or an alias for an
 * option the instrument does not have. `path` is where the key sits: `items`, `optionSets` or `optionSets.<set>`.
 */
export type PackGap =
  | { readonly kind: 'instrument'; readonly found: string; readonly expected: string }
  | { readonly kind: 'version'; readonly found: string; readonly expected: string }
  | { readonly kind: 'missing'; readonly path: string; readonly key: string }
  | { readonly kind: 'extra'; readonly path: string; readonly key: string }
  | { readonly kind: 'alias-set'; readonly set: string }
  | { readonly kind: 'alias-option'; readonly set: string; readonly option: string };

/**
 * A translation pack must be for this instrument and version and hold every word the respondent can be shown,
 * nothing more: a half-translated form is never offered. Each gap names the item or option. No zod here, so the
 * patient path can check a stored pack before it uses it.
 */
export function packGaps(def: InstrumentDefinition, pack: TranslationPackText): PackGap[] {
  const gaps: PackGap[] = [];
  if (pack.instrument !== def.id) gaps.push({ kind: 'instrument', found: pack.instrument, expected: def.id });
  if (pack.version !== def.version) gaps.push({ kind: 'version', found: pack.version, expected: def.version });
  const expectKeys = (path: string, actual: Readonly<Record<string, unknown>> | undefined, wanted: readonly string[]) => {
    for (const key of wanted) if (!actual || !Object.hasOwn(actual, key)) gaps.push({ kind: 'missing', path, key });
    for (const key of Object.keys(actual ?? {})) if (!wanted.includes(key)) gaps.push({ kind: 'extra', path, key });
  };
  expectKeys('items', pack.items, def.items.map((item) => item.id));
  expectKeys('optionSets', pack.optionSets, Object.keys(def.optionSets));
  for (const [setId, set] of Object.entries(def.optionSets)) {
    expectKeys(`optionSets.${setId}`, pack.optionSets[setId], set.options);
  }
  const stemmed = Object.entries(def.optionSets).flatMap(([setId, set]) => (set.stem ? [setId] : []));
  if (stemmed.length > 0 || pack.stems) expectKeys('stems', pack.stems, stemmed);
  for (const [setId, aliases] of Object.entries(pack.optionAliases ?? {})) {
    const options = def.optionSets[setId]?.options;
    if (!options) gaps.push({ kind: 'alias-set', set: setId });
    for (const code of Object.keys(aliases)) {
      if (options && !options.includes(code)) gaps.push({ kind: 'alias-option', set: setId, option: code });
    }
  }
  return gaps;
}

/**
 * `packGaps` as lines that name the item or option (`items.phq-9-4: missing text`), for files checked at build
 * time and by the CLI. Returns an empty list when the pack is complete.
 */
export function checkPackCompleteness(def: InstrumentDefinition, pack: TranslationPackText): string[] {
  return packGaps(def, pack).map((gap) => {
    switch (gap.kind) {
      case 'instrument':
        return `instrument: "${gap.found}" is not "${gap.expected}"`;
      case 'version':
        return `version: "${gap.found}" is not the instrument's version "${gap.expected}"`;
      case 'missing':
        return `${gap.path}.${gap.key}: missing text`;
      case 'extra':
        return `${gap.path}.${gap.key}: not in the instrument`;
      case 'alias-set':
        return `optionAliases.${gap.set}: not an option set of the instrument`;
      case 'alias-option':
        return `optionAliases.${gap.set}.${gap.option}: not an option of the set`;
    }
  });
}

/**
 * Clinician labels must name every score, band and flag of the instrument, the population of every reference line
 * it has and the choice of every part (in every language), and, in languages other than English, every reference group (norm).
 */
export function checkLabelsCompleteness(def: InstrumentDefinition, labels: ClinicianLabels, normIds: readonly string[]): string[] {
  const problems: string[] = [];
  const expectKeys = keyChecker(problems);
  expectKeys('scores', labels.scores, def.scores.map((s) => s.key));
  expectKeys('bands', labels.bands, def.bands.map((b) => b.score));
  for (const bandSet of def.bands) {
    expectKeys(`bands.${bandSet.score}`, labels.bands[bandSet.score], bandSet.bands.map((b) => b.code));
  }
  expectKeys('flags', labels.flags, [...new Set(def.flags.map((f) => f.code))]);
  if (labels.norms || labels.language !== 'en') expectKeys('norms', labels.norms ?? {}, normIds);
  const referenceIds = (def.references ?? []).map((r) => r.id);
  if (labels.references || referenceIds.length > 0) expectKeys('references', labels.references ?? {}, referenceIds);
  const partIds = (def.parts ?? []).map((p) => p.id);
  if (labels.parts || partIds.length > 0) expectKeys('parts', labels.parts ?? {}, partIds);
  return problems;
}

function computeRange(
  def: InstrumentDefinition,
  score: ScoreDefinition,
  earlier: Map<string, { min: number; max: number }>,
  path: string,
  problems: string[],
): { min: number; max: number } | undefined {
  if (score.method === 'sum-of-scores' || score.method === 'mean-of-scores') {
    if (!score.scores?.length || score.items) {
      problems.push(`${path}: ${score.method} takes "scores" and no "items"`);
      return undefined;
    }
    let min = 0;
    let max = 0;
    for (const key of score.scores) {
      const range = earlier.get(key);
      if (!range) {
        problems.push(`${path}.scores: "${key}" must be a score declared earlier`);
        return undefined;
      }
      min += range.min;
      max += range.max;
    }
    const n = score.method === 'mean-of-scores' ? score.scores.length : 1;
    return { min: min / n, max: max / n };
  }
  if (!score.items?.length || score.scores) {
    problems.push(`${path}: ${score.method} takes "items" and no "scores"`);
    return undefined;
  }
  reportDuplicates(score.items, `${path}.items`, problems);
  let min = 0;
  let max = 0;
  for (const itemId of score.items) {
    const item = def.items.find((candidate) => candidate.id === itemId);
    if (!item) {
      problems.push(`${path}.items: unknown item "${itemId}"`);
      return undefined;
    }
    const mapId = score.valueMap ?? item.valueMap;
    const map = mapId ? def.valueMaps[mapId] : undefined;
    if (!map) {
      problems.push(`${path}.items: item "${itemId}" has no value map to score it with`);
      return undefined;
    }
    const options = def.optionSets[item.optionSet]?.options ?? [];
    const missing = options.filter((code) => map[code] === undefined);
    if (missing.length > 0) {
      problems.push(`valueMaps.${mapId}: no value for ${missing.join(', ')} (used by ${itemId})`);
      return undefined;
    }
    const values = options.map((code) => map[code] ?? 0);
    min += Math.min(...values);
    max += Math.max(...values);
  }
  if (score.method === 'mean') return { min: min / score.items.length, max: max / score.items.length };
  if (score.method === 'lookup') return lookupRange(score, { min, max }, path, problems);
  return { min, max };
}

/**
 * A lookup score's table must cover every raw total its items can give, for every age group in both
 * administrations, with the groups in ascending, non-overlapping order; its range is then the declared one when
 * every table value lies within it (a published scale's range, wider than the values its table reaches).
 */
function lookupRange(score: ScoreDefinition, raw: { min: number; max: number }, path: string, problems: string[]): { min: number; max: number } | undefined {
  const lookup = score.lookup;
  if (!lookup) {
    problems.push(`${path}: a lookup score needs its "lookup" table`);
    return undefined;
  }
  if (lookup.rawMin !== raw.min) problems.push(`${path}.lookup.rawMin: ${String(lookup.rawMin)}, but the items' sum starts at ${String(raw.min)}`);
  lookup.ageGroups.forEach((group, i) => {
    const next = lookup.ageGroups[i + 1];
    if (group.maxAge !== undefined && group.maxAge < group.minAge) problems.push(`${path}.lookup.ageGroups.${group.code}: maxAge below minAge`);
    if (next && (group.maxAge === undefined || next.minAge !== group.maxAge + 1)) problems.push(`${path}.lookup.ageGroups: ${next.code} must start the year after ${group.code} ends`);
  });
  const length = raw.max - raw.min + 1;
  for (const administration of ['self', 'interviewer'] as const) {
    const tables = lookup.tables[administration];
    for (const group of lookup.ageGroups) {
      const table = tables[group.code];
      if (table?.length !== length) problems.push(`${path}.lookup.tables.${administration}.${group.code}: needs ${String(length)} values (raw ${String(raw.min)}–${String(raw.max)})`);
      else if (table.some((v) => v < score.range.min || v > score.range.max)) problems.push(`${path}.lookup.tables.${administration}.${group.code}: a value outside the range`);
    }
    for (const code of Object.keys(tables)) if (!lookup.ageGroups.some((g) => g.code === code)) problems.push(`${path}.lookup.tables.${administration}.${code}: not an age group`);
  }
  return score.range;
}

function reportDuplicates(values: string[], path: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) problems.push(`${path}: "${value}" appears twice`);
    seen.add(value);
  }
}

function sameMembers(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
