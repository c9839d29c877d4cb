import type { Extension, QuestionnaireResponse, QuestionnaireResponseItem, Reference } from 'fhir/r4';
import type { AdministeredText } from '../../domain/assessment.ts';
import type { AssessmentRevision } from '../../domain/assessment-schema.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import type { InstrumentDefinition, TranslationPack } from '../../domain/instrument-schema.ts';
import type { ScoreResult } from '../../domain/score-assessment.ts';
import { ASSESSMENT_ID_SYSTEM, questionnaireUrl, REVISION_EXTENSION, TRANSLATION_PACK_EXTENSION } from './fhir-terms.ts';
import { answerCoding, partLinkId } from './questionnaire.ts';
import { askedItems } from '../../domain/assessment-progress.ts';
import { administeredText, packByHash } from '../../domain/instrument-lookup.ts';
import { clinicianLabels } from '../../domain/catalogue-lookup.ts';
import type { Actor } from '../../domain/clinician.ts';
import { practitionerReference } from './practitioner.ts';

/** One instrument as administered, in the words the FHIR mappers need. */
export type Administration = {
  readonly instrument: Instrument;
  /** Business identifier, stable across retries: `<assessment id>/<instrument id>` in the app, the row id in the CLI. */
  readonly identifier: string;
  /**
   * Whether the administration was finished (the assessment completed, a research row read from a file) rather
   * than a draft still being answered. The response's status follows from it and the answers (`responseStatus`).
   */
  readonly finished: boolean;
  readonly authored: string;
  /**
   * The text the items were given in, as the assessment recorded it (language, pack version and SHA-256, reading);
   * null where nothing is known of it (the CLI's rows from a file): the response then quotes the English text and
   * claims no language.
   */
  readonly given: AdministeredText | null;
  /** The patient's language (the assessment's): what a clinician-read text was interpreted into; null if unknown. */
  readonly patientLanguage: string | null;
  /** Semantic answer codes by item id. */
  readonly answers: Readonly<Record<string, string>>;
  /** The parts left out as not applicable (instrument.json `parts`); absent: every part asked. */
  readonly notAsked?: readonly string[];
  readonly result: ScoreResult;
  /** The patient, when known (the CLI's research rows have none). */
  readonly subject: Reference | null;
  /** `patient`: self-report on the tablet; `clinician`: keyed in by a clinician (interview or informant). */
  readonly mode: 'patient' | 'clinician';
  readonly informantRelation: string | null;
  readonly appVersion: string;
  /**
   * Who did what on the tablet (see `Attribution`): the clinician who keyed this instrument in is its `author`;
   * who started the visit and who corrected it are Provenance agents. Absent: recorded before clinicians were named.
   */
  readonly clinicians?: { readonly startedBy?: Actor | undefined; readonly enteredBy?: Actor | undefined; readonly correctedBy?: Actor | undefined } | undefined;
  /**
   * On a corrected version of a visit (see `AssessmentRevision`): which version, why, and whether this
   * instrument's answers changed. Absent or null: the visit's first version.
   */
  readonly revision?: (Pick<AssessmentRevision, 'number' | 'kind' | 'reason' | 'note' | 'at' | 'by'> & { readonly changed: boolean }) | null;
};

/**
 * The status a corrected version gives a resource, or null for a first version: `entered-in-error` for a voided
 * visit; `amended` where this instrument's answers were corrected; an instrument left as it was keeps its status.
 */
export function revisedStatus(a: Pick<Administration, 'revision'>): 'amended' | 'entered-in-error' | null {
  if (!a.revision) return null;
  if (a.revision.kind === 'entered-in-error') return 'entered-in-error';
  return a.revision.changed ? 'amended' : null;
}

/** The revision extension (`REVISION_EXTENSION`) of a corrected version's response. */
function revisionExtension(revision: NonNullable<Administration['revision']>): Extension {
  return {
    url: REVISION_EXTENSION,
    extension: [
      { url: 'number', valueInteger: revision.number },
      { url: 'reason', valueCode: revision.reason },
      ...(revision.note ? [{ url: 'note', valueString: revision.note }] : []),
    ],
  };
}

/** The words the items are quoted in: the pack recorded (by hash, else language), English when nothing is known. */
export function administrationText(a: Pick<Administration, 'instrument' | 'given'>): TranslationPack {
  return administeredText(a.instrument, a.given ?? { language: 'en' });
}

/**
 * The translation-pack extension (`TRANSLATION_PACK_EXTENSION`) of a response whose text is known: what the
 * record says, and only that (no hash that was not recorded; the origin only of a pack still on this tablet).
 */
function translationPackExtension(a: Administration, given: AdministeredText): Extension {
  const pack = given.packHash ? packByHash(a.instrument, given.packHash) : undefined;
  return {
    url: TRANSLATION_PACK_EXTENSION,
    extension: [
      { url: 'language', valueCode: given.language },
      { url: 'version', valueString: given.version },
      ...(given.packHash ? [{ url: 'sha256', valueString: given.packHash }] : []),
      ...(pack ? [{ url: 'origin', valueCode: pack.origin }] : []),
      { url: 'reading', valueCode: given.reading },
      ...(given.reading === 'clinician-read' && a.patientLanguage ? [{ url: 'interpretedInto', valueCode: a.patientLanguage }] : []),
    ],
  };
}

/** The `QuestionnaireResponse.status` codes the project writes (https://hl7.org/fhir/R4/valueset-questionnaire-answers-status.html). */
export type ResponseStatus = 'completed' | 'stopped' | 'in-progress';

/**
 * The one rule for a response's status, for the app and the CLI alike. A draft is `in-progress`. A finished
 * administration is `completed` ("filled out with answers … regarded as definitive") only when every required
 * item has an answer that is one of its options; with a required item unanswered it is `stopped` ("partially
 * filled out with answers but … abandoned"), whatever the engine could still score by prorating. A restored or
 * older record whose required items are empty is therefore never exported as `completed`.
 */
export function responseStatus(def: InstrumentDefinition, answers: Readonly<Record<string, string>>, finished: boolean, notAsked: readonly string[] = []): ResponseStatus {
  if (!finished) return 'in-progress';
  const unanswered = askedItems(def, notAsked).some((item) => {
    const code = answers[item.id];
    return item.required && (code === undefined || !def.optionSets[item.optionSet]?.options.includes(code));
  });
  return unanswered ? 'stopped' : 'completed';
}

/**
 * An administration as a QuestionnaireResponse: `questionnaire` as `url|version`, whether each part that may be left
 * out was asked (`asked-<part>`, a boolean), coded answers in form order with
 * each item's `text` as it was shown, the engine's validated scores as read-only `score-*` items, a business
 * identifier, author and source; where the text given is known, `language` (BCP-47, the text's:
 * https://hl7.org/fhir/R4/resource.html#language) and the translation-pack extension.
 */
export function toQuestionnaireResponse(a: Administration): QuestionnaireResponse {
  const def = a.instrument.definition;
  const locale = administrationText(a);
  const labels = clinicianLabels(a.instrument, locale.language);
  const notAsked = a.notAsked ?? [];
  const gates: QuestionnaireResponseItem[] = (def.parts ?? []).map((part) => ({
    linkId: partLinkId(part.id),
    text: labels.parts?.[part.id] ?? part.id,
    answer: [{ valueBoolean: !notAsked.includes(part.id) }],
  }));
  const answered: QuestionnaireResponseItem[] = def.items.flatMap((item) => {
    const code = a.answers[item.id];
    return code === undefined ? [] : [{ linkId: item.id, text: locale.items[item.id], answer: [{ valueCoding: answerCoding(a.instrument, item.id, code, locale) }] }];
  });
  const scores: QuestionnaireResponseItem[] = def.scores.flatMap((s) => {
    const value = a.result.scores[s.key];
    return s.descriptive || value === null || value === undefined ? [] : [{ linkId: `score-${s.key}`, text: labels.scores[s.key], answer: [{ valueDecimal: value }] }];
  });
  const app = `Motivation Profile ${a.appVersion}`;
  const keyedBy = a.clinicians?.enteredBy ?? a.clinicians?.startedBy;
  const author: Reference =
    a.mode === 'patient' ? { type: 'Device', display: `${app} (self-report on the tablet)` }
    : keyedBy ? practitionerReference(keyedBy)
    : { type: 'Practitioner', display: 'Clinician at the clinic (keyed in)' };
  const source: Reference | undefined =
    a.informantRelation !== null ? { type: 'RelatedPerson', display: `Informant: ${a.informantRelation}` } : a.mode === 'patient' ? (a.subject ?? undefined) : author;
  return {
    resourceType: 'QuestionnaireResponse',
    ...(a.given ? { language: a.given.language } : {}),
    ...(a.given || a.revision
      ? { extension: [...(a.given ? [translationPackExtension(a, a.given)] : []), ...(a.revision ? [revisionExtension(a.revision)] : [])] }
      : {}),
    identifier: { system: ASSESSMENT_ID_SYSTEM, value: a.identifier },
    questionnaire: `${questionnaireUrl(def.id)}|${def.version}`,
    status: revisedStatus(a) ?? responseStatus(def, a.answers, a.finished, notAsked),
    ...(a.subject ? { subject: a.subject } : {}),
    authored: a.authored,
    author,
    ...(source ? { source } : {}),
    item: [...gates, ...answered, ...scores],
  };
}
