import type { QuestionnaireResponse, QuestionnaireResponseItem, Reference } from 'fhir/r4';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import type { ScoreResult } from '../../domain/score-assessment.ts';
import { ASSESSMENT_ID_SYSTEM, questionnaireUrl } from './fhir-terms.ts';
import { answerCoding } from './questionnaire.ts';
import { instrumentText } from '../../domain/instrument-lookup.ts';

/** One instrument as administered, in the words the FHIR mappers need. */
export type Administration = {
  readonly instrument: Instrument;
  /** Business identifier, stable across retries: `<assessment id>/<instrument id>` in the app, the row id in the CLI. */
  readonly identifier: string;
  readonly status: 'completed' | 'in-progress';
  readonly authored: string;
  readonly language: string;
  /** Semantic answer codes by item id. */
  readonly answers: Readonly<Record<string, string>>;
  readonly result: ScoreResult;
  /** The patient, when known (the CLI's research rows have none). */
  readonly subject: Reference | null;
  /** `patient`: self-report on the tablet; `clinician`: keyed in by a clinician (interview or informant). */
  readonly mode: 'patient' | 'clinician';
  readonly informantRelation: string | null;
  readonly appVersion: string;
};

/**
 * An administration as a QuestionnaireResponse: `questionnaire` as `url|version`, coded answers in form order,
 * the engine's validated scores as read-only `score-*` items, a business identifier, author and source.
 */
export function toQuestionnaireResponse(a: Administration): QuestionnaireResponse {
  const def = a.instrument.definition;
  const locale = instrumentText(a.instrument, a.language);
  const answered: QuestionnaireResponseItem[] = def.items.flatMap((item) => {
    const code = a.answers[item.id];
    return code === undefined ? [] : [{ linkId: item.id, text: locale.items[item.id], answer: [{ valueCoding: answerCoding(a.instrument, item.id, code, a.language) }] }];
  });
  const scores: QuestionnaireResponseItem[] = def.scores.flatMap((s) => {
    const value = a.result.scores[s.key];
    return s.descriptive || value === null || value === undefined ? [] : [{ linkId: `score-${s.key}`, text: locale.scores[s.key], answer: [{ valueDecimal: value }] }];
  });
  const app = `Motivation Profile ${a.appVersion}`;
  const author: Reference = a.mode === 'patient' ? { type: 'Device', display: `${app} (self-report on the tablet)` } : { type: 'Practitioner', display: 'Clinician at the clinic (keyed in)' };
  const source: Reference | undefined =
    a.informantRelation !== null ? { type: 'RelatedPerson', display: `Informant: ${a.informantRelation}` } : a.mode === 'patient' ? (a.subject ?? undefined) : author;
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: { system: ASSESSMENT_ID_SYSTEM, value: a.identifier },
    questionnaire: `${questionnaireUrl(def.id)}|${def.version}`,
    status: a.status,
    ...(a.subject ? { subject: a.subject } : {}),
    authored: a.authored,
    author,
    ...(source ? { source } : {}),
    item: [...answered, ...scores],
  };
}
