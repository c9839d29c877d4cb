import { lazy, Suspense, useState } from 'react';
import { asGiven, countProgress, findResumePoint, hasUnacknowledgedAlert, type AdministrationMode, type Assessment } from '../../domain/assessment.ts';
import type { Battery } from '../../domain/battery.ts';
import { asPatientId } from '../../domain/ids.ts';
import { clinicianLabels, describeFlag, findInstrument } from '../../domain/catalogue-lookup.ts';
import { flagAnswerText, quoteOrDate } from '../flag-answer-text.ts';
import type { Patient } from '../../domain/patient.ts';
import { ok, type Result } from '../../domain/result.ts';
import { correctedVisits, currentVersions } from '../../domain/revision.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { listAssessmentsForPatient } from '../../storage/assessment-repository.ts';
import { getPatient } from '../../storage/patient-repository.ts';
import { readCustomBatteries, readFhirServer, type FhirServerSettings } from '../../storage/settings-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import type { Vault } from '../../storage/vault.ts';
import { CrashNotice } from '../../ui/components/crash-notice.tsx';
import { ErrorBoundary } from '../../ui/components/error-boundary.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { acknowledgeAlert, discardAssessmentDraft, finishAndScoreDraft, type ReviewFailure } from '../../workflows/review-assessment.ts';
import { sendRiskFlags } from '../../workflows/risk-flags.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';
import { AssessmentReport } from './assessment-report.tsx';
import { CorrectVisit } from './correct-visit.tsx';
import { revisionText } from './revision-text.ts';
import { batteryLabel } from './battery-label.ts';
import { DraftActions } from './draft-actions.tsx';
import { DraftDetails } from './draft-details.tsx';
import { EhrExport } from './ehr-export.tsx';
import { FetchEarlierVisits } from './fetch-earlier-visits.tsx';
import { NoteTextBlock } from './note-text-block.tsx';
import { briefLine, ResultSummary } from './result-summary.tsx';
import { ContextPanel } from './context-panel.tsx';
import { RiskFlagState } from './risk-flag-state.tsx';
import { StartAssessmentForm } from './start-assessment-form.tsx';

// The profile carries recharts; loading it lazily keeps it off the start page and the patient-mode path.
const ProfilePanel = lazy(() => import('./profile-panel.tsx').then((m) => ({ default: m.ProfilePanel })));
const VisitEffortView = lazy(() => import('./visit-effort-view.tsx').then((m) => ({ default: m.VisitEffortView })));
const RewardResultView = lazy(() => import('./reward-result-view.tsx').then((m) => ({ default: m.RewardResultView })));

type Props = {
  readonly patientId: string;
  readonly patientsHref: string;
  /** The printable report of one assessment (null: the latest), or the patient's page when absent. */
  readonly report?: { readonly assessmentId: string | null };
  readonly reportHref: (assessmentId: string | null) => string;
  readonly patientHref: string;
  /** Resolves once the tablet is in patient mode: until then the start form stays disabled (no second start). */
  readonly onHandOver: (assessmentId: string) => Promise<void>;
  readonly onEnter: (assessmentId: string) => void;
};

type PatientPage = { readonly patient: Patient; readonly assessments: readonly Assessment[]; readonly batteries: readonly Battery[]; readonly server: FhirServerSettings | null };

/** Everything the patient's page shows; any read that fails is the page's failure (never a silent default). */
async function readPatientPage(vault: Vault, patientId: string): Promise<Result<PatientPage, StorageError>> {
  const id = asPatientId(patientId);
  const [patient, assessments, batteries, server] = await Promise.all([getPatient(vault, id), listAssessmentsForPatient(vault, id), readCustomBatteries(vault.db), readFhirServer(vault)]);
  if (!patient.ok) return patient;
  if (!assessments.ok) return assessments;
  if (!batteries.ok) return batteries;
  if (!server.ok) return server;
  return ok({ patient: patient.value, assessments: assessments.value, batteries: batteries.value, server: server.value });
}

/** One patient: open safety alerts first, then a new assessment, drafts to resume or discard, and results. */
export function PatientScreen({ patientId, patientsHref, report, reportHref, patientHref, onHandOver, onEnter }: Props) {
  const t = useTranslate();
  const services = useServices();
  const { vault, env, catalogue } = services;
  const page = useLoaded(() => readPatientPage(vault, patientId), [vault, patientId]);
  // A failed action stays on screen until the next action: the page's own reload never erases it.
  const [actionProblem, setActionProblem] = useState<ReviewFailure | null>(null);
  const [starting, setStarting] = useState(false);
  // Counts the risk-flag sends this page made, so each flag's state is read again after one.
  const [flagSends, setFlagSends] = useState(0);

  const act = async (action: Promise<Result<unknown, ReviewFailure>>) => {
    const done = await action;
    setActionProblem(done.ok ? null : done.error);
    await page.reload();
    return done.ok;
  };

  /** "I have seen this alert", then the EHR's Flag is closed (inactive) through the outbox; its state shows below. */
  const acknowledge = async (assessmentId: string) => {
    if (!(await act(acknowledgeAlert(services, assessmentId)))) return;
    await sendRiskFlags(services, assessmentId);
    setFlagSends((n) => n + 1);
  };

  if (page.state.kind === 'failed') return <StorageErrorNotice problem={page.state.error} onRetry={() => void page.reload()} />;
  if (page.state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  const loaded = page.state.value;
  const { patient, assessments } = loaded;
  const drafts = assessments.filter((a) => a.status === 'draft');
  // Each visit as it now stands: its newest version, voided visits left out (they are listed with their reason).
  const completed = currentVersions(assessments);
  const corrected = correctedVisits(assessments);
  const alerted = assessments.filter(hasUnacknowledgedAlert);
  // Acknowledged alerts keep a line on whether the EHR's Flag was closed (only with an EHR connection).
  const flagged = loaded.server ? assessments.filter((a) => a.alerts.length > 0 && !hasUnacknowledgedAlert(a)) : [];
  if (report) {
    const shown = completed.find((a) => a.id === report.assessmentId) ?? completed[0];
    if (!shown) return <p>{t('completed.none')}</p>;
    // The profile's course up to this visit (the list is newest first).
    const history = completed.filter((a) => (a.completedAt ?? '') <= (shown.completedAt ?? ''));
    return <AssessmentReport patient={patient} assessment={shown} history={history} backHref={patientHref} printedAt={env.now()} />;
  }
  const [latest, ...earlier] = completed;
  // Its own effort task, or one fetched from the EHR with the visit (parameters only).
  const latestEffort = completed.find((a) => a.effortTask !== null || a.origin?.effort !== undefined) ?? null;
  const latestReward = completed.find((a) => a.rewardTask) ?? null;
  // A returning patient's page opens on their results; the start form waits behind "New assessment".
  const showStart = starting || (completed.length === 0 && drafts.length === 0);
  // The items asked (a part left out as not applicable is neither progress nor unanswered).
  const definitionsOf = (a: Assessment) => asGiven(a, a.instruments.flatMap(({ id }) => findInstrument(catalogue, id) ?? [])).map((i) => i.definition);
  const problemNotice =
    actionProblem?.kind === 'storage' ? (
      <StorageErrorNotice problem={actionProblem.error} />
    ) : actionProblem?.kind === 'refused' ? (
      <p role="alert" className="notice notice-error">
        {t(`review.${actionProblem.problem}`)}
      </p>
    ) : null;

  return (
    <section aria-labelledby="patient-heading">
      <a href={patientsHref} className="back-link">
        {t('patient.back')}
      </a>
      <div className="screen-head">
        <h2 id="patient-heading">{t('patient.heading', { code: patient.code })}</h2>
        {!showStart && (
          <button type="button" className="button" onClick={() => setStarting(true)}>
            {t('patient.newAssessment')}
          </button>
        )}
      </div>
      <p className="muted">
        {[patient.displayName, patient.birthYear ? t('patient.born', { year: patient.birthYear }) : null, patient.sex ? t(`sex.${patient.sex}`) : null]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {loaded.server && <FetchEarlierVisits patient={patient} server={loaded.server} onFetched={page.reload} />}
      {problemNotice}
      {alerted.map((a) => (
        <div key={a.id} role="alert" className="notice notice-error">
          {a.alerts.map((alert) => (
            <p key={alert.flag}>
              <strong>{describeFlag(catalogue, alert.instrumentId, alert.flag, t.language)}</strong>
              {quoteOrDate(flagAnswerText(t, catalogue, a, alert), t('text.parenthetical', { text: t.formatDate(a.updatedAt) }))}
            </p>
          ))}
          <button type="button" className="button" onClick={() => void acknowledge(a.id)}>
            {t('alerts.acknowledge')}
          </button>
          {loaded.server && <RiskFlagState assessment={a} sends={flagSends} />}
        </div>
      ))}
      {flagged.map((a) => (
        <RiskFlagState key={a.id} assessment={a} sends={flagSends} />
      ))}
      {showStart && (
        <StartAssessmentForm
          patientId={patient.id}
          customBatteries={loaded.batteries}
          onStarted={async (id, mode: AdministrationMode) => (mode === 'patient' ? onHandOver(id) : onEnter(id))}
        />
      )}
      {drafts.length > 0 && (
        <>
          <h3>{t('drafts.heading')}</h3>
          <ul className="card-list">
            {drafts.map((a) => (
              <li key={a.id} className="card">
                <p>
                  <strong>{batteryLabel(t, a.batteryName)}</strong>
                  <br />
                  {t('drafts.started', { date: t.formatDate(a.createdAt), ...countProgress(a, definitionsOf(a)) })}
                </p>
                <DraftDetails assessment={a} />
                <DraftActions
                  assessment={a}
                  onHandOver={() => void onHandOver(a.id)}
                  onEnter={() => onEnter(a.id)}
                  onDiscard={() => void act(discardAssessmentDraft(services, a.id))}
                  onFinish={findResumePoint(a, definitionsOf(a)) === null ? () => void act(finishAndScoreDraft(services, a.id)) : null}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      {!latest && !showStart && <p>{t('completed.none')}</p>}
      {latest && (
        <>
          <h3>{t('patient.latestVisit')}</h3>
          <div className="card">
            <CompletedVisit assessment={latest} patient={patient} server={loaded.server} reportHref={reportHref(latest.id)} completed={completed} onCorrected={page.reload} />
          </div>
          {/* A crash in the charts stays in the charts: drafts, results and exports remain usable. */}
          <ErrorBoundary fallback={(error) => <CrashNotice error={error} />}>
            <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
              <ProfilePanel completed={completed} />
              <ContextPanel completed={completed} />
              {/* The latest effort task, dated (each visit's is in its printable report), folded: a research measure. */}
              {latestEffort && (
                <details className="card">
                  <summary>{t('patient.effortOn', { date: t.formatDate(latestEffort.completedAt ?? latestEffort.updatedAt) })}</summary>
                  <VisitEffortView assessment={latestEffort} />
                </details>
              )}
              {/* The reward task on the anhedonia side: its own result, never mixed into the questionnaire axis. */}
              {latestReward?.rewardTask && (
                <details className="card">
                  <summary>{t('patient.rewardOn', { date: t.formatDate(latestReward.completedAt ?? latestReward.updatedAt) })}</summary>
                  <RewardResultView record={latestReward.rewardTask} />
                </details>
              )}
            </Suspense>
          </ErrorBoundary>
        </>
      )}
      {earlier.length > 0 && (
        <>
          <h3>{t('patient.earlierVisits')}</h3>
          <ul className="card-list">
            {earlier.map((a) => (
              <li key={a.id} className="card">
                <details>
                  <summary>
                    {batteryLabel(t, a.batteryName)} — {t('completed.on', { date: t.formatDate(a.completedAt ?? a.updatedAt) })}
                  </summary>
                  <CompletedVisit assessment={a} patient={patient} server={loaded.server} reportHref={reportHref(a.id)} completed={completed} onCorrected={page.reload} />
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
      {corrected.length > 0 && (
        <>
          <h3>{t('revision.history')}</h3>
          <ul className="card-list corrected-visits">
            {corrected.map(({ root, versions, voided }) => {
              const [newest] = versions;
              return (
                <li key={root} className="card">
                  <details>
                    <summary>
                      {newest && batteryLabel(t, newest.batteryName)} — {t('completed.on', { date: t.formatDate(newest?.completedAt ?? newest?.updatedAt ?? '') })}
                    </summary>
                    <ul className="plain-list">
                      {versions.map((v) => (
                        <li key={v.id}>
                          <strong>{v.revision ? revisionText(t, v.revision) : t('revision.first')}</strong>
                          {/* Each version's scores in one line per questionnaire (the full results are the current version's). */}
                          {v.instruments.map(({ id }) => {
                            const instrument = findInstrument(catalogue, id);
                            const result = v.results?.[id];
                            return instrument && result ? <p key={id}>{briefLine(t, instrument, result)}</p> : null;
                          })}
                        </li>
                      ))}
                    </ul>
                    {/* A voided visit made on this tablet can tell the EHR so; a pulled one already says it there. */}
                    {voided && newest && !newest.origin && <EhrExport assessment={newest} patient={patient} server={loaded.server} />}
                  </details>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

type VisitProps = {
  readonly assessment: Assessment;
  readonly patient: Patient;
  readonly server: FhirServerSettings | null;
  readonly reportHref: string;
  /** The patient's completed assessments (newest first): the note states the change up to this visit. */
  readonly completed: readonly Assessment[];
  /** After "Correct this visit" stored a new version. */
  readonly onCorrected: () => Promise<void>;
};

/**
 * One completed visit: what was given and when, its results, and what can be done with them. A visit fetched from
 * the EHR says so, with any score the EHR states differently, and is never sent back.
 */
function CompletedVisit({ assessment, patient, server, reportHref, completed, onCorrected }: VisitProps) {
  const t = useTranslate();
  const { catalogue } = useServices();
  const { origin } = assessment;
  const mismatchText = (m: NonNullable<typeof origin>['mismatches'][number]) => {
    const instrument = findInstrument(catalogue, m.instrumentId);
    const score = instrument ? (clinicianLabels(instrument, t.language).scores[m.key] ?? m.key) : m.key;
    const engine = m.engine === null ? '—' : t.formatNumber(m.engine);
    return t('origin.mismatch', { instrument: instrument?.definition.shortTitle ?? m.instrumentId, score, reported: t.formatNumber(m.reported), engine });
  };
  return (
    <>
      <p>
        <strong>{batteryLabel(t, assessment.batteryName)}</strong> — {t('completed.on', { date: t.formatDate(assessment.completedAt ?? assessment.updatedAt) })}
        {assessment.informantRelation && <span className="muted"> · {t('completed.informant', { relation: assessment.informantRelation })}</span>}
      </p>
      {origin && (
        <div className="notice">
          <p>{t('origin.fromServer', { date: t.formatDate(origin.pulledAt) })}</p>
          {origin.mismatches.map((m) => (
            <p key={`${m.instrumentId}/${m.key}/${m.source}`} className="report-warning">
              {mismatchText(m)}
            </p>
          ))}
        </div>
      )}
      {/* A corrected version says so before its scores, and why. */}
      {assessment.revision && (
        <p className="notice notice-info">
          {revisionText(t, assessment.revision)}
          {!origin && server && (
            <>
              <br />
              {t('revision.sendHint')}
            </>
          )}
        </p>
      )}
      <ResultSummary assessment={assessment} />
      <a className="button button-secondary" href={reportHref}>
        {t('completed.report')}
      </a>
      <NoteTextBlock assessment={assessment} patientCode={patient.code} history={completed.filter((c) => (c.completedAt ?? '') <= (assessment.completedAt ?? ''))} />
      {!origin && <EhrExport assessment={assessment} patient={patient} server={server} />}
      {/* Keyed by version: once a correction is saved, the new version's form starts folded and empty. */}
      <details key={assessment.id} className="correct-visit">
        <summary>{t('correct.heading')}</summary>
        <CorrectVisit assessment={assessment} onCorrected={onCorrected} />
      </details>
    </>
  );
}
