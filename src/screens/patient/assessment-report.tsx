import { lazy, Suspense, useState } from 'react';
import { givenText, type Assessment } from '../../domain/assessment.ts';
import { describeFlag, findInstrument, givenVersions, normPopulation } from '../../domain/catalogue-lookup.ts';
import type { Norm } from '../../domain/norm-schema.ts';
import type { Patient } from '../../domain/patient.ts';
import { groupVisits, profileOverVisits, type AxisValue } from '../../domain/profile.ts';
import { SCORING_ENGINE_VERSION } from '../../domain/score-assessment.ts';
import { reliableChangeOfTotals, trendOfTotals } from '../../domain/trend.ts';
import { describeGivenText } from '../../export/text/given-text.ts';
import { describeContext } from '../../export/text/context-text.ts';
import { I18nProvider, useTranslate } from '../../i18n/i18n-context.tsx';
import { nativeLanguageName } from '../../i18n/language-names.ts';
import type { ReportIdentifiers } from '../../storage/settings-repository.ts';
import { flagAnswerText, quoteOrDate } from '../flag-answer-text.ts';
import { recordExport } from '../../workflows/attribution.ts';
import { useServices } from '../services-context.tsx';
import { batteryLabel } from './battery-label.ts';
import { ReportProfile } from './report-profile.tsx';
import { citedByScores, ReportScoreTable, type ShownResult } from './report-score-table.tsx';
import { numberSources } from './report-sources.ts';
import { localDay } from './local-day.ts';
import { useMatchingNorms, useRecordTranslate, useReportIdentifiers } from './use-record-translate.ts';

const VisitEffortView = lazy(() => import('./visit-effort-view.tsx').then((m) => ({ default: m.VisitEffortView })));
const RewardResultView = lazy(() => import('./reward-result-view.tsx').then((m) => ({ default: m.RewardResultView })));

type Props = {
  readonly patient: Patient;
  /** The assessment reported on. */
  readonly assessment: Assessment;
  /** The patient's completed assessments up to and including this one (the profile's course). */
  readonly history: readonly Assessment[];
  readonly backHref: string;
  readonly printedAt: string;
};

/**
 * The one-page clinical summary, made to be printed (print-to-PDF works offline, one A4 or Letter page for the
 * standard battery): the identifiers the clinic chose (Settings), safety alerts first, one table of scores with
 * ranges and bands (sources as footnote numbers), a small profile chart with the scores by visit, the effort task
 * only when the clinician includes it, the numbered sources and provenance. Written in the clinic's language of
 * reports and notes (Settings), whatever language the patient answered in; only the screen's own controls follow
 * the interface.
 */
export function AssessmentReport(props: Props) {
  const t = useTranslate();
  const record = useRecordTranslate();
  const identifiers = useReportIdentifiers();
  const matching = useMatchingNorms();
  const [withEffort, setWithEffort] = useState(false);
  const [withReward, setWithReward] = useState(false);
  const services = useServices();
  const print = () => {
    // Who printed it goes in the audit log (in the background: printing never waits on storage).
    void recordExport(services, { kind: 'report', patientId: props.assessment.patientId, assessmentId: props.assessment.id });
    window.print();
  };
  return (
    <article className="report" aria-labelledby="report-heading">
      <div className="screen-head no-print">
        <a href={props.backHref} className="back-link">
          {t('report.back')}
        </a>
        {(props.assessment.effortTask !== null || props.assessment.origin?.effort !== undefined) && (
          <label className="choice">
            <input type="checkbox" checked={withEffort} onChange={(e) => setWithEffort(e.target.checked)} />
            <span>{t('report.includeEffort')}</span>
          </label>
        )}
        {props.assessment.rewardTask && (
          <label className="choice">
            <input type="checkbox" checked={withReward} onChange={(e) => setWithReward(e.target.checked)} />
            <span>{t('report.includeReward')}</span>
          </label>
        )}
        <button type="button" className="button" onClick={print}>
          {t('report.print')}
        </button>
      </div>
      {record && identifiers && matching ? (
        <I18nProvider translate={record}>
          <div lang={record.language}>
            <ReportBody {...props} identifiers={identifiers} matching={matching} withEffort={withEffort} withReward={withReward} />
          </div>
        </I18nProvider>
      ) : (
        <p role="status">{t('app.loading')}</p>
      )}
    </article>
  );
}

type BodyProps = Props & { readonly identifiers: ReportIdentifiers; readonly matching: ReadonlySet<string>; readonly withEffort: boolean; readonly withReward: boolean };

function ReportBody({ patient, assessment, history, printedAt, identifiers, matching, withEffort, withReward }: BodyProps) {
  const t = useTranslate();
  const { catalogue, env } = useServices();
  const shown: ShownResult[] = assessment.instruments.flatMap(({ id }) => {
    const instrument = findInstrument(catalogue, id);
    const result = assessment.results?.[id];
    return instrument && result ? [{ instrument, result }] : [];
  });
  const definitions = catalogue.instruments.map((i) => i.definition);
  const rciNorms = new Map<string, Norm>(
    catalogue.instruments.flatMap((i) => i.norms.filter((n) => n.testRetest).map((n) => [`${n.instrumentId}/${n.score}`, n] as const)),
  );
  const visits = groupVisits(
    history.flatMap((a) => (a.results && a.completedAt ? [{ completedAt: a.completedAt, results: a.results }] : [])),
    new Map(definitions.map((d) => [d.id, d])),
    localDay,
  );
  const points = profileOverVisits(visits, new Map());
  const changes = reliableChangeOfTotals(visits, definitions, rciNorms);
  const sources = numberSources([...citedByScores(shown, matching), ...changes.flatMap((c) => (c.change.kind === 'computed' && c.norm ? [c.norm.source.citation] : []))]);
  const names = (axis: AxisValue | undefined) =>
    axis?.contributions
      .map((c) => `${definitions.find((d) => d.id === c.instrumentId)?.shortTitle ?? c.instrumentId}${c.reversed ? t('text.parenthetical', { text: t('profile.reversedNote') }) : ''}${c.prorated ? t('text.parenthetical', { text: t('profile.proratedNote') }) : ''}`)
      .join(t('text.listSeparator')) || '—';
  const latest = points.at(-1);
  const context = describeContext(t, shown.map(({ instrument }) => instrument.definition));
  const texts = groupTexts(t('text.listSeparator'), shown.map(({ instrument }) => [instrument.definition.shortTitle, describeGivenText(t, instrument, givenText(assessment, instrument.definition.id), assessment.language, nativeLanguageName)]));
  return (
    <>
      <header className="report-head">
        <h2 id="report-heading">{t('report.heading')}</h2>
        <dl className="report-facts">
          <div>
            <dt>{t('report.patient')}</dt>
            <dd>{patient.code}</dd>
          </div>
          {identifiers.displayName && patient.displayName && (
            <div>
              <dt>{t('report.displayName')}</dt>
              <dd>{patient.displayName}</dd>
            </div>
          )}
          {identifiers.mrn && patient.mrn && (
            <div>
              <dt>{t('report.mrn')}</dt>
              <dd>{patient.mrn}</dd>
            </div>
          )}
          <div>
            <dt>{t('report.completed')}</dt>
            <dd>{t.formatDate(assessment.completedAt ?? assessment.updatedAt)}</dd>
          </div>
          <div>
            <dt>{t('report.battery')}</dt>
            <dd>
              {batteryLabel(t, assessment.batteryName)} · {t(assessment.mode === 'patient' ? 'report.modePatient' : 'report.modeClinician')}
              {assessment.informantRelation && ` · ${t('completed.informant', { relation: assessment.informantRelation })}`}
            </dd>
          </div>
        </dl>
      </header>
      {assessment.alerts.map((alert) => (
        <p key={`${alert.instrumentId}-${alert.flag}`} className="notice notice-error">
          <strong>{describeFlag(catalogue, alert.instrumentId, alert.flag, t.language)}</strong>
          {quoteOrDate(flagAnswerText(t, catalogue, assessment, alert), '')}
          {assessment.alertsAcknowledgedAt ? ` — ${t('report.acknowledged', { date: t.formatDate(assessment.alertsAcknowledgedAt) })}` : ''}
        </p>
      ))}
      <ReportScoreTable shown={shown} assessment={assessment} sources={sources} matching={matching} />
      {context && <p className="report-small">{context}</p>}
      <p className="report-small">
        {texts.map(([instruments, text], i) => (
          <span key={instruments}>
            {i > 0 && ' · '}
            {instruments}
            {t('text.colon')}
            <span>{text}</span>
          </span>
        ))}
      </p>
      <ReportProfile
        points={points}
        rows={trendOfTotals(visits)}
        definitions={definitions}
        changes={changes}
        fedBy={{ anhedonia: names(latest?.anhedonia), apathy: names(latest?.apathy) }}
        populationOf={(norm) => {
          const instrument = findInstrument(catalogue, norm.instrumentId);
          return instrument ? normPopulation(instrument, norm, t.language) : norm.population;
        }}
        sources={sources}
      />
      {withEffort && (assessment.effortTask !== null || assessment.origin?.effort !== undefined) && (
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <VisitEffortView compact assessment={assessment} />
        </Suspense>
      )}
      {withReward && assessment.rewardTask && (
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <RewardResultView compact record={assessment.rewardTask} />
        </Suspense>
      )}
      <footer className="report-foot">
        {sources.list.length > 0 && (
          <ol className="report-sources" aria-label={t('report.sources')}>
            {sources.list.map((citation) => (
              <li key={citation} className="citation">
                {citation}
              </li>
            ))}
          </ol>
        )}
        <p className="report-provenance">
          {t('report.provenance', {
            app: env.appVersion,
            engine: SCORING_ENGINE_VERSION,
            instruments: givenVersions(catalogue.instruments, assessment.instruments, t('text.listSeparator')),
            printed: t.formatDate(printedAt),
          })}
        </p>
      </footer>
    </>
  );
}

/** Instruments given in the same text run together: "SHAPS, TEPS: Answered in English (built-in)". */
function groupTexts(separator: string, described: readonly (readonly [string, string])[]): [string, string][] {
  const byText = new Map<string, string[]>();
  for (const [name, text] of described) byText.set(text, [...(byText.get(text) ?? []), name]);
  return [...byText].map(([text, names]) => [names.join(separator), text]);
}
