import type { ImportedEffort, ImportedEstimate } from '../../domain/imported-effort.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { BiasFirstNote, KEYS, ParameterTable } from './effort-result-view.tsx';

type Props = { readonly effort: ImportedEffort; readonly assessmentId: string; readonly pulledAt: string; readonly compact?: boolean };

/**
 * An effort task's result as another tablet reported it to the EHR (`origin.effort`), marked as fetched: the
 * parameters as the EHR holds them (three significant digits), or why the task stopped. The offers themselves never
 * leave the tablet that gave the task, so where the acceptance grid would be it says there is none, and nothing
 * here refits the model.
 */
export function ImportedEffortView({ effort, assessmentId, pulledAt, compact = false }: Props) {
  const t = useTranslate();
  const num = (x: number) => t.formatNumber(x);
  const text = ({ value, standardError }: ImportedEstimate) =>
    value === null ? '—' : standardError === null ? num(value) : `${num(value)} ± ${num(standardError)}`;
  const headingId = `effort-imported-${assessmentId}`;
  return (
    <section className="effort-result" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('effortResult.heading')}</h4>
      <p className="muted">{t('effortResult.researchNote')}</p>
      <p className="notice">{t('effortResult.fromServer', { date: t.formatDate(pulledAt) })}</p>
      {effort.status === 'skipped' ? (
        <p>{t('effortResult.skipped', { phase: t(`effortResult.phase.${effort.phase}`), reason: t(`effort.skip.reason.${effort.reason}`) })}</p>
      ) : (
        <>
          {effort.acceptancePercent !== null &&
            (effort.n === null ? (
              <p>{t('effortResult.acceptedRate', { rate: `${t.formatNumber(effort.acceptancePercent)}%` })}</p>
            ) : (
              <p>{t('effortResult.accepted', { rate: `${t.formatNumber(effort.acceptancePercent)}%`, n: effort.n })}</p>
            ))}
          <ParameterTable compact={compact} estimates={KEYS.map((key) => ({ key, text: text(effort.parameters[key]) }))} />
          {/* The printed report keeps to one page: the order says it there. */}
          {!compact && <BiasFirstNote />}
          <p className="muted effort-note">{t('effortResult.noReference')}</p>
          <p className="muted effort-note">{t('effortResult.noGrid')}</p>
        </>
      )}
    </section>
  );
}
