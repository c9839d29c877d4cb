import type { Assessment } from '../../domain/assessment.ts';
import type { ContextConstruct } from '../../domain/constructs.ts';
import { contextOverVisits, type ContextResult } from '../../domain/context.ts';
import { clinicianLabels, findInstrument } from '../../domain/catalogue-lookup.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { useServices } from '../services-context.tsx';
import { localDay } from './local-day.ts';

/**
 * The psychosocial context beside the apathy × anhedonia profile (issue 21), never a third axis: one small block per
 * construct measured, each score with its band where one is sourced ("no reference data" otherwise) and its change
 * since the measurement before, then the instrument, the day it was measured and which way is worse.
 */
export function ContextPanel({ completed }: { readonly completed: readonly Assessment[] }) {
  const t = useTranslate();
  const { catalogue } = useServices();
  const results = contextOverVisits(
    completed.flatMap((a) => (a.results && a.completedAt ? [{ completedAt: a.completedAt, results: a.results }] : [])),
    catalogue.instruments.map((i) => i.definition),
  );
  const constructs = [...new Set(results.map((r) => r.construct))];
  return (
    <section className="card context" aria-labelledby="context-heading">
      <h3 id="context-heading">{t('context.heading')}</h3>
      {results.length === 0 ? (
        <p>{t('context.none')}</p>
      ) : (
        <>
          <p className="muted">{t('context.intro')}</p>
          <ul className="context-list">
            {constructs.map((construct) => (
              <ConstructBlock key={construct} construct={construct} results={results.filter((r) => r.construct === construct)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ConstructBlock({ construct, results }: { readonly construct: ContextConstruct; readonly results: readonly ContextResult[] }) {
  const t = useTranslate();
  const { catalogue } = useServices();
  const headingId = `context-${construct}`;
  const instruments = [...new Set(results.map((r) => r.instrumentId))];
  // The day each instrument was last given; a score last scorable on another day says its own.
  const newest = (id: string) =>
    localDay(
      results
        .filter((r) => r.instrumentId === id)
        .flatMap((r) => [r.latest?.completedAt ?? '', r.notScored?.completedAt ?? ''])
        .sort()
        .at(-1) ?? '',
    );
  return (
    <li className="context-item" aria-labelledby={headingId}>
      <h4 id={headingId}>{t(`instrument.construct.${construct}`)}</h4>
      <ul className="plain-list">
        {results.map((r) => {
          const instrument = findInstrument(catalogue, r.instrumentId);
          const labels = instrument ? clinicianLabels(instrument, t.language) : null;
          const { latest, previous, notScored } = r;
          const band = latest?.band ? labels?.bands[r.score]?.[latest.band] : null;
          const change = latest && previous ? latest.value - previous.value : null;
          return (
            <li key={`${r.instrumentId}/${r.score}`}>
              {labels?.scores[r.score] ?? r.score}
              {t('text.colon')}
              {latest ? (
                <>
                  <strong>{t.formatNumber(latest.value)}</strong>
                  {band ? <strong>{t('context.band', { band })}</strong> : <span className="muted">{t('text.parenthetical', { text: t('context.noReferenceData') })}</span>}
                  {localDay(latest.completedAt) !== newest(r.instrumentId) && <span className="muted"> {t('context.scoredOn', { date: t.formatDay(localDay(latest.completedAt)) })}</span>}
                  {previous && change !== null && (
                    <span className="muted"> {t('context.change', { change: `${change > 0 ? '+' : ''}${t.formatNumber(change)}`, date: t.formatDay(localDay(previous.completedAt)) })}</span>
                  )}
                </>
              ) : null}
              {/* Given since, but not scored for a stated reason (a table could not convert it, its part not asked): said, not left out. */}
              {notScored && <span className="muted"> {t('context.notScoredOn', { date: t.formatDay(localDay(notScored.completedAt)), reason: t(`result.reason.${notScored.reason}`) })}</span>}
            </li>
          );
        })}
      </ul>
      {instruments.map((id) => {
        const own = results.filter((r) => r.instrumentId === id);
        const directions = [...new Set(own.map((r) => t(`direction.${r.higherMeans}`)))];
        return (
          <p key={id} className="muted">
            {t('context.measured', { instrument: findInstrument(catalogue, id)?.definition.shortTitle ?? id, date: t.formatDay(newest(id)), direction: directions.join(t('noteText.separator')) })}
          </p>
        );
      })}
    </li>
  );
}
