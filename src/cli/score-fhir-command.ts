import type { Observation } from 'fhir/r4';
import { buildCodebook } from '../domain/codebook.ts';
import type { Instrument } from '../domain/instrument-catalogue.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { compareServerScores, fromQuestionnaireResponse, scoresFromObservations } from '../export/fhir/questionnaire-response-import.ts';
import { toRowResult, type RowResult } from './score-command.ts';

/** A `score` result with the instrument it is for: one input may hold responses to several Questionnaires. */
export type FhirRow = RowResult & { readonly instrument: string };

/** A resource that was not scored, named by where it sits: `entry[3]` (0-based, as in FHIRPath) or `line 4` of NDJSON. */
export type Refused = { readonly where: string; readonly message: string };

export type FhirScored = {
  readonly rows: readonly FhirRow[];
  /** Bad resources, skipped: the command exits 1. */
  readonly refused: readonly Refused[];
  /** Worth saying, not an error: a voided response left out, a score the input states that the engine does not give. */
  readonly notes: readonly string[];
};

type Located = { readonly where: string; readonly fullUrl: string | null; readonly resource: unknown; readonly unreadable?: string };

const BUNDLE_TYPES = new Set(['collection', 'searchset', 'transaction']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const typeOf = (value: unknown): string | null => (isObject(value) && typeof value.resourceType === 'string' ? value.resourceType : null);

/**
 * The resources of the input: a Bundle (collection, searchset or transaction) by entry, one QuestionnaireResponse,
 * or NDJSON by line (a line that is no JSON is kept, to be reported by its number). Anything else is refused whole.
 */
function locate(text: string): Result<Located[], string> {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const lines = trimmed.split(/\r?\n/);
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch (error) {
    // NDJSON: one resource a line, and the first line is a JSON document of its own.
    const first = lines[0] ?? '';
    try {
      JSON.parse(first);
    } catch {
      return err(`the input is not JSON or NDJSON (${error instanceof Error ? error.message : String(error)})`);
    }
    return ok(
      lines.flatMap((line, i): Located[] => {
        if (line.trim() === '') return [];
        try {
          return [{ where: `line ${String(i + 1)}`, fullUrl: null, resource: JSON.parse(line) as unknown }];
        } catch (lineError) {
          return [{ where: `line ${String(i + 1)}`, fullUrl: null, resource: null, unreadable: `not JSON (${lineError instanceof Error ? lineError.message : String(lineError)})` }];
        }
      }),
    );
  }
  const type = typeOf(whole);
  if (type === 'QuestionnaireResponse') return ok([{ where: 'the resource', fullUrl: null, resource: whole }]);
  if (type !== 'Bundle' || !isObject(whole)) return err(`the input is ${type ? `a ${type}` : 'no FHIR resource'}: score-fhir reads a Bundle, a QuestionnaireResponse or NDJSON of them`);
  if (typeof whole.type !== 'string' || !BUNDLE_TYPES.has(whole.type)) return err(`the input is a ${String(whole.type)} Bundle: score-fhir reads collection, searchset or transaction Bundles`);
  const entries = Array.isArray(whole.entry) ? (whole.entry as unknown[]) : [];
  return ok(
    entries.map((entry, i) => ({
      where: `entry[${String(i)}]`,
      fullUrl: isObject(entry) && typeof entry.fullUrl === 'string' ? entry.fullUrl : null,
      resource: isObject(entry) ? entry.resource : undefined,
    })),
  );
}

/** The Observations of the input that say they are derived from a response (by its fullUrl or `QuestionnaireResponse/<id>`). */
function observationsOf(located: readonly Located[], fullUrl: string | null, id: string | null): Observation[] {
  const names = new Set([fullUrl, id === null ? null : `QuestionnaireResponse/${id}`].filter((n): n is string => n !== null));
  return located.flatMap((l) => {
    if (typeOf(l.resource) !== 'Observation') return [];
    const observation = l.resource as Observation;
    const from = (observation.derivedFrom ?? []).map((r) => r.reference ?? '');
    return from.some((reference) => names.has(reference) || [...names].some((n) => n.endsWith(`/${reference}`))) ? [observation] : [];
  });
}

/**
 * Scores every QuestionnaireResponse for one of our Questionnaires in a FHIR input (see `locate`) with the engine,
 * giving the rows `score` would give for the same answers (`toRowResult`; a missing item is named by its codebook
 * column). The id is the response's `identifier.value`, else its resource id. A resource that cannot be read
 * (`fromQuestionnaireResponse`'s problems, no id, not JSON, another resource type in NDJSON) is refused by index;
 * a Bundle's other resources (Questionnaire, Observation, Provenance, Patient) are not responses and are passed
 * over. Scores the input states (score items, score Observations derived from the response) are compared with the
 * engine's (`compareServerScores`): a difference is a note, and the engine's score is printed.
 */
export function scoreFhirText(text: string, instruments: readonly Instrument[]): Result<FhirScored, string> {
  const located = locate(text);
  if (!located.ok) return located;
  const rows: FhirRow[] = [];
  const refused: Refused[] = [];
  const notes: string[] = [];
  const columns = new Map(instruments.map((i) => [i.definition.id, new Map(buildCodebook(i).items.map((item) => [item.itemId, item.column]))]));
  for (const entry of located.value) {
    const { where, resource } = entry;
    if (entry.unreadable !== undefined) {
      refused.push({ where, message: entry.unreadable });
      continue;
    }
    const type = typeOf(resource);
    if (type !== 'QuestionnaireResponse') {
      // NDJSON is a list of responses; a Bundle carries their Questionnaires, Observations and Provenance too.
      if (where.startsWith('line')) refused.push({ where, message: `a ${type ?? 'value that is no FHIR resource'}, not a QuestionnaireResponse` });
      continue;
    }
    const imported = fromQuestionnaireResponse(resource, { instruments });
    if (!imported.ok) {
      refused.push({ where, message: imported.error.map((p) => p.message).join('; ') });
      continue;
    }
    const { instrument, answers, notAsked, reportedScores, identifier, resourceId, status } = imported.value;
    const id = identifier ?? resourceId;
    if (id === null || id.trim() === '') {
      refused.push({ where, message: 'the response has neither an identifier nor an id to name it by' });
      continue;
    }
    if (status === 'entered-in-error') {
      notes.push(`${where} (${id}): entered-in-error, not scored`);
      continue;
    }
    const def = instrument.definition;
    const column = columns.get(def.id);
    const row = toRowResult(id, answers, [], instrument, (itemId) => column?.get(itemId) ?? itemId, undefined, notAsked);
    const stated = [...reportedScores, ...scoresFromObservations(observationsOf(located.value, entry.fullUrl, resourceId), instrument)];
    for (const m of compareServerScores(stated, row)) {
      const who = m.source === 'observation' ? 'its Observation says' : 'the response says';
      notes.push(`${where} (${id}): ${who} ${m.key} ${String(m.reported)}, the engine ${m.engine === null ? 'gives none' : String(m.engine)}`);
    }
    const { id: rowId, ...rest } = row;
    rows.push({ id: rowId, instrument: def.id, ...rest });
  }
  return ok({ rows, refused, notes });
}

/** The rows as `score` prints JSON: an array, one row a line. */
export function formatFhirRows(rows: readonly FhirRow[]): string {
  return rows.length === 0 ? '[]\n' : `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}
