import type { InstrumentDefinition, ScoreDefinition } from '../../domain/instrument-schema.ts';

/** The code a QuestionnaireResponse carries for one option of one item (PHQ-9: LOINC; else the option code). */
export type ResponseCode = (itemId: string, optionCode: string) => string;

/**
 * The SDC `calculatedExpression` (FHIRPath) that recomputes one score from a QuestionnaireResponse exactly as
 * `scoreAssessment` does, or null when the definition gives it no items or values to work from, or the score is a
 * lookup (it needs the respondent's age and administration).
 *
 * The expression needs only `%resource` (no `%questionnaire`, no `weight()`, no terminology server): each item's
 * value table is written inline as an `iif` chain over the answer code, so reverse keys and SHAPS's two scorings
 * each carry their own table. It follows the engine's rules (score-assessment.ts): a sum with up to N missing is
 * the answered mean × item count; a mean is the mean of answered items; a never-imputed item, too many missing
 * answers or an unscorable required score give an empty result; scores built from other scores use their unrounded
 * parts and round once; `.round(decimals)` is half up, which is half away from zero for these non-negative scores.
 * https://build.fhir.org/ig/HL7/sdc/StructureDefinition-sdc-questionnaire-calculatedExpression.html
 */
export function scoreExpression(def: InstrumentDefinition, score: ScoreDefinition, responseCode: ResponseCode): string | null {
  // A published table chosen by the respondent's age group and administration (CFPB) needs what a response does
  // not carry: no expression, rather than one that cannot match the engine.
  if (score.method === 'lookup') return null;
  const exact = exactExpression(def, score, responseCode, new Set());
  return exact && `(${exact}).round(${String(score.decimals)})`;
}

/** The unrounded score, empty when the engine would report null. */
function exactExpression(def: InstrumentDefinition, score: ScoreDefinition, responseCode: ResponseCode, seen: ReadonlySet<string>): string | null {
  if (seen.has(score.key)) return null;
  const within = new Set([...seen, score.key]);
  const byKey = new Map(def.scores.map((s) => [s.key, s]));
  const partOf = (key: string) => {
    const part = byKey.get(key);
    return part ? exactExpression(def, part, responseCode, within) : null;
  };
  const required = (score.requireScores ?? []).map(partOf);
  if (required.some((r) => r === null)) return null;
  const conditions = required.map((r) => `(${r ?? ''}).exists()`);

  let value: string;
  if (score.method === 'sum-of-scores' || score.method === 'mean-of-scores') {
    const parts = (score.scores ?? []).map(partOf);
    if (parts.length === 0 || parts.some((p) => p === null)) return null;
    // An empty part makes `+` empty, as a null part makes the engine's composite null.
    const sum = parts.map((p) => `(${p ?? ''})`).join(' + ');
    value = score.method === 'sum-of-scores' ? sum : `(${sum}) / ${String(parts.length)}`;
  } else {
    const items = score.items ?? [];
    const values = itemValues(def, score, items, responseCode);
    if (items.length === 0 || values === null) return null;
    const n = String(items.length);
    const allowed = score.missing?.rule === 'prorate' ? score.missing.maxMissing : 0;
    conditions.push(`${values}.count() >= ${String(Math.max(1, items.length - allowed))}`);
    const neverImpute = score.missing?.rule === 'prorate' ? (score.missing.neverImpute ?? []) : [];
    for (const itemId of neverImpute) {
      const one = itemValues(def, score, [itemId], responseCode);
      if (one === null) return null;
      conditions.push(`${one}.exists()`);
    }
    if (score.method === 'mean') value = `${values}.sum() / ${values}.count()`;
    // Complete: the plain sum. Prorated: answered mean × item count, written sum × count ÷ answered so a complete
    // response still gives the exact sum.
    else value = allowed === 0 ? `${values}.sum()` : `${values}.sum() * ${n} / ${values}.count()`;
  }
  return conditions.length === 0 ? value : `iif(${conditions.join(' and ')}, ${value})`;
}

/**
 * The answered items' values as one collection (duplicates kept: `combine`, never `|`): items sharing a value
 * table are selected together, and each table maps the response's answer code to the item's value.
 */
function itemValues(def: InstrumentDefinition, score: ScoreDefinition, itemIds: readonly string[], responseCode: ResponseCode): string | null {
  const groups = new Map<string, string[]>();
  for (const itemId of itemIds) {
    const item = def.items.find((i) => i.id === itemId);
    const mapId = score.valueMap ?? item?.valueMap;
    const map = mapId ? def.valueMaps[mapId] : undefined;
    const options = item ? def.optionSets[item.optionSet]?.options : undefined;
    if (!item || !map || !options) return null;
    const table = valueTable(options.flatMap((code) => (map[code] === undefined ? [] : [[responseCode(itemId, code), map[code]] as const])));
    groups.set(table, [...(groups.get(table) ?? []), itemId]);
  }
  const selections = [...groups].map(([table, ids]) => {
    const where = ids.length === 1 ? `linkId = ${literal(ids[0] ?? '')}` : `linkId in (${ids.map(literal).join(' | ')})`;
    return `%resource.item.where(${where}).answer.value.code.select(${table})`;
  });
  const [first, ...rest] = selections;
  if (first === undefined) return null;
  return rest.length === 0 ? first : `${first}${rest.map((s) => `.combine(${s})`).join('')}`;
}

/** `iif($this = 'a', 1, iif($this = 'b', 2, …))`: an unknown code gives empty, so it counts as unanswered. */
function valueTable(entries: readonly (readonly [string, number])[]): string {
  return entries.reduceRight((otherwise, [code, value]) => `iif($this = ${literal(code)}, ${String(value)}${otherwise ? `, ${otherwise}` : ''})`, '');
}

/** A FHIRPath string literal (https://hl7.org/fhirpath/#string). */
function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
