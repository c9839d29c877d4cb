import { lazy, Suspense } from 'react';
import type { InstrumentDefinition } from '../../domain/instrument-schema.ts';
import type { Norm } from '../../domain/norm-schema.ts';
import type { AxisValue, ProfilePoint, ReliableChange } from '../../domain/profile.ts';
import type { TrendRow } from '../../domain/trend.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { ReportSources } from './report-sources.ts';

const ProfileChart = lazy(() => import('../../ui/charts/profile-chart.tsx').then((m) => ({ default: m.ProfileChart })));

export type ReportChange = { readonly instrumentId: string; readonly change: ReliableChange; readonly norm: Norm | null };

type Props = {
  readonly points: readonly ProfilePoint[];
  readonly rows: readonly TrendRow[];
  readonly definitions: readonly InstrumentDefinition[];
  readonly changes: readonly ReportChange[];
  /** Which scales feed each axis at the latest visit, in the reader's words. */
  readonly fedBy: { readonly anhedonia: string; readonly apathy: string };
  readonly populationOf: (norm: Norm) => string;
  readonly sources: ReportSources;
};

/**
 * The report's profile: a small anhedonia–apathy chart beside the reading of it, then one table of every scale's
 * total and both axes by visit (the chart's text alternative and the trend at once), then reliable change.
 */
export function ReportProfile({ points, rows, definitions, changes, fedBy, populationOf, sources }: Props) {
  const t = useTranslate();
  const latest = points.at(-1);
  const previous = points.at(-2);
  if (!latest) return <p>{t('profile.none')}</p>;
  const fmt = (axis: AxisValue | undefined) => (axis?.value == null ? '—' : t.formatNumber(Math.round(axis.value)));
  const signed = (a: AxisValue, b: AxisValue) => (a.value === null || b.value === null ? '—' : `${a.value - b.value > 0 ? '+' : ''}${t.formatNumber(Math.round(a.value - b.value))}`);
  const present = definitions.filter((d) => rows.some((r) => r.cells[d.id]?.raw != null));
  const name = (id: string) => definitions.find((d) => d.id === id)?.shortTitle ?? id;
  const computed = changes.flatMap((c) => (c.change.kind === 'computed' ? [{ ...c, change: c.change }] : []));
  const notComputable = changes.filter((c) => c.change.kind === 'not-computable');
  const plotted = points.flatMap((p, i) => (p.anhedonia.value !== null && p.apathy.value !== null ? [{ x: p.anhedonia.value, y: p.apathy.value, label: String(i + 1), latest: i === points.length - 1 }] : []));
  return (
    <section className="report-profile" aria-labelledby="profile-heading">
      <h3 id="profile-heading">{t('profile.heading')}</h3>
      <div className="report-profile-grid">
        {plotted.length > 0 && (
          <figure className="chart report-chart">
            <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
              <ProfileChart compact points={plotted} xMetric="pomp" yMetric="pomp" xLabel={t('profile.xLabel')} yLabel={t('profile.yLabel')} referenceLabel={t('profile.midpoint')} title={t('profile.chartTitle')} />
            </Suspense>
          </figure>
        )}
        <div>
          <p className="lead">
            {t('profile.latest', { date: t.formatDay(latest.date), anhedonia: fmt(latest.anhedonia), apathy: fmt(latest.apathy), metric: t(`profile.metric.${latest.anhedonia.metric}`) })}{' '}
            {latest.region ? t(`profile.region.${latest.region}`) : t('profile.notPlotted')}
          </p>
          {previous && <p>{t('profile.change', { date: t.formatDay(previous.date), anhedonia: signed(latest.anhedonia, previous.anhedonia), apathy: signed(latest.apathy, previous.apathy) })}</p>}
          <p className="muted">
            {t('profile.fedBy', { axis: t('profile.axisAnhedonia'), instruments: fedBy.anhedonia })} · {t('profile.fedBy', { axis: t('profile.axisApathy'), instruments: fedBy.apathy })}
          </p>
          <p className="muted">
            {t('profile.regionCaveat')} {t('profile.noReferenceData')}
          </p>
          <table className="data-table report-trend">
            <caption>{t('report.trendCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('profile.visit')}</th>
                <th scope="col">{t('profile.date')}</th>
                {present.map((d) => (
                  <th key={d.id} scope="col">
                    {d.shortTitle}
                  </th>
                ))}
                <th scope="col">{t('report.anhedoniaPomp')}</th>
                <th scope="col">{t('report.apathyPomp')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const point = points.find((p) => p.date === r.date);
                return (
                  <tr key={r.date}>
                    <td>{i + 1}</td>
                    <td>{t.formatDay(r.date)}</td>
                    {present.map((d) => (
                      <td key={d.id}>{r.cells[d.id]?.raw != null ? t.formatNumber(r.cells[d.id]?.raw ?? 0) : '—'}</td>
                    ))}
                    <td>{fmt(point?.anhedonia)}</td>
                    <td>{fmt(point?.apathy)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
      <p className="report-rci">
        <strong>{t('rci.heading')}</strong>
        {t('text.colon')}
        {changes.length === 0 && t('rci.needTwo')}
        {computed.map(({ instrumentId, change, norm }) => (
          <span key={instrumentId}>
            {' '}
            {t(`rci.${change.direction === 'none' ? 'none' : change.direction}`, {
              scale: name(instrumentId),
              rci: t.formatNumber(Math.round(change.rci * 100) / 100),
              population: norm ? populationOf(norm) : '',
            })}
            {norm && <sup className="note-ref">{sources.numberOf(norm.source.citation)}</sup>}
          </span>
        ))}
        {notComputable.length > 0 && ` ${t('rci.notComputable', { scale: notComputable.map(({ instrumentId }) => name(instrumentId)).join(t('text.listSeparator')) })}`}
      </p>
    </section>
  );
}
