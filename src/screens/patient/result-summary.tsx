import type { Assessment } from '../../domain/assessment.ts';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

/** The scores of a completed assessment: each instrument's scores with range, band and flags. */
export function ResultSummary({ assessment, catalogue }: { readonly assessment: Assessment; readonly catalogue: Catalogue }) {
  const t = useTranslate();
  return (
    <div className="result-grid">
      {assessment.instruments.map(({ id }) => {
        const instrument = catalogue.instruments.find((i) => i.definition.id === id);
        const result = assessment.results?.[id];
        if (!instrument || !result) return null;
        const { definition: def } = instrument;
        const locale = instrument.locales.en;
        const quality = assessment.qualityFlags[id] ?? [];
        return (
          <section key={id} className="result" aria-label={def.shortTitle}>
            <h4>{def.shortTitle}</h4>
            <p className="muted">{t(`result.status.${result.status}`)}</p>
            <ul className="plain-list">
              {def.scores.map((score) => {
                const value = result.scores[score.key];
                const band = def.bands.find((b) => b.score === score.key);
                const bandCode = result.bands[score.key];
                return (
                  <li key={score.key}>
                    {locale?.scores[score.key] ?? score.key}:{' '}
                    <strong>{value === null || value === undefined ? t('result.notScored') : t.formatNumber(value)}</strong>
                    {result.details[score.key]?.prorated && <span className="muted"> ({t('result.prorated')})</span>}
                    {band && bandCode && <span> — {locale?.bands[score.key]?.[bandCode]}</span>}
                  </li>
                );
              })}
            </ul>
            {result.flags.map((flag) => (
              <p key={flag} className="notice notice-error">
                {locale?.flags[flag] ?? flag}
              </p>
            ))}
            {quality.map((q) => (
              <p key={q.code} className="notice notice-warning">
                {q.code === 'straightLining' ? t('quality.straightLining') : t('quality.tooFast', { count: q.items.length })}
              </p>
            ))}
          </section>
        );
      })}
    </div>
  );
}
