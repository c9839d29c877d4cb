import type { Assessment } from '../../domain/assessment.ts';
import { clinicianLabels, findInstrument, normPopulation } from '../../domain/catalogue-lookup.ts';
import type { Norm } from '../../domain/norm-schema.ts';
import { groupVisits, profileOverVisits, type AxisValue } from '../../domain/profile.ts';
import { reliableChangeOfTotals, trendOfTotals } from '../../domain/trend.ts';
import { changeBetweenVisits } from '../../domain/change-criteria.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { ProfileChart } from '../../ui/charts/profile-chart.tsx';
import { localDay } from './local-day.ts';
import { SubdimensionView } from './subdimension-view.tsx';
import { TrendView } from './trend-view.tsx';
import { useServices } from '../services-context.tsx';

/** The heart of the product: where the patient sits between anhedonia and apathy, and how that moved. */
export function ProfilePanel({ completed }: { readonly completed: readonly Assessment[] }) {
  const t = useTranslate();
  const { catalogue } = useServices();
  const definitions = new Map(catalogue.instruments.map((i) => [i.definition.id, i.definition]));
  // Reliable change needs a norm with a test–retest r; the profile axes use POMP (no axis score has a norm).
  const rciNorms = new Map<string, Norm>(
    catalogue.instruments.flatMap((i) => i.norms.filter((n) => n.testRetest).map((n) => [`${n.instrumentId}/${n.score}`, n] as const)),
  );
  const visits = groupVisits(
    completed.flatMap((a) => (a.results && a.completedAt ? [{ completedAt: a.completedAt, results: a.results }] : [])),
    definitions,
    localDay,
  );
  const points = profileOverVisits(visits, new Map());
  const latest = points.at(-1);
  const previous = points.at(-2);
  const fmt = (axis: AxisValue) => (axis.value === null ? '—' : t.formatNumber(Math.round(axis.value)));
  const names = (axis: AxisValue) =>
    axis.contributions
      .map((c) => `${definitions.get(c.instrumentId)?.shortTitle ?? c.instrumentId}${c.reversed ? t('text.parenthetical', { text: t('profile.reversedNote') }) : ''}${c.prorated ? t('text.parenthetical', { text: t('profile.proratedNote') }) : ''}`)
      .join(t('text.listSeparator')) || '—';
  const plotted = points.flatMap((p, i) => (p.anhedonia.value !== null && p.apathy.value !== null ? [{ x: p.anhedonia.value, y: p.apathy.value, label: String(i + 1), latest: i === points.length - 1 }] : []));
  if (!latest) return <p>{t('profile.none')}</p>;
  const signed = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n > 0 ? '+' : ''}${t.formatNumber(Math.round(n))}`);
  const delta = (a: AxisValue, b: AxisValue | undefined) => (a.value === null || b?.value == null ? null : a.value - b.value);
  return (
    <section className="card profile" aria-labelledby="profile-heading">
      <h3 id="profile-heading">{t('profile.heading')}</h3>
      <div className="summary">
        <p className="lead">
          {t('profile.latest', { date: t.formatDay(latest.date), anhedonia: fmt(latest.anhedonia), apathy: fmt(latest.apathy), metric: t(`profile.metric.${latest.anhedonia.metric}`) })}{' '}
          {latest.region ? t(`profile.region.${latest.region}`) : t('profile.notPlotted')}
        </p>
        {previous && (
          <p>{t('profile.change', { date: t.formatDay(previous.date), anhedonia: signed(delta(latest.anhedonia, previous.anhedonia)), apathy: signed(delta(latest.apathy, previous.apathy)) })}</p>
        )}
        <p className="muted">
          {t('profile.fedBy', { axis: t('profile.axisAnhedonia'), instruments: names(latest.anhedonia) })} ·{' '}
          {t('profile.fedBy', { axis: t('profile.axisApathy'), instruments: names(latest.apathy) })}
        </p>
        <p className="muted">
          {t('profile.regionCaveat')} {t('profile.noReferenceData')}
        </p>
      </div>
      {plotted.length > 0 && (
        <figure className="chart">
          <ProfileChart points={plotted} xMetric="pomp" yMetric="pomp" xLabel={t('profile.xLabel')} yLabel={t('profile.yLabel')} referenceLabel={t('profile.midpoint')} title={t('profile.chartTitle')} />
          <figcaption>{t('profile.chartTitle')}</figcaption>
        </figure>
      )}
      <table className="data-table">
        <caption>{t('profile.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('profile.visit')}</th>
            <th scope="col">{t('profile.date')}</th>
            <th scope="col">{t('profile.axisAnhedonia')}</th>
            <th scope="col">{t('profile.axisApathy')}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={p.date}>
              <td>{i + 1}</td>
              <td>{t.formatDay(p.date)}</td>
              <td>{fmt(p.anhedonia)}</td>
              <td>{fmt(p.apathy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <SubdimensionView
        visit={visits.at(-1)}
        labelOf={(id, key) => {
          const instrument = findInstrument(catalogue, id);
          return ((instrument ? clinicianLabels(instrument, t.language).scores[key] : undefined) ?? key).replace(/\s*\(.*\)$/, '');
        }}
      />
      <TrendView
        rows={trendOfTotals(visits)}
        definitions={[...definitions.values()]}
        changes={reliableChangeOfTotals(visits, [...definitions.values()], rciNorms)}
        criteria={changeBetweenVisits(visits, [...definitions.values()])}
        populationOf={(norm) => {
          const instrument = findInstrument(catalogue, norm.instrumentId);
          return instrument ? normPopulation(instrument, norm, t.language) : norm.population;
        }}
      />
    </section>
  );
}
