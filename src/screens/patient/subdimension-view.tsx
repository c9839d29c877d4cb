import { alignForDeficit, isReversedForProfile, toPomp, type Visit } from '../../domain/profile.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { DeficitBars, type DeficitBar } from '../../ui/charts/deficit-bars.tsx';

/** Subscale scores of the latest visit, as POMP aligned so that longer = more deficit (TEPS reversed). */
export function SubdimensionView({ visit, labelOf }: { readonly visit: Visit | undefined; readonly labelOf: (instrumentId: string, score: string) => string }) {
  const t = useTranslate();
  const bars: (DeficitBar & { readonly descriptive: boolean })[] = (visit?.inputs ?? []).flatMap((input, group) =>
    input.definition.scores
      .filter((score) => score.key !== 'total' && score.key !== 'likert' && score.method !== 'sum-of-scores')
      .flatMap((score) => {
        const raw = input.scores[score.key];
        if (raw === null || raw === undefined) return [];
        const reversed = isReversedForProfile(score);
        const name = t('text.labelled', { label: input.definition.shortTitle, text: labelOf(input.definition.id, score.key) });
        return [
          {
            label: reversed ? t('subscales.less', { label: name }) : name,
            value: alignForDeficit(toPomp(raw, score.range), 'pomp', reversed),
            group,
            descriptive: score.descriptive,
          },
        ];
      }),
  );
  if (bars.length === 0) return null;
  return (
    <div>
      <h4>{t('subscales.heading')}</h4>
      {/* Only validated subscales are drawn: a descriptive grouping (AES item types) would look like one. */}
      {bars.some((b) => !b.descriptive) && (
        <figure className="chart">
          <DeficitBars bars={bars.filter((b) => !b.descriptive)} axisLabel={t('subscales.axis')} />
        </figure>
      )}
      {bars.some((b) => b.descriptive) && <p className="muted">{t('subscales.descriptiveNote')}</p>}
      <table className="data-table">
        <caption>{t('subscales.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('trend.scale')}</th>
            <th scope="col">{t('subscales.value')}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <td>
                {b.label}
                {b.descriptive && <em>{t('text.parenthetical', { text: t('instrument.descriptive') })}</em>}
              </td>
              <td>{t.formatNumber(Math.round(b.value))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
