import type { Observation, ObservationReferenceRange, Reference } from 'fhir/r4';
import { ASSESSMENT_ID_SYSTEM, BAND_SYSTEM, loincCoding, PHQ9_LOINC, SCORE_SYSTEM } from './fhir-terms.ts';
import { answerCodings } from './questionnaire.ts';
import { administrationText, revisedStatus, type Administration } from './questionnaire-response.ts';
import { clinicianLabels } from '../../domain/catalogue-lookup.ts';

const SURVEY = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] };

/** The note on a prorated score, from the engine's detail: `prorated from 8 of 9 items`. */
const proratedNote = (answered: number, items: number) => `prorated from ${String(answered)} of ${String(items)} items`;

/**
 * One Observation per validated score with a value (category survey, `{score}` quantity, derived from the
 * response), `final` once the administration is finished (a score prorated over missing items says so in
 * `note`), with interpretation and reference ranges only from the instrument's sourced bands. PHQ-9's total
 * also carries LOINC 44261-6, and item 9 is its own Observation (44260-8) because receivers act on it.
 * Descriptive groupings (AES item types) are not validated subscales and are not exported as Observations.
 */
export function toObservations(a: Administration, response: Reference): Observation[] {
  const def = a.instrument.definition;
  const text = administrationText(a);
  const locale = clinicianLabels(a.instrument, text.language);
  const base = {
    resourceType: 'Observation' as const,
    // A finished administration's score is final even when prorated; a draft's may still change; a corrected
    // version's is amended (or entered-in-error with its voided visit).
    status: revisedStatus(a) ?? (a.finished ? ('final' as const) : ('preliminary' as const)),
    category: [SURVEY],
    ...(a.subject ? { subject: a.subject } : {}),
    effectiveDateTime: a.authored,
    derivedFrom: [response],
  };
  const scores = def.scores.flatMap((s): Observation[] => {
    const value = a.result.scores[s.key];
    // An unscorable score (null: too many items missing, invalid answers) is no Observation at all.
    if (s.descriptive || value === null || value === undefined) return [];
    const detail = a.result.details[s.key];
    const text = locale.scores[s.key] ?? `${def.id} ${s.key}`;
    const loinc = def.id === 'phq-9' && s.key === 'total' ? [loincCoding(PHQ9_LOINC.total)] : [];
    const bandSet = def.bands.find((b) => b.score === s.key);
    const band = a.result.bands[s.key];
    const step = 10 ** -s.decimals;
    const ranges: ObservationReferenceRange[] = (bandSet?.bands ?? []).map((b, i, all) => {
      const next = all[i + 1];
      return {
        low: { value: b.min, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
        high: { value: next ? Number((next.min - step).toFixed(s.decimals)) : s.range.max, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
        text: locale.bands[s.key]?.[b.code] ?? b.code,
      };
    });
    return [
      {
        ...base,
        identifier: [{ system: ASSESSMENT_ID_SYSTEM, value: `${a.identifier}/${s.key}` }],
        code: { coding: [...loinc, { system: SCORE_SYSTEM, code: `${def.id}-${s.key}`, display: text }], text },
        valueQuantity: { value, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
        ...(band && bandSet
          ? { interpretation: [{ coding: [{ system: BAND_SYSTEM, code: `${def.id}-${s.key}-${band}`, display: locale.bands[s.key]?.[band] ?? band }], text: locale.bands[s.key]?.[band] ?? band }] }
          : {}),
        ...(ranges.length > 0 ? { referenceRange: ranges } : {}),
        ...(detail?.prorated ? { note: [{ text: proratedNote(detail.answered, detail.answered + detail.missing) }] } : {}),
      },
    ];
  });
  const item9 = def.id === 'phq-9' ? a.answers['phq-9-9'] : undefined;
  if (item9 === undefined) return scores;
  const codings = answerCodings(a.instrument, 'phq-9-9', item9, text);
  const optionText = text.optionSets[def.items.find((i) => i.id === 'phq-9-9')?.optionSet ?? '']?.[item9] ?? item9;
  return [
    ...scores,
    {
      ...base,
      identifier: [{ system: ASSESSMENT_ID_SYSTEM, value: `${a.identifier}/phq-9-9` }],
      code: { coding: [loincCoding(PHQ9_LOINC.items['phq-9-9'] ?? '')], text: 'PHQ-9 item 9 (thoughts of death or self-harm)' },
      // LOINC's answer (its own display), then our option code; the text is the option as the patient read it.
      valueCodeableConcept: { coding: codings, text: optionText },
    },
  ];
}
