import type { Assessment } from '../../domain/assessment.ts';
import { contextOverVisits, type ContextResult } from '../../domain/context.ts';
import { clinicianLabels, findInstrument } from '../../domain/instrument-lookup.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Translate } from '../../i18n/translate.ts';
import { useServices } from '../services-context.tsx';

/**
 * The psychosocial context beside the apathy × anhedonia profile (issue 21), never a third axis: one small, labelled
 * result per measured score with its direction, its band where one is sourced ("no reference data" otherwise), the
 * day it was measured and its change since the measurement before.
 */
export function ContextPanel({ completed }: { readonly completed: readonly Assessment[] }) {
  const t = useTranslate();
  const { catalogue } = useServices();
  const results = contextOverVisits(
    completed.flatMap((a) => (a.results && a.completedAt ? [{ completedAt: a.completedAt, results: a.results }] : [])),
    catalogue.instruments.map((i) => i.definition),
  );
  return (
    <section className="card context" aria-labelledby="context-heading">
      <h3 id="context-heading">{t('context.heading')}</h3>
      {results.length === 0 ? (
        <p>{t('context.none')}</p>
      ) : (
        <>
          <p className="muted">{t('context.intro')}</p>
          <ul className="context-list">
            {results.map((r) => (
              <ContextItem key={`${r.instrumentId}/${r.score}`} result={r} t={t} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ContextItem({ result, t }: { readonly result: ContextResult; readonly t: Translate }) {
  const { catalogue } = useServices();
  const instrument = findInstrument(catalogue, result.instrumentId);
  if (!instrument) return null;
  const labels = clinicianLabels(instrument, t.language);
  const { latest, previous } = result;
  const band = latest.band ? labels.bands[result.score]?.[latest.band] : null;
  const change = previous ? latest.value - previous.value : null;
  return (
    <li className="context-item">
      <span className="context-construct">{t(`instrument.construct.${result.construct}`)}</span>
      <span>
        {labels.scores[result.score] ?? result.score}
        {t('text.colon')}
        <strong>{t.formatNumber(latest.value)}</strong>
        {band ? <strong>{t('text.parenthetical', { text: band })}</strong> : <span className="muted">{t('text.parenthetical', { text: t('context.noReferenceData') })}</span>}
      </span>
      <span className="muted">
        {t('context.measured', { instrument: instrument.definition.shortTitle, date: t.formatDate(latest.completedAt), direction: t(`direction.${result.higherMeans}`) })}
        {previous && change !== null && ` ${t('context.change', { change: `${change > 0 ? '+' : ''}${t.formatNumber(change)}`, date: t.formatDate(previous.completedAt) })}`}
      </span>
    </li>
  );
}
