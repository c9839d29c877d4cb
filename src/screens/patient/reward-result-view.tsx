import { summariseRewardTask, type MouthTiming } from '../../domain/prt/reward-result.ts';
import type { RewardTaskRecord } from '../../domain/prt/task-record.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { BiasChart } from '../../ui/charts/bias-chart.tsx';

/** Where the task and its model-free outputs come from (REWARD-TASK.md). */
export const REWARD_TASK_SOURCE = 'Pizzagalli DA, Jahn AL, O’Shea JP (2005). Biol Psychiatry 57:319–327. doi:10.1016/j.biopsych.2004.11.026';
/** The learning model ρ comes from. */
export const REWARD_MODEL_SOURCE = 'Huys QJM, Pizzagalli DA, Bogdan R, Dayan P (2013). Biol Mood Anxiety Disord 3:12. doi:10.1186/2045-5380-3-12';

/**
 * The reward task's result for the clinician, on the anhedonia side: response bias and discriminability per block
 * (the primary, model-free), the bias curve over blocks, the excluded trials, then the learning model's reward
 * sensitivity ρ with its standard error. A research measure with no reference group sourced: the numbers are shown
 * raw, nothing compares the patient with anyone, and nothing suggests a treatment. The learning rate ε is not shown
 * (it is not recovered well enough for one person; research exports carry it). `compact`: one paragraph (report).
 */
export function RewardResultView({ record, compact = false }: { readonly record: RewardTaskRecord; readonly compact?: boolean }) {
  const t = useTranslate();
  const result = summariseRewardTask(record);
  const num = (x: number) => t.formatNumber(Math.round(x * 100) / 100);
  const pct = (x: number) => (Number.isFinite(x) ? `${t.formatNumber(Math.round(x * 100))}%` : '—');
  const id = `reward-${String(record.startedAt)}`;
  const timingText = (timing: MouthTiming) =>
    t('rewardResult.timing', {
      median: t.formatNumber(Math.round(timing.medianShownMs * 10) / 10),
      frames: timing.medianFrames,
      frame: timing.medianFrameMs === null ? '—' : t.formatNumber(Math.round(timing.medianFrameMs * 10) / 10),
      min: t.formatNumber(Math.round(timing.minShownMs * 10) / 10),
      max: t.formatNumber(Math.round(timing.maxShownMs * 10) / 10),
      target: timing.targetMs,
    });
  if (result.status !== 'completed') {
    return (
      <section className="effort-result" aria-labelledby={id}>
        <h4 id={id}>{t('rewardResult.heading')}</h4>
        {result.status === 'skipped' ? (
          <p>{t('rewardResult.skipped', { phase: t(`rewardResult.phase.${result.phase}`), reason: t(`rewardResult.reason.${result.reason}`) })}</p>
        ) : (
          <p>{t('rewardResult.inProgress', { done: result.trialsDone, total: record.schedule.length })}</p>
        )}
        {result.timing && <p className="muted effort-note">{timingText(result.timing)}</p>}
      </section>
    );
  }
  const { summary, fit, timing } = result;
  const excludedText = t('rewardResult.excluded', {
    excluded: summary.excluded.length,
    n: summary.n,
    fast: summary.excluded.filter((e) => e.reason === 'rt-too-fast').length,
    slow: summary.excluded.filter((e) => e.reason === 'rt-too-slow').length,
    outliers: summary.excluded.filter((e) => e.reason === 'rt-outlier').length,
  });
  const rhoText = fit ? t('rewardResult.rhoValue', { rho: num(fit.parameters.rewardSensitivity), se: num(fit.rewardSensitivitySe) }) : t('rewardResult.notFitted', { message: result.fitProblem ?? '' });
  if (compact) {
    return (
      <section className="effort-result" aria-labelledby={id}>
        <h4 id={id}>{t('rewardResult.heading')}</h4>
        <p className="effort-parameters">
          {t('rewardResult.compact', {
            logB: num(summary.overall.logB),
            blocks: summary.blocks.map((b) => num(b.logB)).join(' / '),
            logD: num(summary.overall.logD),
          })}{' '}
          {t('rewardResult.rhoLabel')}
          {t('text.colon')}
          {rhoText} · {excludedText}
        </p>
        <p className="muted effort-note">{t('rewardResult.noReference')}</p>
      </section>
    );
  }
  const rows = [...summary.blocks.map((b) => ({ label: t('rewardResult.block', { block: b.block }), ...b })), { label: t('rewardResult.overall'), ...summary.overall }];
  return (
    <section className="effort-result" aria-labelledby={id}>
      <h4 id={id}>{t('rewardResult.heading')}</h4>
      <p className="muted">{t('rewardResult.researchNote')}</p>
      <table className="data-table effort-grid reward-grid">
        <caption>{t('rewardResult.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rewardResult.part')}</th>
            <th scope="col">{t('rewardResult.logB')}</th>
            <th scope="col">{t('rewardResult.logD')}</th>
            <th scope="col">{t('rewardResult.hits')}</th>
            <th scope="col">{t('rewardResult.rewards')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{num(row.logB)}</td>
              <td>{num(row.logD)}</td>
              <td>{`${pct(row.richHitRate)} / ${pct(row.leanHitRate)}`}</td>
              <td>{`${String(row.rewards.rich)} / ${String(row.rewards.lean)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figure className="chart">
        <BiasChart points={summary.blocks.map((b) => ({ block: b.block, logB: b.logB }))} xLabel={t('rewardResult.xLabel')} yLabel={t('rewardResult.logB')} zeroLabel={t('rewardResult.zero')} />
        <figcaption>{t('rewardResult.chartCaption')}</figcaption>
      </figure>
      <p>{excludedText}</p>
      <p>
        <strong>{t('rewardResult.rhoLabel')}</strong>
        {t('text.colon')}
        {rhoText}
      </p>
      <p className="muted effort-note">{t('rewardResult.rhoNote')}</p>
      <p className="muted effort-note">{timingText(timing)}</p>
      <p className="muted effort-note">{t('rewardResult.noReference')}</p>
      <p className="muted effort-note">
        {t('rewardResult.method', { min: record.config.rtWindowMs.min, max: record.config.rtWindowMs.max })} <cite>{REWARD_TASK_SOURCE}</cite>; <cite>{REWARD_MODEL_SOURCE}</cite>
      </p>
    </section>
  );
}
