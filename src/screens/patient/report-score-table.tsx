import type { Assessment } from '../../domain/assessment.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { clinicianLabels, normPopulation } from '../../domain/catalogue-lookup.ts';
import { normKey } from '../../domain/norm-schema.ts';
import { toZ } from '../../domain/profile.ts';
import type { ScoreResult } from '../../domain/score-assessment.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { scoreReferenceText } from '../score-reference-text.ts';
import { notScoredText } from '../../export/text/not-scored-text.ts';
import type { ReportSources } from './report-sources.ts';

export type ShownResult = { readonly instrument: Instrument; readonly result: ScoreResult };

/** The norms of `instrument`'s score `key` that the clinic chose as matching its patients (others are not printed). */
const matchingNormsOf = (instrument: Instrument, key: string, matching: ReadonlySet<string>) => instrument.norms.filter((n) => n.score === key && matching.has(normKey(n)));

/** The sources a score table cites, in the order it cites them: each band's cut-off source, then each norm. */
export function citedByScores(shown: readonly ShownResult[], matching: ReadonlySet<string>): string[] {
  return shown.flatMap(({ instrument, result }) =>
    instrument.definition.scores.flatMap((score) => {
      const bandSet = instrument.definition.bands.find((b) => b.score === score.key);
      const band = bandSet && result.bands[score.key] ? [instrument.definition.sources.find((s) => s.id === bandSet.source)?.citation ?? bandSet.source] : [];
      const value = result.scores[score.key];
      const norms = value === null || value === undefined ? [] : matchingNormsOf(instrument, score.key, matching).map((n) => n.source.citation);
      return [...band, ...norms];
    }),
  );
}

/**
 * The report's score table: one row per instrument with its total, range, direction and band (the band's source a
 * footnote number), the other scores run together in the last column; under it the remarks (`ScoreNotes`). Retest
 * coefficients and the answers themselves stay on the patient page.
 */
export function ReportScoreTable({ shown, assessment, sources, matching }: { readonly shown: readonly ShownResult[]; readonly assessment: Assessment; readonly sources: ReportSources; readonly matching: ReadonlySet<string> }) {
  const t = useTranslate();
  return (
    <>
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
            <ScoreRow key={instrument.definition.id} instrument={instrument} result={result} sources={sources} />
          ))}
        </tbody>
      </table>
      <ScoreNotes shown={shown} assessment={assessment} sources={sources} matching={matching} />
    </>
  );
}

/**
 * What qualifies the table, one line each under it: z against a sourced norm the clinic chose as matching its
 * patients (Settings; no other population's z is printed) and the Chinese screening thresholds
 * per instrument; scoring status, missing answers and response quality, the same remark for several instruments
 * said once ("SHAPS, TEPS: …").
 */
function ScoreNotes({ shown, assessment, sources, matching }: { readonly shown: readonly ShownResult[]; readonly assessment: Assessment; readonly sources: ReportSources; readonly matching: ReadonlySet<string> }) {
  const t = useTranslate();
  const references = shown.flatMap(({ instrument, result }) => {
    const def = instrument.definition;
    const total = def.scores.find((s) => s.key === 'total') ?? def.scores[0];
    const value = total ? result.scores[total.key] : undefined;
    if (!total || value === null || value === undefined) return [];
    const norms = matchingNormsOf(instrument, total.key, matching);
    const thresholds = (def.references ?? []).filter((r) => r.score === total.key && r.kind === 'screening-threshold');
    if (norms.length === 0 && thresholds.length === 0) return [];
    return [{ instrument, value, norms, thresholds }];
  });
  const remarks = new Map<string, string[]>();
  const remark = (text: string, name: string) => remarks.set(text, [...(remarks.get(text) ?? []), name]);
  const tooFast: string[] = [];
  for (const { instrument, result } of shown) {
    const def = instrument.definition;
    if (result.status !== 'complete') remark(t(`result.status.${result.status}`), def.shortTitle);
    if (result.missing.length > 0) remark(t('results.missing', { items: result.missing.map((id) => def.items.find((i) => i.id === id)?.number ?? id).join(t('text.listSeparator')) }), def.shortTitle);
    for (const q of assessment.qualityFlags[def.id] ?? []) {
      if (q.code === 'straightLining') remark(t('quality.straightLining'), def.shortTitle);
      else tooFast.push(t('text.labelled', { label: def.shortTitle, text: t.formatNumber(q.items.length) }));
    }
  }
  const descriptive = shown.some(({ instrument }) => instrument.definition.scores.some((s) => s.descriptive && s.key !== 'total'));
  if (references.length === 0 && remarks.size === 0 && tooFast.length === 0 && !descriptive) return null;
  return (
    <ul className="plain-list report-notes">
      {references.map(({ instrument, value, norms, thresholds }) => (
        <li key={instrument.definition.id}>
          <strong>{instrument.definition.shortTitle}</strong>
          {t('text.colon')}
          {norms.map((norm, i) => (
            <span key={norm.id}>
              {i > 0 && ' · '}
              {t('report.vsNorm', { z: t.formatNumber(Math.round(toZ(value, norm) * 10) / 10), population: normPopulation(instrument, norm, t.language), n: norm.n ?? t('results.nUnknown') })}
              <sup className="note-ref">{sources.numberOf(norm.source.citation)}</sup>
            </span>
          ))}
          {thresholds.map((reference, i) => (
            <span key={reference.id} className="citation">
              {(i > 0 || norms.length > 0) && ' · '}
              {scoreReferenceText(t, instrument, reference, value)}
            </span>
          ))}
        </li>
      ))}
      {[...remarks].map(([text, names]) => (
        <li key={text} className="report-warning">
          {t('text.labelled', { label: names.join(t('text.listSeparator')), text })}
        </li>
      ))}
      {descriptive && <li>{`† ${t('instrument.descriptive')}`}</li>}
      {tooFast.length > 0 && <li className="report-warning">{t('report.tooFast', { counts: tooFast.join(t('text.listSeparator')) })}</li>}
    </ul>
  );
}

type RowProps = ShownResult & { readonly sources: ReportSources };

function ScoreRow({ instrument, result, sources }: RowProps) {
  const t = useTranslate();
  const def = instrument.definition;
  const locale = clinicianLabels(instrument, t.language);
  const total = def.scores.find((s) => s.key === 'total') ?? def.scores[0];
  if (!total) return null;
  const value = (key: string) => {
    const v = result.scores[key];
    return v === null || v === undefined ? notScoredText(t, result.details[key]) : t.formatNumber(v);
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
  return (
    <tr>
      <th scope="row">
        {def.shortTitle}
        <span className="report-direction">{t(`direction.${total.higherMeans}`)}</span>
      </th>
      <td>
        {/* A main score other than a total (DASS-21's stress, IPIP's neuroticism) is named. */}
        {total.key !== 'total' && t('text.labelled', { label: locale.scores[total.key] ?? total.key, text: '' })}
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
      </td>
      <td>
        {others.map((score, i) => {
          const b = band(score.key);
          return (
            <span key={score.key}>
              {i > 0 && ' · '}
              {t('text.labelled', { label: locale.scores[score.key] ?? score.key, text: value(score.key) })}
              {/* A score that runs the other way from the row's (IPIP's extraversion beside neuroticism) says so. */}
              {score.higherMeans !== total.higherMeans && t('text.parenthetical', { text: t(`direction.${score.higherMeans}`) })}
              {prorated(score.key)}
              {score.descriptive && '†'}
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
