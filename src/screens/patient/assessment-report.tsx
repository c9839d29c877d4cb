import { lazy, Suspense } from 'react';
import type { Assessment } from '../../domain/assessment.ts';
import { describeFlag, givenVersions } from '../../domain/instrument-lookup.ts';
import { flagAnswerText, quoteOrDate } from '../flag-answer-text.ts';
import type { Patient } from '../../domain/patient.ts';
import { SCORING_ENGINE_VERSION } from '../../domain/score-assessment.ts';
import { I18nProvider, useTranslate } from '../../i18n/i18n-context.tsx';
import { useServices } from '../services-context.tsx';
import { batteryLabel } from './battery-label.ts';
import { ResultSummary } from './result-summary.tsx';
import { useRecordTranslate } from './use-record-translate.ts';

const ProfilePanel = lazy(() => import('./profile-panel.tsx').then((m) => ({ default: m.ProfilePanel })));
const EffortResultView = lazy(() => import('./effort-result-view.tsx').then((m) => ({ default: m.EffortResultView })));

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
 * The one-page clinical summary, made to be printed (print-to-PDF works offline): who and when, safety alerts
 * first, scores with ranges, bands and their sources, which text each questionnaire was answered in, the
 * apathy–anhedonia profile over visits, and provenance. Written in the clinic's language of reports and notes
 * (Settings), whatever language the patient answered in; only the screen's own buttons follow the interface.
 */
export function AssessmentReport(props: Props) {
  const t = useTranslate();
  const record = useRecordTranslate();
  return (
    <article className="report" aria-labelledby="report-heading">
      <div className="screen-head no-print">
        <a href={props.backHref} className="back-link">
          {t('report.back')}
        </a>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </div>
      {record ? (
        <I18nProvider translate={record}>
          <div lang={record.language}>
            <ReportBody {...props} />
          </div>
        </I18nProvider>
      ) : (
        <p role="status">{t('app.loading')}</p>
      )}
    </article>
  );
}

function ReportBody({ patient, assessment, history, printedAt }: Props) {
  const t = useTranslate();
  const { catalogue, env } = useServices();
  return (
    <>
      <header className="report-head">
        <h2 id="report-heading">{t('report.heading')}</h2>
        <dl className="report-facts">
          <dt>{t('report.patient')}</dt>
          <dd>{patient.code}</dd>
          {patient.birthYear && (
            <>
              <dt>{t('report.birthYear')}</dt>
              <dd>{patient.birthYear}</dd>
            </>
          )}
          <dt>{t('report.completed')}</dt>
          <dd>{t.formatDate(assessment.completedAt ?? assessment.updatedAt)}</dd>
          <dt>{t('report.battery')}</dt>
          <dd>
            {batteryLabel(t, assessment.batteryName)} · {t(assessment.mode === 'patient' ? 'report.modePatient' : 'report.modeClinician')}
            {assessment.informantRelation && ` · ${t('completed.informant', { relation: assessment.informantRelation })}`}
          </dd>
        </dl>
      </header>
      {assessment.alerts.map((alert) => (
        <p key={`${alert.instrumentId}-${alert.flag}`} className="notice notice-error">
          <strong>{describeFlag(catalogue, alert.instrumentId, alert.flag, t.language)}</strong>
          {quoteOrDate(flagAnswerText(t, catalogue, assessment, alert), '')}
          {assessment.alertsAcknowledgedAt ? ` — ${t('report.acknowledged', { date: t.formatDate(assessment.alertsAcknowledgedAt) })}` : ''}
        </p>
      ))}
      <ResultSummary assessment={assessment} />
      <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
        {assessment.effortTask && <EffortResultView record={assessment.effortTask} />}
        <ProfilePanel completed={history} />
      </Suspense>
      <footer className="report-provenance muted">
        {t('report.provenance', {
          app: env.appVersion,
          engine: SCORING_ENGINE_VERSION,
          instruments: givenVersions(catalogue.instruments, assessment.instruments, t('text.listSeparator')),
          printed: t.formatDate(printedAt),
        })}
      </footer>
    </>
  );
}
