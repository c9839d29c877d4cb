import { z } from 'zod';
import type { Observation, QuestionnaireResponse } from 'fhir/r4';
import type { Catalogue, Instrument } from '../../domain/instrument-catalogue.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { ScoreResult } from '../../domain/score-assessment.ts';
import { questionnaireUrl, REVISION_EXTENSION, SCORE_SYSTEM } from './fhir-terms.ts';
import { answerCodings, partLinkId } from './questionnaire.ts';

/**
 * The inverse of `toQuestionnaireResponse`: a QuestionnaireResponse for one of our Questionnaires (`url|version`,
 * from us, a server, or any renderer that uses our linkIds and answer codings) back into semantic answer codes by
 * item id, for the engine to re-score (FHIR-HUB.md §4). Answers are read by meaning (the coding's system and
 * code), never by position, display or weight.
 */

export type ImportProblemCode =
  | 'not-a-response'
  | 'unknown-questionnaire'
  | 'unknown-version'
  | 'unknown-link-id'
  | 'repeated-link-id'
  | 'unknown-answer-code'
  | 'wrong-type'
  | 'several-answers'
  | 'nested-items'
  | 'bad-revision'
  | 'answered-not-asked';

/** One reason a response cannot be read, in words, with the linkId it concerns (if any). */
export type ImportProblem = { readonly code: ImportProblemCode; readonly linkId?: string; readonly message: string };

/** A score the response (a `score-<key>` item) or the server (a score Observation) states. */
export type ReportedScore = { readonly key: string; readonly value: number; readonly source: 'response-item' | 'observation' };

export type ImportedResponse = {
  readonly instrument: Instrument;
  /** Semantic answer codes by item id; unanswered items are absent. */
  readonly answers: Readonly<Record<string, string>>;
  /** The parts the response says were not asked (`asked-<part>` answered false); an absent gate means asked. */
  readonly notAsked: readonly string[];
  /** The `score-*` items the response carries (none from a renderer that writes no scores). */
  readonly reportedScores: readonly ReportedScore[];
  readonly status: QuestionnaireResponse['status'];
  /** `identifier.value`: `<assessment id>/<instrument id>` for our exports. */
  readonly identifier: string | null;
  readonly resourceId: string | null;
  readonly versionId: string | null;
  readonly authored: string | null;
  /** `meta.lastUpdated`: when the server took this version. */
  readonly lastUpdated: string | null;
  /** A corrected version's number, reason and note (`REVISION_EXTENSION`); null on a first version or another tool's. */
  readonly revision: { readonly number: number; readonly reason: 'wrong-answer' | 'wrong-patient' | 'entered-in-error'; readonly note: string } | null;
};

// Only the parts read here are checked; everything else in the resource is let through untouched.
const coding = z.looseObject({ system: z.string().optional(), code: z.string().optional() });
const answer = z.looseObject({ valueCoding: coding.optional(), valueDecimal: z.number().optional(), valueBoolean: z.boolean().optional(), item: z.array(z.unknown()).optional() });
const item = z.looseObject({ linkId: z.string(), answer: z.array(answer).optional(), item: z.array(z.unknown()).optional() });
const responseShape = z.looseObject({
  resourceType: z.literal('QuestionnaireResponse'),
  id: z.string().optional(),
  meta: z.looseObject({ versionId: z.string().optional(), lastUpdated: z.string().optional() }).optional(),
  extension: z.array(z.looseObject({ url: z.string(), extension: z.array(z.unknown()).optional() })).optional(),
  identifier: z.looseObject({ value: z.string().optional() }).optional(),
  questionnaire: z.string().optional(),
  status: z.enum(['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped']),
  authored: z.string().optional(),
  item: z.array(item).optional(),
});

const revisionPart = z.looseObject({ url: z.string(), valueInteger: z.number().optional(), valueCode: z.string().optional(), valueString: z.string().optional() });
const revisionShape = z.object({
  number: z.number().int().min(2),
  reason: z.enum(['wrong-answer', 'wrong-patient', 'entered-in-error']),
  note: z.string().default(''),
});

/** The revision extension of a corrected version, or null when there is none; a malformed one is a problem. */
function readRevision(extensions: readonly { url: string; extension?: unknown[] | undefined }[]): Result<ImportedResponse['revision'], ImportProblem> {
  const found = extensions.find((e) => e.url === REVISION_EXTENSION);
  if (!found) return ok(null);
  const parts = z.array(revisionPart).safeParse(found.extension ?? []);
  const part = (url: string) => (parts.success ? parts.data.find((p) => p.url === url) : undefined);
  const read = revisionShape.safeParse({ number: part('number')?.valueInteger, reason: part('reason')?.valueCode, note: part('note')?.valueString });
  return read.success ? ok(read.data) : err(problem('bad-revision', `its revision extension is not one we write (${read.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`));
}

const problem = (code: ImportProblemCode, message: string, linkId?: string): ImportProblem => ({ code, message, ...(linkId === undefined ? {} : { linkId }) });

/** Which `value[x]` an answer carries (`valueString` …), for naming a wrong type. */
const valueKinds = (a: object): string[] => Object.keys(a).filter((k) => k.startsWith('value'));

/** The instrument a canonical `url|version` names, or why none does. */
function instrumentFor(canonical: string | undefined, instruments: readonly Instrument[]): Result<Instrument, ImportProblem> {
  const [url, version] = (canonical ?? '').split('|');
  const sameUrl = instruments.filter((i) => questionnaireUrl(i.definition.id) === url);
  if (canonical === undefined || sameUrl.length === 0) {
    return err(problem('unknown-questionnaire', `questionnaire ${canonical ?? '(none)'} is not one of ours (${instruments.map((i) => i.definition.id).join(', ')})`));
  }
  const found = sameUrl.find((i) => i.definition.version === version);
  if (!found) {
    const known = sameUrl.map((i) => i.definition.version).join(', ');
    return err(problem('unknown-version', `${url ?? ''} ${version === undefined ? 'names no version' : `version ${version} is unknown`}; known: ${known}`));
  }
  return ok(found);
}

/** Every coding that means each option of each item (`system|code` → semantic code): LOINC and ours for PHQ-9. */
function codingIndex(instrument: Instrument): Map<string, Map<string, string>> {
  const def = instrument.definition;
  const text = instrument.packs.en ?? Object.values(instrument.packs)[0];
  return new Map(
    def.items.map((it) => {
      const codes = def.optionSets[it.optionSet]?.options ?? [];
      const entries = text ? codes.flatMap((code) => answerCodings(instrument, it.id, code, text).map((c) => [`${c.system ?? ''}|${c.code ?? ''}`, code] as const)) : [];
      return [it.id, new Map(entries)];
    }),
  );
}

/**
 * Reads a QuestionnaireResponse back into answers by item id, or lists every problem found. A response with any
 * problem is refused whole: scoring around an unreadable answer would treat it as missing (and maybe prorate),
 * which is a guess. Items without an answer are unanswered. `score-<key>` items become `reportedScores`, for
 * `compareServerScores`. https://hl7.org/fhir/R4/questionnaireresponse.html
 */
export function fromQuestionnaireResponse(resource: unknown, catalogue: Pick<Catalogue, 'instruments'>): Result<ImportedResponse, ImportProblem[]> {
  const parsed = responseShape.safeParse(resource);
  if (!parsed.success) {
    const type = typeof resource === 'object' && resource !== null ? (resource as { resourceType?: unknown }).resourceType : undefined;
    const why = typeof type === 'string' && type !== 'QuestionnaireResponse' ? `a ${type}` : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return err([problem('not-a-response', `not a QuestionnaireResponse we can read (${why})`)]);
  }
  const qr = parsed.data;
  const instrument = instrumentFor(qr.questionnaire, catalogue.instruments);
  if (!instrument.ok) return err([instrument.error]);
  const def = instrument.value.definition;
  const codings = codingIndex(instrument.value);
  const scoreKeys = new Set(def.scores.filter((s) => !s.descriptive).map((s) => s.key));
  const gates = new Map((def.parts ?? []).map((part) => [partLinkId(part.id), part] as const));
  const problems: ImportProblem[] = [];
  const answers: Record<string, string> = {};
  const notAsked: string[] = [];
  const reportedScores: ReportedScore[] = [];
  const seen = new Set<string>();
  for (const given of qr.item ?? []) {
    const { linkId } = given;
    if (seen.has(linkId)) problems.push(problem('repeated-link-id', `${linkId} is given more than once`, linkId));
    seen.add(linkId);
    const options = codings.get(linkId);
    const scoreKey = linkId.startsWith('score-') ? linkId.slice('score-'.length) : undefined;
    const gate = gates.get(linkId);
    if (!options && !gate && !(scoreKey !== undefined && scoreKeys.has(scoreKey))) {
      problems.push(problem('unknown-link-id', `${linkId} is not an item of ${def.id} ${def.version}`, linkId));
      continue;
    }
    if ((given.item ?? []).length > 0 || (given.answer ?? []).some((a) => (a.item ?? []).length > 0)) {
      problems.push(problem('nested-items', `${linkId} has nested items; ${def.id} has none`, linkId));
      continue;
    }
    const [first, ...more] = given.answer ?? [];
    if (!first) continue;
    if (more.length > 0) {
      problems.push(problem('several-answers', `${linkId} has ${String(more.length + 1)} answers; it takes one`, linkId));
      continue;
    }
    const expected = options ? 'valueCoding' : gate ? 'valueBoolean' : 'valueDecimal';
    const kinds = valueKinds(first);
    if (kinds.length !== 1 || kinds[0] !== expected) {
      problems.push(problem('wrong-type', `${linkId} needs a ${expected}, not ${kinds.join(' and ') || 'no value'}`, linkId));
      continue;
    }
    if (gate) {
      if (first.valueBoolean === false) notAsked.push(gate.id);
    } else if (options) {
      const key = `${first.valueCoding?.system ?? ''}|${first.valueCoding?.code ?? ''}`;
      const code = options.get(key);
      if (code === undefined) problems.push(problem('unknown-answer-code', `${linkId}: ${key} is not one of its answer codes`, linkId));
      else answers[linkId] = code;
    } else if (scoreKey !== undefined && first.valueDecimal !== undefined) {
      reportedScores.push({ key: scoreKey, value: first.valueDecimal, source: 'response-item' });
    }
  }
  for (const part of (def.parts ?? []).filter((p) => notAsked.includes(p.id))) {
    for (const itemId of part.items.filter((id) => answers[id] !== undefined)) {
      problems.push(problem('answered-not-asked', `${itemId} is answered, but ${partLinkId(part.id)} says its part was not asked`, itemId));
    }
  }
  const revision = readRevision(qr.extension ?? []);
  if (!revision.ok) problems.push(revision.error);
  if (problems.length > 0 || !revision.ok) return err(problems);
  return ok({
    instrument: instrument.value,
    answers,
    notAsked,
    reportedScores,
    status: qr.status,
    identifier: qr.identifier?.value ?? null,
    resourceId: qr.id ?? null,
    versionId: qr.meta?.versionId ?? null,
    authored: qr.authored ?? null,
    lastUpdated: qr.meta?.lastUpdated ?? null,
    revision: revision.value,
  });
}

/** The scores an instrument's score Observations state (code `SCORE_SYSTEM|<instrument>-<key>`, a `valueQuantity`). */
export function scoresFromObservations(observations: readonly Observation[], instrument: Instrument): ReportedScore[] {
  const def = instrument.definition;
  return observations.flatMap((o) => {
    const code = o.code.coding?.find((c) => c.system === SCORE_SYSTEM && c.code?.startsWith(`${def.id}-`))?.code;
    const key = code?.slice(def.id.length + 1);
    const value = o.valueQuantity?.value;
    return key !== undefined && def.scores.some((s) => s.key === key) && typeof value === 'number' ? [{ key, value, source: 'observation' as const }] : [];
  });
}

/** A score the server states that the engine's re-score does not give (`engine` null: the engine finds none). */
export type ScoreMismatch = { readonly key: string; readonly source: ReportedScore['source']; readonly reported: number; readonly engine: number | null };

/**
 * Compares what a response or server states with the engine's re-score of the same answers: every reported score
 * that differs, or that the engine cannot give, is a mismatch (never trusted; FHIR-HUB.md §4). A score the server
 * does not state is no mismatch (a renderer may write none). Scores are rounded to their declared decimals on
 * both sides, so equal means equal to within rounding noise (1e-9).
 */
export function compareServerScores(reported: readonly ReportedScore[], engine: Pick<ScoreResult, 'scores'>): ScoreMismatch[] {
  return reported.flatMap((r) => {
    const value = engine.scores[r.key] ?? null;
    return value !== null && Math.abs(value - r.value) < 1e-9 ? [] : [{ key: r.key, source: r.source, reported: r.value, engine: value }];
  });
}
