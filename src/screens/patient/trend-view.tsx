import type { ChangeBetweenVisits } from '../../domain/change-criteria.ts';
import type { InstrumentDefinition } from '../../domain/instrument-schema.ts';
import type { Norm } from '../../domain/norm-schema.ts';
import type { ReliableChange } from '../../domain/profile.ts';
import type { TrendRow } from '../../domain/trend.ts';
import { describeChanges } from '../../export/text/change-text.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { TrendChart } from '../../ui/charts/trend-chart.tsx';

type Props = {
  readonly rows: readonly TrendRow[];
  readonly definitions: readonly InstrumentDefinition[];
  readonly changes: readonly { readonly instrumentId: string; readonly change: ReliableChange; readonly norm: Norm | null }[];
  /** Change by the instrument's own published criteria (PHQ-9: response, remission, reliable change). */
  readonly criteria: readonly ChangeBetweenVisits[];
  /** A reference group's population in the clinician's language. */
  readonly populationOf: (norm: Norm) => string;
};

/**
 * Each scale's main score over visits — the one the profile plots (chart as aligned POMP, table as raw scores, each
 * column named with its range) — then change by published criteria with footnoted sources, and reliable change
 * (Jacobson & Truax) where a norm gives SD and r.
 */
export function TrendView({ rows, definitions, changes, criteria, populationOf }: Props) {
  const t = useTranslate();
  const present = definitions.filter((d) => rows.some((r) => r.cells[d.id]?.raw != null));
  const withRange = (d: InstrumentDefinition | undefined, key: string | undefined) => {
    if (!d) return '';
    const range = d.scores.find((s) => s.key === key)?.range;
    return range ? `${d.shortTitle} ${range.min}–${range.max}` : d.shortTitle;
  };
  const scoreOf = (id: string) => rows.find((r) => r.cells[id]?.raw != null)?.cells[id]?.score;
  const name = (id: string) => withRange(definitions.find((d) => d.id === id), 'total');
  const described = describeChanges(criteria, definitions, t, t.formatDay);
  const chartRows = rows.map((r) => ({ date: t.formatDay(r.date), ...Object.fromEntries(present.map((d) => [d.id, r.cells[d.id]?.aligned ?? null])) }));
  return (
    <div>
      <h4>{t('trend.heading')}</h4>
      {rows.length > 1 && (
        <figure className="chart">
          <TrendChart rows={chartRows} series={present.map((d) => ({ key: d.id, label: d.shortTitle }))} axisLabel={t('trend.axis')} />
        </figure>
      )}
      <table className="data-table">
        <caption>{t('trend.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('profile.date')}</th>
            {present.map((d) => (
              <th key={d.id} scope="col">
                {withRange(d, scoreOf(d.id))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.date}>
              <td>{t.formatDay(r.date)}</td>
              {present.map((d) => (
                <td key={d.id}>{r.cells[d.id]?.raw != null ? t.formatNumber(r.cells[d.id]?.raw ?? 0) : '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {described.lines.length > 0 && (
        <section aria-label={t('change.heading')}>
          <h4>{t('change.heading')}</h4>
          <ul className="plain-list change-criteria">
            {described.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <ol className="plain-list citation" aria-label={t('change.sourcesHeading')}>
            {described.footnotes.map((footnote) => (
              <li key={footnote}>{footnote}</li>
            ))}
          </ol>
        </section>
      )}
      {(changes.length > 0 || described.lines.length === 0) && (
        <>
          <h4>{t('rci.heading')}</h4>
          {changes.length === 0 && <p>{t('rci.needTwo')}</p>}
          <ul className="plain-list rci">
            {changes.map(({ instrumentId, change, norm }) => (
              <li key={instrumentId}>
                {change.kind === 'not-computable'
                  ? t('rci.notComputable', { scale: name(instrumentId) })
                  : t(`rci.${change.direction === 'none' ? 'none' : change.direction}`, {
                      scale: name(instrumentId),
                      rci: t.formatNumber(Math.round(change.rci * 100) / 100),
                      population: norm ? t('text.pair', { first: populationOf(norm), second: norm.source.citation }) : '',
                    })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
