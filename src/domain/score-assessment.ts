import type { InstrumentDefinition, ItemDefinition, ScoreDefinition } from './instrument-schema.ts';

/**
 * Version of the scoring rules in this file. Stored with every result so a score keeps its meaning when the
 * engine changes; bump it whenever a change could alter any score, band or flag.
 */
export const SCORING_ENGINE_VERSION = '1.0.0';

/** Semantic answer codes by item id; `null` or absent means unanswered. */
export type Answers = Readonly<Record<string, string | null | undefined>>;

export type ScoreStatus = 'complete' | 'prorated' | 'partial' | 'unscorable' | 'invalid';

export type AnswerError = {
  /** An item the form does not have, an option its set does not have, or an item of a part left out as not applicable. */
  readonly code: 'unknown-item' | 'unknown-option' | 'not-asked';
  readonly item: string;
  readonly value: string;
};

export type ScoreDetail = {
  readonly value: number | null;
  /** The value before rounding; scores built from other scores use it, so rounding happens once. */
  readonly exact: number | null;
  readonly answered: number;
  readonly missing: number;
  readonly prorated: boolean;
  /**
   * Why the value is null: too many missing answers, a never-imputed item missing, a required score missing, invalid
   * answers, a table that could not convert it, or its items were not asked (their part did not apply).
   */
  readonly reason: 'too-many-missing' | 'item-never-imputed' | 'required-score-missing' | 'invalid-answers' | 'not-asked' | LookupProblem | null;
};

/** Why a published table could not convert a raw total: no age or administration known, an age between two groups, or an age outside them. */
const LOOKUP_PROBLEMS = ['age-unknown', 'age-uncertain', 'age-outside-table', 'administration-unknown'] as const;
export type LookupProblem = (typeof LOOKUP_PROBLEMS)[number];

/** A reason a score is null that the clinician is told beside it: a table could not convert it, or its part was not asked. */
export type StatedReason = LookupProblem | 'not-asked';

/** The reason a score is null when it is one said to the clinician (`StatedReason`), else null. */
export function statedReasonOf(reason: ScoreDetail['reason'] | undefined): StatedReason | null {
  return reason === 'not-asked' ? reason : (LOOKUP_PROBLEMS.find((p) => p === reason) ?? null);
}

/**
 * What a published conversion table needs to know about the respondent (`lookup` scores): the possible ages at the
 * administration (a birth year alone gives two: before and after the birthday) and how it was administered.
 */
export type Respondent = {
  readonly age: { readonly min: number; readonly max: number } | null;
  readonly administration: 'self' | 'interviewer' | null;
};

const NO_RESPONDENT: Respondent = { age: null, administration: null };

export type ScoreResult = {
  readonly status: ScoreStatus;
  readonly scores: Readonly<Record<string, number | null>>;
  readonly details: Readonly<Record<string, ScoreDetail>>;
  readonly bands: Readonly<Record<string, string | null>>;
  readonly flags: readonly string[];
  /** Required items without an answer, in form order. */
  readonly missing: readonly string[];
  readonly errors: readonly AnswerError[];
  readonly provenance: ScoreProvenance;
};

export type ScoreProvenance = {
  readonly instrumentId: string;
  readonly instrumentVersion: string;
  readonly scoringEngineVersion: string;
  readonly language: string;
  /** The semantic codes as answered (only valid answers), so the score can be recomputed later. */
  readonly answers: Readonly<Record<string, string>>;
  /** What a lookup score was converted with (only for instruments that have one). */
  readonly respondent?: Respondent;
  /** The parts left out as not applicable (only when some were). */
  readonly notAsked?: readonly string[];
};

/**
 * Scores one administration of an instrument from semantic answer codes, never from screen positions.
 * Applies each score's missing-data rule, rounds to the score's declared decimals, then bands and flags.
 * An unknown item or option makes the whole result `invalid` with every score null: rows are never
 * half-scored silently. `notAsked`: the parts left out as not applicable; their items are neither missing nor
 * answerable, and a score made of them is not given (`not-asked`) without making the result partial.
 */
export function scoreAssessment(
  def: InstrumentDefinition,
  answers: Answers,
  language = 'en',
  respondent: Respondent = NO_RESPONDENT,
  notAsked: readonly string[] = [],
): ScoreResult {
  const itemsById = indexItems(def);
  const notAskedItems = new Set(def.parts?.flatMap((part) => (notAsked.includes(part.id) ? part.items : [])));
  const { valid, errors } = validateAnswers(itemsById, def, answers, notAskedItems);
  const rejected = new Set(errors.map((e) => e.item));
  const missing = def.items
    .filter((item) => item.required && valid[item.id] === undefined && !rejected.has(item.id) && !notAskedItems.has(item.id))
    .map((item) => item.id);
  const provenance: ScoreProvenance = {
    instrumentId: def.id,
    instrumentVersion: def.version,
    scoringEngineVersion: SCORING_ENGINE_VERSION,
    language,
    answers: valid,
    ...(def.scores.some((score) => score.lookup) ? { respondent } : {}),
    ...(notAskedItems.size > 0 ? { notAsked: [...notAsked] } : {}),
  };

  const details: Record<string, ScoreDetail> = {};
  for (const score of def.scores) {
    details[score.key] = errors.length > 0 ? invalidDetail() : computeScore(def, score, itemsById, valid, details, respondent, notAskedItems);
  }
  const scores = Object.fromEntries(Object.entries(details).map(([key, d]) => [key, d.value]));
  const bands = Object.fromEntries(def.bands.map((set) => [set.score, findBand(set.bands, scores[set.score])]));
  // Flags come from each validly answered item, whatever else is wrong: a safety answer is never dropped.
  const flags = evaluateFlags(def, valid, rejected);
  const statusScores = def.scores.filter((s) => !s.descriptive && details[s.key]?.reason !== 'not-asked');
  return { status: summarise(statusScores.map((s) => details[s.key]), errors), scores, details, bands, flags, missing, errors, provenance };
}

const itemIndexes = new WeakMap<InstrumentDefinition, Map<string, ItemDefinition>>();

/** Items by id, built once per definition (definitions are immutable once parsed). */
function indexItems(def: InstrumentDefinition): Map<string, ItemDefinition> {
  let index = itemIndexes.get(def);
  if (!index) {
    index = new Map(def.items.map((item) => [item.id, item]));
    itemIndexes.set(def, index);
  }
  return index;
}

function validateAnswers(
  itemsById: Map<string, ItemDefinition>,
  def: InstrumentDefinition,
  answers: Answers,
  notAskedItems: ReadonlySet<string>,
): { valid: Record<string, string>; errors: AnswerError[] } {
  const valid: Record<string, string> = {};
  const errors: AnswerError[] = [];
  for (const [itemId, code] of Object.entries(answers)) {
    if (code === null || code === undefined) continue;
    const item = itemsById.get(itemId);
    if (!item) {
      errors.push({ code: 'unknown-item', item: itemId, value: code });
    } else if (notAskedItems.has(itemId)) {
      errors.push({ code: 'not-asked', item: itemId, value: code });
    } else if (!def.optionSets[item.optionSet]?.options.includes(code)) {
      errors.push({ code: 'unknown-option', item: itemId, value: code });
    } else {
      valid[itemId] = code;
    }
  }
  return { valid, errors };
}

function computeScore(
  def: InstrumentDefinition,
  score: ScoreDefinition,
  itemsById: Map<string, ItemDefinition>,
  valid: Record<string, string>,
  earlier: Record<string, ScoreDetail>,
  respondent: Respondent,
  notAskedItems: ReadonlySet<string>,
): ScoreDetail {
  const parts = (score.scores ?? []).map((key) => earlier[key]);
  if ((score.items?.length && score.items.every((id) => notAskedItems.has(id))) || parts.some((p) => p?.reason === 'not-asked')) {
    return { value: null, exact: null, answered: 0, missing: 0, prorated: false, reason: 'not-asked' };
  }
  if (score.requireScores?.some((key) => earlier[key]?.value === null)) {
    return { value: null, exact: null, answered: 0, missing: 0, prorated: false, reason: 'required-score-missing' };
  }
  if (score.method === 'sum-of-scores' || score.method === 'mean-of-scores') {
    const answered = parts.reduce((n, p) => n + (p?.answered ?? 0), 0);
    const missingCount = parts.reduce((n, p) => n + (p?.missing ?? 0), 0);
    const exacts = parts.map((p) => p?.exact ?? null);
    if (exacts.some((x) => x === null)) {
      return { value: null, exact: null, answered, missing: missingCount, prorated: false, reason: 'required-score-missing' };
    }
    const sum = exacts.reduce<number>((total, x) => total + (x ?? 0), 0);
    const exact = score.method === 'mean-of-scores' ? sum / exacts.length : sum;
    const prorated = parts.some((p) => p?.prorated);
    return { value: roundTo(exact, score.decimals), exact, answered, missing: missingCount, prorated, reason: null };
  }

  const itemIds = score.items ?? [];
  const values: number[] = [];
  for (const itemId of itemIds) {
    const code = valid[itemId];
    const item = itemsById.get(itemId);
    const mapId = score.valueMap ?? item?.valueMap;
    const value = code !== undefined && mapId ? def.valueMaps[mapId]?.[code] : undefined;
    if (value !== undefined) values.push(value);
  }
  const answered = values.length;
  const missingCount = itemIds.length - answered;
  const allowed = score.missing?.rule === 'prorate' ? score.missing.maxMissing : 0;
  if (answered === 0 || missingCount > allowed) {
    return { value: null, exact: null, answered, missing: missingCount, prorated: false, reason: 'too-many-missing' };
  }
  const neverImpute = score.missing?.rule === 'prorate' ? (score.missing.neverImpute ?? []) : [];
  if (neverImpute.some((itemId) => valid[itemId] === undefined)) {
    return { value: null, exact: null, answered, missing: missingCount, prorated: false, reason: 'item-never-imputed' };
  }
  const sum = values.reduce((a, b) => a + b, 0);
  if (score.method === 'lookup') return lookUp(score, sum, answered, respondent);
  const mean = sum / answered;
  // A prorated sum is the mean of the answered items scaled to the full item count (INSTRUMENTS.md §8).
  const exact = score.method === 'mean' ? mean : missingCount === 0 ? sum : mean * itemIds.length;
  return { value: roundTo(exact, score.decimals), exact, answered, missing: missingCount, prorated: missingCount > 0, reason: null };
}

/** A raw total converted by the score's published table, for the respondent's age group and administration. */
function lookUp(score: ScoreDefinition, raw: number, answered: number, respondent: Respondent): ScoreDetail {
  const unscored = (reason: LookupProblem): ScoreDetail => ({ value: null, exact: null, answered, missing: 0, prorated: false, reason });
  const lookup = score.lookup;
  if (!lookup) return unscored('age-outside-table');
  if (respondent.administration === null) return unscored('administration-unknown');
  if (respondent.age === null) return unscored('age-unknown');
  const { min, max } = respondent.age;
  const groupOf = (age: number) => lookup.ageGroups.find((g) => age >= g.minAge && (g.maxAge === undefined || age <= g.maxAge));
  const [youngest, oldest] = [groupOf(min), groupOf(max)];
  if (!youngest || !oldest) return unscored('age-outside-table');
  if (youngest.code !== oldest.code) return unscored('age-uncertain');
  const value = lookup.tables[respondent.administration][youngest.code]?.[raw - lookup.rawMin];
  if (value === undefined) return unscored('age-outside-table');
  return { value, exact: value, answered, missing: 0, prorated: false, reason: null };
}

function invalidDetail(): ScoreDetail {
  return { value: null, exact: null, answered: 0, missing: 0, prorated: false, reason: 'invalid-answers' };
}

/** The band whose `min` is the highest one at or below the value; bands ascend (checked at load). */
export function findBand(bands: readonly { code: string; min: number }[], value: number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  let found: string | null = null;
  for (const band of bands) if (value >= band.min) found = band.code;
  return found;
}

function evaluateFlags(def: InstrumentDefinition, valid: Record<string, string>, rejected: ReadonlySet<string>): string[] {
  const raised = new Set<string>();
  for (const flag of def.flags) {
    const code = valid[flag.item];
    const hit =
      'answeredWith' in flag.when ? code !== undefined && flag.when.answeredWith.includes(code) : code === undefined && !rejected.has(flag.item);
    if (hit) raised.add(flag.code);
  }
  return [...raised];
}

/** The status speaks for the validated scores; descriptive sums (AES item types) never change it. */
function summarise(details: (ScoreDetail | undefined)[], errors: AnswerError[]): ScoreStatus {
  if (errors.length > 0) return 'invalid';
  const nulls = details.filter((d) => d?.value === null).length;
  if (nulls === details.length) return 'unscorable';
  if (nulls > 0) return 'partial';
  return details.some((d) => d?.prorated) ? 'prorated' : 'complete';
}

/** Rounds half away from zero to a number of decimals, without binary-fraction surprises (2.675 → 2.68). */
export function roundTo(value: number, decimals: number): number {
  if (Number.isInteger(value)) return value;
  const factor = 10 ** decimals;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(Number(scaled.toPrecision(12))) / factor;
  return Math.sign(value) * rounded + 0;
}
