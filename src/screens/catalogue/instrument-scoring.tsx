import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { clinicianLabels } from '../../domain/catalogue-lookup.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { thresholdWithAccuracy } from '../score-reference-text.ts';

/**
 * Each score with its range, direction and missing-data rule; bands with their source, or "no reference data"; the
 * reference lines from validations of translated versions, with their full citations, apart from the bands.
 */
export function InstrumentScoring({ instrument }: { readonly instrument: Instrument }) {
  const t = useTranslate();
  const { definition: def } = instrument;
  const locale = clinicianLabels(instrument, t.language);
  const sourceOf = (id: string) => def.sources.find((s) => s.id === id)?.citation ?? id;
  return (
    <div>
      <ul className="plain-list">
        {def.scores.map((score) => (
          <li key={score.key}>
            <strong>{locale.scores[score.key] ?? score.key}</strong>
            <br />
            {t('text.clauses', { first: t('instrument.range', { min: score.range.min, max: score.range.max }), second: t(`direction.${score.higherMeans}`) })}
            {score.descriptive && <em> — {t('instrument.descriptive')}</em>}
            {score.lookup && (
              <>
                <br />
                {t('instrument.lookup', {
                  groups: score.lookup.ageGroups.map((g) => (g.maxAge === undefined ? `${String(g.minAge)}+` : `${String(g.minAge)}–${String(g.maxAge)}`)).join(t('text.listSeparator')),
                  source: sourceOf(score.source),
                })}
              </>
            )}
            <br />
            <span className="muted">
              {score.missing?.rule === 'prorate'
                ? t('instrument.missingRule.prorate', { count: score.missing.maxMissing })
                : t('instrument.missingRule.complete')}
            </span>
          </li>
        ))}
      </ul>
      <h4>{t('instrument.bands')}</h4>
      {def.bands.length === 0 && <p>{t('instrument.noReferenceData')}</p>}
      {def.bands.map((set) => (
        <div key={set.score}>
          <ul className="plain-list">
            {set.bands.map((band) => (
              <li key={band.code}>
                {locale.bands[set.score]?.[band.code] ?? band.code}
              </li>
            ))}
          </ul>
          <p className="citation">
            {t('instrument.source', { source: sourceOf(set.source) })}
          </p>
        </div>
      ))}
      {def.references && def.references.length > 0 && (
        <>
          <h4>{t('instrument.referencesHeading')}</h4>
          <ul className="plain-list">
            {def.references.map((reference) => (
              <li key={reference.id}>
                {thresholdWithAccuracy(t, instrument, reference)}
                <br />
                <span className="citation">{t('instrument.source', { source: sourceOf(reference.source) })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {def.flags.length > 0 && (
        <>
          <h4>{t('instrument.flagsHeading')}</h4>
          <ul className="plain-list">
            {def.flags.map((flag) => (
              <li key={flag.code}>{locale.flags[flag.code] ?? flag.code}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
