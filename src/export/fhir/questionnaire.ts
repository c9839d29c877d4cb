import type { Coding, Questionnaire, QuestionnaireItem, QuestionnaireItemAnswerOption } from 'fhir/r4';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import type { InstrumentDefinition, TranslationPack } from '../../domain/instrument-schema.ts';
import { CALCULATED_EXPRESSION, ITEM_WEIGHT, loincCoding, optionSystem, ORDINAL_VALUE, PHQ9_LOINC, questionnaireUrl, SCORE_SYSTEM } from './fhir-terms.ts';
import { respondentText } from '../../domain/instrument-lookup.ts';
import { clinicianLabels } from '../../domain/catalogue-lookup.ts';
import { scoreExpression } from './score-expressions.ts';

/**
 * The value map that gives an item's options their `itemWeight`: that of the first validated score over the item
 * (SHAPS: Snaith's 0/1), else the item's own (AES, TEPS reverse keys). Weights sit on each item's options, so a
 * reverse-keyed item weighs the same answer differently.
 */
export function weightMapFor(def: InstrumentDefinition, itemId: string): string | undefined {
  const item = def.items.find((i) => i.id === itemId);
  const score = def.scores.find((s) => !s.descriptive && s.items?.includes(itemId));
  return score?.valueMap ?? item?.valueMap;
}

/** An answer in the instrument's own option system, displayed in the text it was given in (`text`). */
function optionCoding(instrument: Instrument, itemId: string, code: string, text: TranslationPack): Coding {
  const def = instrument.definition;
  const item = def.items.find((i) => i.id === itemId);
  const display = item ? text.optionSets[item.optionSet]?.[code] : undefined;
  return { system: optionSystem(def.id), code, display: display ?? code };
}

/** The LOINC answer of a PHQ-9 option (LL358-3 items 1–9, LL359-1 item 10), or null for other instruments. */
function loincAnswer(instrument: Instrument, itemId: string, code: string): string | null {
  const def = instrument.definition;
  const item = def.id === 'phq-9' ? def.items.find((i) => i.id === itemId) : undefined;
  return (item && PHQ9_LOINC.answers[item.optionSet]?.[code]) ?? null;
}

/**
 * The coding of one answer option, as the Questionnaire's answerOption and the response's answer write it: LOINC
 * for PHQ-9 (with LOINC's own display, whatever the language), else the instrument's option system.
 */
export function answerCoding(instrument: Instrument, itemId: string, code: string, text: TranslationPack): Coding {
  const loinc = loincAnswer(instrument, itemId, code);
  return loinc ? loincCoding(loinc) : optionCoding(instrument, itemId, code, text);
}

/** Every coding of an answer, for a CodeableConcept: LOINC first where it exists, then the project's option code. */
export function answerCodings(instrument: Instrument, itemId: string, code: string, text: TranslationPack): Coding[] {
  const loinc = loincAnswer(instrument, itemId, code);
  return [...(loinc ? [loincCoding(loinc)] : []), optionCoding(instrument, itemId, code, text)];
}

function answerOptions(instrument: Instrument, itemId: string, text: TranslationPack): QuestionnaireItemAnswerOption[] {
  const def = instrument.definition;
  const item = def.items.find((i) => i.id === itemId);
  const set = item ? def.optionSets[item.optionSet] : undefined;
  const mapId = weightMapFor(def, itemId);
  const weights = mapId ? def.valueMaps[mapId] : undefined;
  return (set?.options ?? []).map((code) => {
    const weight = weights?.[code];
    return {
      valueCoding: answerCoding(instrument, itemId, code, text),
      ...(weight === undefined
        ? {}
        : {
            extension: [
              { url: ITEM_WEIGHT, valueDecimal: weight },
              { url: ORDINAL_VALUE, valueDecimal: weight },
            ],
          }),
    };
  });
}

/**
 * One instrument version as a FHIR R4 Questionnaire: stable linkIds (the item ids), coded options in display
 * order with their scores as `itemWeight`, the licence in `copyright`, a part the clinician may leave out as a
 * yes/no item its items are enabled by (`enableWhen`), and read-only score items carrying an SDC
 * `calculatedExpression` that is the engine's rule in FHIRPath over `%resource` alone (score-expressions.ts;
 * descriptive groupings are left out).
 */
export function toQuestionnaire(instrument: Instrument, language = 'en'): Questionnaire {
  const def = instrument.definition;
  const locale = respondentText(instrument, language);
  const labels = clinicianLabels(instrument, language);
  // Each part a clinician may leave out is asked of the clinician first (a yes/no item, "yes" at first as on the start
  // form); its items are enabled by a yes.
  const gates: QuestionnaireItem[] = (def.parts ?? []).map((part) => ({
    linkId: partLinkId(part.id),
    text: labels.parts?.[part.id] ?? part.id,
    type: 'boolean',
    required: true,
    initial: [{ valueBoolean: true }],
  }));
  const items: QuestionnaireItem[] = def.items.map((item) => {
    const loinc = def.id === 'phq-9' ? PHQ9_LOINC.items[item.id] : undefined;
    const part = def.parts?.find((p) => p.items.includes(item.id));
    return {
      linkId: item.id,
      prefix: String(item.number),
      text: locale.items[item.id] ?? item.id,
      type: 'choice',
      required: item.required,
      ...(part ? { enableWhen: [{ question: partLinkId(part.id), operator: '=', answerBoolean: true }] } : {}),
      ...(loinc ? { code: [loincCoding(loinc)] } : {}),
      answerOption: answerOptions(instrument, item.id, locale),
    };
  });
  const scores: QuestionnaireItem[] = def.scores
    .filter((s) => !s.descriptive)
    .map((s) => {
      const expression = scoreExpression(def, s, (itemId, code) => answerCoding(instrument, itemId, code, locale).code ?? code);
      return {
        linkId: `score-${s.key}`,
        text: labels.scores[s.key] ?? s.key,
        type: 'decimal',
        readOnly: true,
        code: [{ system: SCORE_SYSTEM, code: `${def.id}-${s.key}` }],
        ...(expression ? { extension: [{ url: CALCULATED_EXPRESSION, valueExpression: { language: 'text/fhirpath', expression } }] } : {}),
      };
    });
  const { licence, citation } = def;
  return {
    resourceType: 'Questionnaire',
    id: def.id,
    url: questionnaireUrl(def.id),
    version: def.version,
    name: def.id.replace(/[^A-Za-z0-9]/g, '_').toUpperCase(),
    title: locale.title,
    status: 'active',
    subjectType: ['Patient'],
    ...(def.id === 'phq-9' ? { code: [loincCoding(PHQ9_LOINC.panel)] } : {}),
    description: `${citation.authors.join(', ')} (${String(citation.year)}). ${citation.title}. ${'journal' in citation ? citation.journal : citation.publisher}.`,
    copyright: `${licence.owner}. ${licence.terms}`,
    item: [...gates, ...items, ...scores],
  };
}

/** The linkId of the yes/no item that says whether a part (instrument.json `parts`) was asked. */
export function partLinkId(partId: string): string {
  return `asked-${partId}`;
}
