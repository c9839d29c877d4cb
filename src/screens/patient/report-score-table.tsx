import type { Assessment } from '../../domain/assessment.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { clinicianLabels, normPopulation } from '../../domain/instrument-lookup.ts';
import { toZ } from '../../domain/profile.ts';
import type { ScoreResult } from '../../domain/score-assessment.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { scoreReferenceText } from '../score-reference-text.ts';
import type { ReportSources } from './report-sources.ts';

export type ShownResult = { readonly instrument: Instrument; readonly result: ScoreResult };

/** The sources a score table cites, in the order it cites them: each band's cut-off source, then each norm. */
export function citedByScores(shown: readonly ShownResult[]): string[] {
  return shown.flatMap(({ instrument, result }) =>
    instrument.definition.scores.flatMap((score) => {
      const bandSet = instrument.definition.bands.find((b) => b.score === score.key);
      const band = bandSet && result.bands[score.key] ? [instrument.definition.sources.find((s) => s.id === bandSet.source)?.citation ?? bandSet.source] : [];
      const value = result.scores[score.key];
      const norms = value === null || value === undefined ? [] : instrument.norms.filter((n) => n.score === score.key).map((n) => n.source.citation);
      return [...band, ...norms];
    }),
  );
}

/**
 * The report's score table: one row per instrument with its total, range, direction and band (the band's source a
 * footnote number), the other scores run together in the last column, then any z against a sourced norm and the
 * screening thresholds. Retest coefficients and the answers themselves stay on the patient page.
 */
export function ReportScoreTable({ shown, assessment, sources }: { readonly shown: readonly ShownResult[]; readonly assessment: Assessment; readonly sources: ReportSources }) {
  const t = useTranslate();
  return (
    <table className="data-table report-scores">
      <caption>{t('report.scoresCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report.instrument')}</th>
          <th scope="col">{t('report.score')}</th>
          <th scope="col">{t('report.range')}</th>
          <th scope="col">{t('report.band')}</th>
          <th scope="col">{t('report.otherScores')}</th>
        </tr>
      </thead>
      <tbody>
        {shown.map(({ instrument, result }) => (
          <ScoreRow key={instrument.definition.id} instrument={instrument} result={result} quality={assessment.qualityFlags[instrument.definition.id] ?? []} sources={sources} />
        ))}
      </tbody>
    </table>
  );
}

type RowProps = ShownResult & { readonly quality: Assessment['qualityFlags'][string]; readonly sources: ReportSources };

function ScoreRow({ instrument, result, quality, sources }: RowProps) {
  const t = useTranslate();
  const def = instrument.definition;
  const locale = clinicianLabels(instrument, t.language);
  const total = def.scores.find((s) => s.key === 'total') ?? def.scores[0];
  if (!total) return null;
  const value = (key: string) => {
    const v = result.scores[key];
    return v === null || v === undefined ? t('result.notScored') : t.formatNumber(v);
  };
  const prorated = (key: string) => (result.details[key]?.prorated ? t('text.parenthetical', { text: t('result.prorated') }) : '');
  const band = (key: string) => {
    const bandSet = def.bands.find((b) => b.score === key);
    const code = result.bands[key];
    if (!bandSet || !code) return null;
    const n = sources.numberOf(def.sources.find((s) => s.id === bandSet.source)?.citation ?? bandSet.source);
    return { label: locale.bands[key]?.[code] ?? code, n };
  };
  const totalBand = band(total.key);
  const others = def.scores.filter((s) => s.key !== total.key);
  const totalValue = result.scores[total.key];
  const norms = totalValue === null || totalValue === undefined ? [] : instrument.norms.filter((n) => n.score === total.key);
  const thresholds = (def.references ?? []).filter((r) => r.score === total.key && r.kind === 'screening-threshold');
  const notes = [
    ...(result.status === 'complete' ? [] : [t(`result.status.${result.status}`)]),
    ...(result.missing.length > 0 ? [t('results.missing', { items: result.missing.map((id) => def.items.find((i) => i.id === id)?.number ?? id).join(t('text.listSeparator')) })] : []),
    ...quality.map((q) => (q.code === 'straightLining' ? t('quality.straightLining') : t('quality.tooFast', { count: q.items.length }))),
  ];
  return (
    <tr>
      <th scope="row">
        {def.shortTitle}
        <span className="report-direction">{t(`direction.${total.higherMeans}`)}</span>
      </th>
      <td>
        <strong>{value(total.key)}</strong>
        {prorated(total.key)}
      </td>
      <td>{`${String(total.range.min)}–${String(total.range.max)}`}</td>
      <td>
        {totalBand ? (
          <>
            {totalBand.label}
            <sup className="note-ref">{totalBand.n}</sup>
          </>
        ) : (
          '—'
        )}
        {norms.map((norm) => (
          <span key={norm.id} className="report-note">
            {t('report.vsNorm', { z: t.formatNumber(Math.round(toZ(totalValue ?? 0, norm) * 10) / 10), population: normPopulation(instrument, norm, t.language), n: norm.n ?? t('results.nUnknown') })}
            <sup className="note-ref">{sources.numberOf(norm.source.citation)}</sup>
          </span>
        ))}
        {thresholds.map((reference) => (
          <span key={reference.id} className="report-note">
            {scoreReferenceText(t, instrument, reference, totalValue)}
          </span>
        ))}
        {notes.map((note) => (
          <span key={note} className="report-note report-warning">
            {note}
          </span>
        ))}
      </td>
      <td>
        {others.map((score, i) => {
          const b = band(score.key);
          return (
            <span key={score.key}>
              {i > 0 && ' · '}
              {t('text.labelled', { label: (locale.scores[score.key] ?? score.key).replace(/\s*\(.*\)$/, ''), text: value(score.key) })}
              {prorated(score.key)}
              {score.descriptive && '*'}
              {b && (
                <>
                  {t('text.parenthetical', { text: b.label })}
                  <sup className="note-ref">{b.n}</sup>
                </>
              )}
            </span>
          );
        })}
        {others.length === 0 && '—'}
      </td>
    </tr>
  );
}
