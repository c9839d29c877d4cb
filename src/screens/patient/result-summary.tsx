import { askedItems, givenText, type AdministeredText, type Assessment } from '../../domain/assessment.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { administeredText } from '../../domain/instrument-lookup.ts';
import { clinicianLabels, findInstrument, normPopulation } from '../../domain/catalogue-lookup.ts';
import { normKey, type Norm } from '../../domain/norm-schema.ts';
import { toZ } from '../../domain/profile.ts';
import { statedReasonOf, type ScoreResult } from '../../domain/score-assessment.ts';
import { notScoredText } from '../../export/text/not-scored-text.ts';
import { describeGivenText } from '../../export/text/given-text.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { languageNameIn, nativeLanguageName } from '../../i18n/language-names.ts';
import type { Translate } from '../../i18n/translate.ts';
import { useServices } from '../services-context.tsx';
import { ScoreReferences } from './score-references.tsx';
import { useMatchingNorms } from './use-record-translate.ts';

/** The scores of a completed assessment: a ten-second summary, then each instrument in full with its sources. */
export function ResultSummary({ assessment }: { readonly assessment: Assessment }) {
  const t = useTranslate();
  const { catalogue } = useServices();
  // The reference groups the clinic chose as matching its patients (Settings); until read, no norm is shown.
  const matching = useMatchingNorms();
  const shown = assessment.instruments.flatMap(({ id }) => {
    const instrument = findInstrument(catalogue, id);
    const result = assessment.results?.[id];
    return instrument && result ? [{ instrument, result }] : [];
  });
  return (
    <div>
      <p className="summary">
        <strong>{t('results.summaryHeading')}</strong> {shown.map(({ instrument, result }) => briefLine(t, instrument, result)).join(' · ')}
      </p>
      <div className="result-grid">
        {shown.map(({ instrument, result }) => (
          <InstrumentResult
            key={instrument.definition.id}
            instrument={instrument}
            result={result}
            quality={assessment.qualityFlags[instrument.definition.id] ?? []}
            given={givenText(assessment, instrument.definition.id)}
            spoken={assessment.language}
            matching={matching}
          />
        ))}
      </div>
    </div>
  );
}

/**
 * One instrument in one line: its total with range and band, or, for an instrument without a total (DASS-21's three
 * scales, IPIP's two traits), each validated score by name.
 */
export function briefLine(t: Translate, instrument: Instrument, result: ScoreResult): string {
  const def = instrument.definition;
  const locale = clinicianLabels(instrument, t.language);
  const total = def.scores.find((s) => s.key === 'total');
  const shown = total ? [total] : def.scores.filter((s) => !s.descriptive);
  const parts = shown.map((score) => {
    const value = result.scores[score.key];
    const bandCode = result.bands[score.key];
    const band = bandCode ? locale.bands[score.key]?.[bandCode] : null;
    const number = value === null || value === undefined ? notScoredText(t, result.details[score.key]) : total ? `${t.formatNumber(value)}${t('text.parenthetical', { text: `${score.range.min}–${score.range.max}` })}` : t.formatNumber(value);
    const named = total ? number : t('text.labelled', { label: locale.scores[score.key] ?? score.key, text: number });
    return band ? t('text.pair', { first: named, second: band }) : named;
  });
  const flags = result.flags.length > 0 ? ` ⚠ ${t('results.flagged', { count: result.flags.length })}` : '';
  return `${def.shortTitle} ${parts.reduce((first, second) => t('text.clauses', { first, second }))}${flags}`;
}

type ResultProps = {
  readonly instrument: Instrument;
  readonly result: ScoreResult;
  readonly quality: Assessment['qualityFlags'][string];
  /** The text the items were given in: the answers are quoted as the respondent read them (or heard them read). */
  readonly given: AdministeredText;
  /** The patient's language (the assessment's): what a clinician-read text was interpreted into. */
  readonly spoken: string;
  /** Norm keys (`normKey`) the clinic chose as matching its patients; null until read (no norm is shown yet). */
  readonly matching: ReadonlySet<string> | null;
};

function InstrumentResult({ instrument, result, quality, given, spoken, matching }: ResultProps) {
  const t = useTranslate();
  const { definition: def } = instrument;
  const locale = clinicianLabels(instrument, t.language);
  const text = administeredText(instrument, given);
  const sourceOf = (id: string) => def.sources.find((s) => s.id === id)?.citation ?? id;
  return (
    <section className="result" aria-label={def.shortTitle}>
      <h4>{def.shortTitle}</h4>
      <p className="muted">{t(`result.status.${result.status}`)}</p>
      <p className="muted">{describeGivenText(t, instrument, given, spoken, nativeLanguageName)}</p>
      {result.missing.length > 0 && <p className="muted">{t('results.missing', { items: result.missing.map((id) => def.items.find((i) => i.id === id)?.number ?? id).join(t('text.listSeparator')) })}</p>}
      <ul className="plain-list">
        {def.scores.map((score) => {
          const value = result.scores[score.key];
          const problem = statedReasonOf(result.details[score.key]?.reason);
          const bandSet = def.bands.find((b) => b.score === score.key);
          const bandCode = result.bands[score.key];
          const all = instrument.norms.filter((n) => n.score === score.key);
          const norms = matching ? all.filter((n) => matching.has(normKey(n))) : [];
          const others = matching ? all.filter((n) => !matching.has(normKey(n))) : [];
          const zAgainst = (norm: Norm, v: number) =>
            t('results.vsNorm', {
              z: t.formatNumber(Math.round(toZ(v, norm) * 10) / 10),
              population: normPopulation(instrument, norm, t.language),
              n: norm.n ?? t('results.nUnknown'),
              citation: norm.source.citation,
            });
          return (
            <li key={score.key}>
              {locale.scores[score.key] ?? score.key}
              {t('text.colon')}
              <strong>{value === null || value === undefined ? t('result.notScored') : t.formatNumber(value)}</strong>
              {problem && <span className="muted">{t('text.parenthetical', { text: t(`result.reason.${problem}`) })}</span>}
              {result.details[score.key]?.prorated && <span className="muted">{t('text.parenthetical', { text: t('result.prorated') })}</span>}
              <span className="muted"> — {t(`direction.${score.higherMeans}`)}</span>
              {score.descriptive && <em>{t('text.parenthetical', { text: t('instrument.descriptive') })}</em>}
              {bandSet && bandCode && (
                <>
                  <br />
                  <strong>{locale.bands[score.key]?.[bandCode]}</strong>
                  <span className="citation"> {t('results.bandSource', { source: sourceOf(bandSet.source) })}</span>
                </>
              )}
              {matching && !bandSet && norms.length === 0 && value !== null && value !== undefined && (
                // No sourced cut-off or norm for this score: say so rather than leave the number bare.
                <span className="citation">
                  <br />
                  {t('instrument.noReferenceData')}
                </span>
              )}
              {value !== null &&
                value !== undefined &&
                norms.map((norm) => (
                  <span key={norm.id} className="citation">
                    <br />
                    {zAgainst(norm, value)}
                  </span>
                ))}
              {value !== null && value !== undefined && others.length > 0 && (
                // Another population's numbers, folded and said to be so: a z against them would look like it applies.
                <details className="other-population">
                  <summary>{t('results.otherPopulation')}</summary>
                  {others.map((norm) => (
                    <p key={norm.id} className="citation">
                      {t('results.otherPopulationWhy', { language: languageNameIn(t, norm.language) })} {zAgainst(norm, value)}
                    </p>
                  ))}
                </details>
              )}
              <ScoreReferences instrument={instrument} score={score.key} value={value} />
            </li>
          );
        })}
      </ul>
      {result.flags.map((flag) => (
        <p key={flag} className="notice notice-error">
          {locale.flags[flag] ?? flag}
        </p>
      ))}
      {quality.map((q) => (
        <p key={q.code} className="notice notice-warning">
          {q.code === 'straightLining' ? t('quality.straightLining') : t('quality.tooFast', { count: q.items.length })}
        </p>
      ))}
      <details>
        <summary>{t('results.itemsHeading')}</summary>
        <ol className="answer-list" lang={text.language}>
          {askedItems(def, result.provenance.notAsked ?? []).map((item) => {
            const code = result.provenance.answers[item.id];
            return (
              <li key={item.id} value={item.number}>
                {text.items[item.id]} — <strong>{code ? (text.optionSets[item.optionSet]?.[code] ?? code) : '—'}</strong>
              </li>
            );
          })}
        </ol>
      </details>
    </section>
  );
}
