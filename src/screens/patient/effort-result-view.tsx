import { acceptanceProbability, type EbdmParameters } from '../../domain/ebdm/model.ts';
import { summariseEffortTask } from '../../domain/effort-task/effort-result.ts';
import type { EffortTaskRecord } from '../../domain/effort-task/task-record.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { AcceptanceChart } from '../../ui/charts/acceptance-chart.tsx';

/**
 * The parameters in the order the clinician reads them: the acceptance bias first, since lower willingness to exert
 * effort in unmedicated depression came from a lower acceptance bias, not from altered reward or effort sensitivity
 * (`ACCEPTANCE_BIAS_SOURCE`).
 */
export const KEYS = ['acceptanceBias', 'rewardSensitivity', 'effortSensitivity'] as const satisfies readonly (keyof EbdmParameters)[];

/** Why the acceptance bias comes first, as published (REWARD-TASK.md §8). */
export const ACCEPTANCE_BIAS_SOURCE = 'Valton, Mkrtchian, … Husain, Roiser (2025). Psychol Med. doi:10.1017/S0033291725101967';
const EFFORT_STEPS = Array.from({ length: 13 }, (_, i) => 1 + i / 4);

/**
 * The effort task's result for the clinician, marked as a research measure. No reference group is sourced, so the
 * parameters are shown raw with their uncertainty and no wording compares the patient with anyone. `compact` (the
 * printed report) runs the parameters together in one paragraph.
 */
export function EffortResultView({ record, compact = false }: { readonly record: EffortTaskRecord; readonly compact?: boolean }) {
  const t = useTranslate();
  const result = summariseEffortTask(record);
  const pct = (x: number) => `${t.formatNumber(Math.round(x * 100))}%`;
  const num = (x: number) => t.formatNumber(Math.round(x * 100) / 100);
  return (
    <section className="effort-result" aria-labelledby={`effort-${String(record.startedAt)}`}>
      <h4 id={`effort-${String(record.startedAt)}`}>{t('effortResult.heading')}</h4>
      <p className="muted">{t('effortResult.researchNote')}</p>
      {result.status === 'skipped' && <p>{t('effortResult.skipped', { phase: t(`effortResult.phase.${result.phase}`), reason: t(`effort.skip.reason.${result.reason}`) })}</p>}
      {result.status === 'in-progress' && <p>{t('effortResult.inProgress')}</p>}
      {result.status === 'not-fitted' && <p>{t('effortResult.notFitted', { message: result.message })}</p>}
      {result.status === 'completed' && (
        <>
          <p>{t('effortResult.accepted', { rate: pct(result.acceptanceRate), n: result.reported.n })}</p>
          <ParameterTable compact={compact} estimates={KEYS.map((key) => ({ key, text: `${num(result.reported.parameters[key])} ± ${num(result.reported.standardErrors[key])}` }))} />
          {/* The printed report keeps to one page: the order says it there. */}
          {!compact && <BiasFirstNote />}
          <p className="muted effort-note">{t('effortResult.noReference')}</p>
          <figure className="chart">
            <AcceptanceChart
              xLabel={t('effortResult.xLabel')}
              yLabel={t('effortResult.yLabel')}
              curves={[...new Set(result.grid.map((c) => c.reward))]
                .sort((a, b) => a - b)
                .map((reward) => ({
                  label: t('effortResult.rewardLabel', { reward }),
                  fitted: EFFORT_STEPS.map((effort) => ({ effort, percent: 100 * acceptanceProbability(result.reported.parameters, { reward, effort }, 'parabolic') })),
                  observed: result.grid.filter((c) => c.reward === reward).map((c) => ({ effort: c.effort, percent: (100 * c.accepted) / c.offered })),
                }))}
            />
            <figcaption>{t('effortResult.chartCaption')}</figcaption>
          </figure>
          <table className="data-table effort-grid">
            <caption>{t('effortResult.gridCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('effortResult.reward')}</th>
                {[1, 2, 3, 4].map((effort) => (
                  <th key={effort} scope="col">
                    {t('effortResult.effortColumn', { effort })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...new Set(result.grid.map((c) => c.reward))]
                .sort((a, b) => b - a)
                .map((reward) => (
                  <tr key={reward}>
                    <th scope="row">{reward}</th>
                    {[1, 2, 3, 4].map((effort) => {
                      const cell = result.grid.find((c) => c.reward === reward && c.effort === effort);
                      return <td key={effort}>{cell ? `${String(cell.accepted)}/${String(cell.offered)}` : '—'}</td>;
                    })}
                  </tr>
                ))}
            </tbody>
          </table>
          <p className="muted effort-note">
            {t('effortResult.models', {
              models: result.fits.map((f) => `${t(`effortResult.model.${f.model}`)} ${num(f.bic)}`).join(' · '),
              best: t(`effortResult.model.${result.bestByBic.model}`),
            })}
          </p>
        </>
      )}
    </section>
  );
}

export type Estimate = { readonly key: (typeof KEYS)[number]; readonly text: string };

/** The fitted parameters, a table with one per row, or (compact) run together in one paragraph. */
export function ParameterTable({ estimates, compact }: { readonly estimates: readonly Estimate[]; readonly compact: boolean }) {
  const t = useTranslate();
  if (compact)
    return (
      <p className="effort-parameters">
        <strong>{t('effortResult.parametersCaption')}</strong>
        {t('text.colon')}
        {estimates.map(({ key, text }, i) => (
          <span key={key}>
            {i > 0 && ' · '}
            {t('text.labelled', { label: t(`effortResult.${key}`), text })}
          </span>
        ))}
      </p>
    );
  return (
    <table className="data-table effort-parameters">
      <caption>{t('effortResult.parametersCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('effortResult.parameter')}</th>
          <th scope="col">{t('effortResult.estimate')}</th>
        </tr>
      </thead>
      <tbody>
        {estimates.map(({ key, text }) => (
          <tr key={key}>
            <th scope="row">{t(`effortResult.${key}`)}</th>
            <td>{text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Why the acceptance bias is listed first, with its source, and that no treatment is chosen from these numbers. */
export function BiasFirstNote() {
  const t = useTranslate();
  return (
    <p className="muted effort-note">
      {t('effortResult.biasFirst')} <cite>{ACCEPTANCE_BIAS_SOURCE}</cite>
    </p>
  );
}
