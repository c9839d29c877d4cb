import { z } from 'zod';
import { CONTEXT_CONSTRUCTS, HIGHER_MEANS, PROFILE_CONSTRUCTS } from './constructs.ts';

/**
 * The shape of `instruments/<id>/instrument.json`. The zod schema doubles as the type, and
 * `checkInstrumentConsistency` (instrument-consistency.ts) adds the cross-field rules a schema cannot express.
 */

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');
const camel = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'must be camelCase');
const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version like 1.0.0');

/** A source every number and rule points to: a paper (with its table or page) or a stated convention. */
const sourceSchema = z.strictObject({
  id: slug,
  kind: z.enum(['primary', 'secondary', 'implementation', 'convention']),
  citation: z.string().min(1),
  /** First author and year ("Chen 2013"), for one-line mentions such as a reference line. */
  short: z.string().min(1).optional(),
  doi: z.string().optional(),
  pmid: z.string().optional(),
  url: z.string().optional(),
  locator: z.string().optional(),
  note: z.string().optional(),
});

/** The instrument's own citation: a journal article with its DOI, or a report an agency published (no DOI: its URL). */
const citationSchema = z.union([
  z.strictObject({
    authors: z.array(z.string().min(1)).min(1),
    year: z.number().int().min(1900).max(2100),
    title: z.string().min(1),
    journal: z.string().min(1),
    volume: z.string().min(1),
    issue: z.string().optional(),
    pages: z.string().min(1),
    doi: z.string().regex(/^10\.\d{4,9}\/\S+$/, 'must be a DOI such as 10.1192/bjp.167.1.99'),
    pmid: z.string().regex(/^\d+$/).optional(),
  }),
  z.strictObject({
    authors: z.array(z.string().min(1)).min(1),
    year: z.number().int().min(1900).max(2100),
    title: z.string().min(1),
    publisher: z.string().min(1),
    url: z.string().regex(/^https:\/\/\S+$/, 'must be an https URL'),
  }),
]);

const licenceSchema = z.strictObject({
  status: z.enum(['public-domain', 'open-with-attribution', 'free-for-research', 'permission-required', 'unclear']),
  owner: z.string().min(1),
  terms: z.string().min(1),
  contact: z.string().min(1),
  source: slug,
});

const optionSetSchema = z.strictObject({
  /** Semantic answer codes in their canonical order (lowest to highest agreement/frequency). */
  options: z.array(slug).min(2),
  /** The order the printed form shows them in, when it differs. A display choice only: never used to score. */
  displayOrder: z.array(slug).optional(),
  /**
   * Its items are asked under a question of their own (the pack's `stems`), shown above each of them instead of the
   * instructions: a form in parts that each ask their own question (CFPB: "How well does this statement describe
   * you…?" and "How often does this statement apply to you?").
   */
  stem: z.boolean().optional(),
});

const itemSchema = z.strictObject({
  id: slug,
  /** The item's number on the official form. */
  number: z.number().int().positive(),
  optionSet: slug,
  /** The value map that scores this item; absent for unscored items such as the PHQ-9 difficulty question. */
  valueMap: slug.optional(),
  /** Marks an item keyed opposite to most of the scale (documentation and fixtures; the value map does the work). */
  reversed: z.boolean().default(false),
  /** A required item counts as missing when unanswered. */
  required: z.boolean().default(true),
});

/**
 * A part of the form a clinician leaves out, at the start of a visit, when it does not apply to the respondent (CBI:
 * the work part for someone without paid work, the client part for someone who does not work with clients). Its
 * items are then not asked: "not applicable", never missing, and a score made only of them is not given
 * (`not-asked`). The rest of the form is always asked.
 */
const partSchema = z.strictObject({ id: slug, items: z.array(slug).min(1), source: slug });

const missingRuleSchema = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('complete'), source: slug }),
  z.strictObject({
    rule: z.literal('prorate'),
    maxMissing: z.number().int().min(1),
    /** Items that are never imputed: when one is missing the score is not reported (PHQ-9 item 9). */
    neverImpute: z.array(slug).optional(),
    source: slug,
  }),
]);

/**
 * A published conversion table (CFPB Financial Well-Being Scale): the sum of the score's items (its raw total, from
 * `rawMin`) is converted to the published score by a table chosen by the respondent's age group and how the
 * questionnaire was administered (`self`: the respondent read it; `interviewer`: read to them). Each table lists the
 * score for every raw total from `rawMin` up, in order. A respondent whose age group is unknown, uncertain (a birth
 * year only, at a group's edge) or outside every group gets no score, with the reason.
 */
const lookupSchema = z.strictObject({
  rawMin: z.number().int(),
  ageGroups: z.array(z.strictObject({ code: slug, minAge: z.number().int().min(0), maxAge: z.number().int().optional() })).min(1),
  tables: z.strictObject({ self: z.record(slug, z.array(z.number())), interviewer: z.record(slug, z.array(z.number())) }),
  locator: z.string().min(1),
});

const scoreSchema = z.strictObject({
  key: camel,
  /**
   * sum: sum of item values (prorated sums are answered mean × item count);
   * mean: mean of answered item values; sum-of-scores / mean-of-scores: sum or mean of earlier scores,
   * computed from their unrounded values; lookup: the items' sum converted by a published table (`lookup`).
   */
  method: z.enum(['sum', 'mean', 'sum-of-scores', 'mean-of-scores', 'lookup']),
  items: z.array(slug).optional(),
  scores: z.array(camel).optional(),
  /** For `lookup`: the published table that converts the items' sum. */
  lookup: lookupSchema.optional(),
  /** Scores every item with this value map instead of the item's own (e.g. SHAPS's two scorings). */
  valueMap: slug.optional(),
  range: z.strictObject({ min: z.number(), max: z.number() }),
  higherMeans: z.enum(HIGHER_MEANS),
  /** True for item-type groupings that are not validated subscales (e.g. Marin's AES item types). */
  descriptive: z.boolean(),
  missing: missingRuleSchema.optional(),
  /** Other scores that must be scorable for this one to be reported. */
  requireScores: z.array(camel).optional(),
  decimals: z.number().int().min(0).max(3),
  source: slug,
});

const bandSetSchema = z.strictObject({
  score: camel,
  source: slug,
  /** Bands in ascending order; each holds values from its `min` (inclusive) up to the next band's `min`. */
  bands: z.array(z.strictObject({ code: slug, min: z.number() })).min(2),
});

const flagSchema = z.strictObject({
  code: camel,
  item: slug,
  when: z.union([
    z.strictObject({ answeredWith: z.array(slug).min(1) }),
    z.strictObject({ unanswered: z.literal(true) }),
  ]),
  severity: z.enum(['alert', 'warning']),
  source: slug,
});

/**
 * A published number about a score that is shown beside it but never changes its bands: a screening threshold from
 * another population, or a test–retest coefficient published without the SD a z or reliable change would need.
 * `version` is the language version the study validated; only Chinese validations are referenced today
 * (TRANSLATIONS.md §3), and each version has its own wording in the UI messages. Who was studied is a clinician
 * label (`labels/<lang>.json` → `references`), in every UI language.
 */
const referenceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: slug,
    kind: z.literal('screening-threshold'),
    score: camel,
    version: z.literal('zh'),
    /** Scores at or above this value screen positive in that study. Not a band of this app. */
    atLeast: z.number(),
    sensitivity: z.number().min(0).max(1).optional(),
    specificity: z.number().min(0).max(1).optional(),
    source: slug,
    locator: z.string().min(1),
  }),
  z.strictObject({
    id: slug,
    kind: z.literal('test-retest'),
    score: camel,
    version: z.literal('zh'),
    r: z.number().min(-1).max(1),
    intervalWeeks: z.number().positive(),
    /** The retest sample's size; null when the source does not state it. */
    n: z.number().int().positive().nullable(),
    /** Why no z or reliable change is computed from it (e.g. no SD published). */
    note: z.string().min(1),
    source: slug,
    locator: z.string().min(1),
  }),
]);

/**
 * A published criterion for interpreting the change of one score between two visits (issue: PHQ-9 change). Data,
 * not code: the engine only knows the three kinds. Each carries its source and the locator where the number is
 * printed; a criterion that cannot be sourced is left out, and the app then says there is no reference data.
 * - `response`: the later score is at least `reductionPercent` % lower than the earlier one;
 * - `remission`: the later score is below `below`;
 * - `reliable-change`: the score moved by at least `points` (improvement or deterioration by the score's direction).
 * `baselineAtLeast`: the criterion applies only when the earlier score reached it (the population it was defined in).
 */
const changeCriterionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('response'),
    score: camel,
    reductionPercent: z.number().gt(0).max(100),
    baselineAtLeast: z.number().optional(),
    source: slug,
    locator: z.string().min(1),
  }),
  z.strictObject({
    kind: z.literal('remission'),
    score: camel,
    below: z.number(),
    baselineAtLeast: z.number().optional(),
    source: slug,
    locator: z.string().min(1),
  }),
  z.strictObject({
    kind: z.literal('reliable-change'),
    score: camel,
    points: z.number().positive(),
    source: slug,
    locator: z.string().min(1),
  }),
]);

export const instrumentDefinitionSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: slug,
  version: semver,
  title: z.string().min(1),
  shortTitle: z.string().min(1),
  /** The profile's constructs, or one of the psychosocial context's (shown beside the profile, never on it). */
  construct: z.enum([...PROFILE_CONSTRUCTS, ...CONTEXT_CONSTRUCTS]),
  respondent: z.enum(['self', 'informant', 'clinician']),
  citation: citationSchema,
  licence: licenceSchema,
  sources: z.array(sourceSchema).min(1),
  /** Where sources disagree: what this definition follows and why. */
  decisions: z.array(z.strictObject({ topic: z.string().min(1), choice: z.string().min(1), sources: z.array(slug) })),
  optionSets: z.record(slug, optionSetSchema),
  valueMaps: z.record(slug, z.record(slug, z.number())),
  items: z.array(itemSchema).min(1),
  /** Parts a clinician may leave out when they do not apply to the respondent (see `partSchema`). */
  parts: z.array(partSchema).optional(),
  scores: z.array(scoreSchema).min(1),
  bands: z.array(bandSetSchema),
  flags: z.array(flagSchema),
  /** Reference lines shown beside scores (other populations' thresholds, reliabilities without an SD). */
  references: z.array(referenceSchema).optional(),
  /** Sourced criteria for the change of a score between two visits (response, remission, reliable change). */
  change: z.array(changeCriterionSchema).optional(),
});

export type InstrumentDefinition = z.infer<typeof instrumentDefinitionSchema>;
export type ItemDefinition = InstrumentDefinition['items'][number];
export type PartDefinition = NonNullable<InstrumentDefinition['parts']>[number];
export type ScoreDefinition = InstrumentDefinition['scores'][number];
export type ScoreReference = NonNullable<InstrumentDefinition['references']>[number];
export type ChangeCriterion = NonNullable<InstrumentDefinition['change']>[number];

const languageTag = z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, 'a language tag such as "en" or "zh-CN"');

/**
 * `locales/<lang>.json`, a translation pack: every word the respondent reads for one instrument version in one
 * language (title, instructions, items, options), verbatim from a validated, licensed source, and where it comes
 * from. Licence-bound: the project never writes or machine-translates it. A clinic may import one in Settings.
 */
export const translationPackSchema = z.strictObject({
  instrument: slug,
  version: semver,
  language: languageTag,
  provenance: z.strictObject({
    /** The validated version's citation (paper, form or implementation the wording is taken from). */
    source: z.string().trim().min(1),
    /** Who translated it (or that it is the original wording). */
    translator: z.string().trim().min(1),
    /** The licence or permission statement under which the text is used. */
    licence: z.string().trim().min(1),
    /** Who supplied this pack (a clinic, the project). */
    suppliedBy: z.string().trim().min(1),
  }),
  title: z.string().trim().min(1),
  /** The instructions above the items; absent when the source prints none (CBI: each item is its own question). */
  instructions: z.string().trim().min(1).optional(),
  items: z.record(slug, z.string().trim().min(1)),
  optionSets: z.record(slug, z.record(slug, z.string().trim().min(1))),
  /** Option set → the question its items answer, for the sets marked `stem` (verbatim, like everything here). */
  stems: z.record(slug, z.string().trim().min(1)).optional(),
  /** Other labels a data file may use for an option (e.g. SHAPS "Strongly agree" and "Definitely agree"). */
  optionAliases: z.record(slug, z.record(slug, z.array(z.string().min(1)))).optional(),
});

export type TranslationPackText = z.infer<typeof translationPackSchema>;

/** A checked pack with its identity: SHA-256 (hex) of the file as supplied, and whether it ships with the app. */
export type TranslationPack = TranslationPackText & { readonly hash: string; readonly origin: 'built-in' | 'imported' };

/**
 * `labels/<lang>.json`: the clinician-facing words for one instrument, the app's own wording (translatable by the
 * project): its name, time frame, score and subscale names, band labels, flag and alert texts, reference groups.
 */
export const clinicianLabelsSchema = z.strictObject({
  language: languageTag,
  name: z.string().min(1),
  timeFrame: z.string().min(1),
  scores: z.record(camel, z.string().min(1)),
  bands: z.record(camel, z.record(slug, z.string().min(1))),
  flags: z.record(camel, z.string().min(1)),
  /** Norm id → its population, as the clinician reads it. */
  norms: z.record(slug, z.string().min(1)).optional(),
  /** Reference id (instrument.json `references`) → the population studied, as the clinician reads it. */
  references: z.record(slug, z.string().min(1)).optional(),
  /** Part id (instrument.json `parts`) → the choice the clinician makes at the start ("… (the patient has paid work)"). */
  parts: z.record(slug, z.string().min(1)).optional(),
});

export type ClinicianLabels = z.infer<typeof clinicianLabelsSchema>;

/** `fixtures/<name>.json`: a golden answer set and what the engine must make of it. */
export const fixtureSchema = z.strictObject({
  description: z.string().min(1),
  answers: z.record(z.string(), z.string().nullable()),
  /** The respondent a lookup score converts for (its possible ages and the administration); absent: unknown. */
  respondent: z
    .strictObject({
      age: z.strictObject({ min: z.number().int(), max: z.number().int() }).nullable(),
      administration: z.enum(['self', 'interviewer']).nullable(),
    })
    .optional(),
  /** Parts of the form left out as not applicable (instrument.json `parts`); their items are not in `answers`. */
  notAsked: z.array(slug).optional(),
  expected: z.strictObject({
    status: z.enum(['complete', 'prorated', 'partial', 'unscorable', 'invalid']),
    scores: z.record(camel, z.number().nullable()),
    bands: z.record(camel, z.string().nullable()),
    flags: z.array(camel),
    missing: z.array(z.string()).optional(),
  }),
});

export type Fixture = z.infer<typeof fixtureSchema>;
