import { askedItems, givenPack, givenText, notAskedOf, respondentOf, type Assessment } from '../../domain/assessment.ts';
import { findInstrument } from '../../domain/catalogue-lookup.ts';
import { scoreAssessment } from '../../domain/score-assessment.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { useServices } from '../services-context.tsx';
import { briefLine } from './result-summary.tsx';

/**
 * What a draft holds so far, for staff (e.g. after the idle lock left one at the last item): each questionnaire's
 * answers as the patient read them and its provisional scores, marked as not yet finished.
 */
export function DraftDetails({ assessment }: { readonly assessment: Assessment }) {
  const t = useTranslate();
  const { catalogue } = useServices();
  const shown = assessment.instruments.flatMap(({ id }) => findInstrument(catalogue, id) ?? []);
  return (
    <details className="draft-details">
      <summary>{t('drafts.answers')}</summary>
      <p>
        <strong>{t('drafts.provisional')}</strong>{' '}
        {shown
          .map((instrument) => {
            const codes = Object.fromEntries(Object.entries(assessment.answers[instrument.definition.id] ?? {}).map(([id, a]) => [id, a.code]));
            const { id } = instrument.definition;
            return briefLine(t, instrument, scoreAssessment(instrument.definition, codes, givenText(assessment, id).language, respondentOf(assessment, assessment.updatedAt), notAskedOf(assessment, id)));
          })
          .join(' · ')}
      </p>
      {shown.map((instrument) => {
        const pack = givenPack(assessment, instrument);
        const answers = assessment.answers[instrument.definition.id] ?? {};
        return (
          <div key={instrument.definition.id}>
            <h4>{instrument.definition.shortTitle}</h4>
            <ol className="draft-answers" lang={pack.language}>
              {askedItems(instrument.definition, notAskedOf(assessment, instrument.definition.id)).map((item) => {
                const answer = answers[item.id];
                return (
                  <li key={item.id} value={item.number}>
                    {answer ? (pack.optionSets[item.optionSet]?.[answer.code] ?? answer.code) : <span className="muted">{t('drafts.unanswered')}</span>}
                  </li>
                );
              })}
            </ol>
          </div>
        );
      })}
    </details>
  );
}
