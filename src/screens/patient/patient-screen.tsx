import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { countProgress, hasUnacknowledgedAlert, type AdministrationMode, type Assessment } from '../../domain/assessment.ts';
import type { Battery } from '../../domain/battery.ts';
import { asPatientId, type Environment } from '../../domain/ids.ts';
import { describeFlag, findInstrument, type Catalogue } from '../../domain/instrument-catalogue.ts';
import type { Patient } from '../../domain/patient.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { listAssessmentsForPatient, updateAssessment } from '../../storage/assessment-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { getPatient } from '../../storage/patient-repository.ts';
import { readCustomBatteries, readFhirServer, type FhirServerSettings } from '../../storage/settings-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { AssessmentReport } from './assessment-report.tsx';
import { DraftActions } from './draft-actions.tsx';
import { EhrExport } from './ehr-export.tsx';
import { NoteTextBlock } from './note-text-block.tsx';
import { ResultSummary } from './result-summary.tsx';
import { StartAssessmentForm } from './start-assessment-form.tsx';

// The profile carries recharts; loading it lazily keeps it off the start page and the patient-mode path.
const ProfilePanel = lazy(() => import('./profile-panel.tsx').then((m) => ({ default: m.ProfilePanel })));
const EffortResultView = lazy(() => import('./effort-result-view.tsx').then((m) => ({ default: m.EffortResultView })));

type Props = {
  readonly vault: Vault;
  readonly env: Environment;
  readonly catalogue: Catalogue;
  readonly patientId: string;
  readonly patientsHref: string;
  /** The printable report of one assessment (null: the latest), or the patient's page when absent. */
  readonly report?: { readonly assessmentId: string | null };
  readonly reportHref: (assessmentId: string | null) => string;
  readonly patientHref: string;
  readonly onHandOver: (assessmentId: string) => void;
  readonly onEnter: (assessmentId: string) => void;
};

type Loaded = { readonly patient: Patient; readonly assessments: readonly Assessment[]; readonly batteries: readonly Battery[]; readonly server: FhirServerSettings | null };

/** One patient: open safety alerts first, then a new assessment, drafts to resume or discard, and results. */
export function PatientScreen({ vault, env, catalogue, patientId, patientsHref, report, reportHref, patientHref, onHandOver, onEnter }: Props) {
  const t = useTranslate();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<StorageError | null>(null);

  const load = useCallback(async () => {
    const id = asPatientId(patientId);
    const [patient, assessments, batteries, server] = await Promise.all([getPatient(vault, id), listAssessmentsForPatient(vault, id), readCustomBatteries(vault.db), readFhirServer(vault)]);
    if (!patient.ok) return setProblem(patient.error);
    if (!assessments.ok) return setProblem(assessments.error);
    setProblem(null);
    setLoaded({ patient: patient.value, assessments: assessments.value, batteries: batteries.ok ? batteries.value : [], server: server.ok ? server.value : null });
  }, [vault, patientId]);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async (assessment: Assessment) => {
    const saved = await updateAssessment(vault, assessment);
    if (!saved.ok) setProblem(saved.error);
    await load();
  };

  if (problem) return <StorageErrorNotice problem={problem} onRetry={() => void load()} />;
  if (!loaded) return <p role="status">{t('app.loading')}</p>;
  const { patient, assessments } = loaded;
  const drafts = assessments.filter((a) => a.status === 'draft');
  const completed = assessments.filter((a) => a.status === 'completed');
  const alerted = assessments.filter(hasUnacknowledgedAlert);
  if (report) {
    const shown = completed.find((a) => a.id === report.assessmentId) ?? completed[0];
    if (!shown) return <p>{t('completed.none')}</p>;
    // The profile's course up to this visit (the list is newest first).
    const history = completed.filter((a) => (a.completedAt ?? '') <= (shown.completedAt ?? ''));
    return <AssessmentReport patient={patient} assessment={shown} history={history} catalogue={catalogue} backHref={patientHref} printedAt={env.now()} />;
  }
  const latestEffort = completed.find((a) => a.effortTask !== null)?.effortTask ?? null;
  const definitionsOf = (a: Assessment) => a.instruments.flatMap(({ id }) => findInstrument(catalogue, id)?.definition ?? []);

  return (
    <section aria-labelledby="patient-heading">
      <a href={patientsHref} className="back-link">
        {t('patient.back')}
      </a>
      <div className="screen-head">
        <h2 id="patient-heading">{t('patient.heading', { code: patient.code })}</h2>
        {completed.length > 0 && (
          <a className="button button-secondary" href={reportHref(null)}>
            {t('patient.print')}
          </a>
        )}
      </div>
      <p className="muted">
        {[patient.displayName, patient.birthYear ? t('patient.born', { year: patient.birthYear }) : null, patient.sex ? t(`sex.${patient.sex}`) : null]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {alerted.map((a) => (
        <div key={a.id} role="alert" className="notice notice-error">
          {a.alerts.map((alert) => (
            <p key={alert.flag}>
              <strong>{describeFlag(catalogue, alert.instrumentId, alert.flag)}</strong>{' '}
              ({t.formatDate(a.updatedAt)})
            </p>
          ))}
          <button type="button" className="button" onClick={() => void save({ ...a, alertsAcknowledgedAt: env.now() })}>
            {t('alerts.acknowledge')}
          </button>
        </div>
      ))}
      <StartAssessmentForm
        vault={vault}
        env={env}
        catalogue={catalogue}
        patientId={patient.id}
        customBatteries={loaded.batteries}
        onStarted={(id, mode: AdministrationMode) => (mode === 'patient' ? onHandOver(id) : onEnter(id))}
      />
      <h3>{t('drafts.heading')}</h3>
      {drafts.length === 0 && <p>{t('drafts.none')}</p>}
      <ul className="card-list">
        {drafts.map((a) => (
          <li key={a.id} className="card">
            <p>
              <strong>{a.batteryName}</strong>
              <br />
              {t('drafts.started', { date: t.formatDate(a.createdAt), ...countProgress(a, definitionsOf(a)) })}
            </p>
            <DraftActions
              assessment={a}
              onHandOver={() => onHandOver(a.id)}
              onEnter={() => onEnter(a.id)}
              onDiscard={() => void save({ ...a, status: 'discarded', updatedAt: env.now() })}
            />
          </li>
        ))}
      </ul>
      {completed.length > 0 && (
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <ProfilePanel completed={completed} catalogue={catalogue} />
          {/* Beside the questionnaire profile: the latest effort task (each visit's is in its printable report). */}
          {latestEffort && <EffortResultView record={latestEffort} />}
        </Suspense>
      )}
      <h3>{t('completed.heading')}</h3>
      {completed.length === 0 && <p>{t('completed.none')}</p>}
      <ul className="card-list">
        {completed.map((a) => (
          <li key={a.id} className="card">
            <p>
              <strong>{a.batteryName}</strong> — {t('completed.on', { date: t.formatDate(a.completedAt ?? a.updatedAt) })}
              {a.informantRelation && <span className="muted"> · {t('completed.informant', { relation: a.informantRelation })}</span>}
            </p>
            <ResultSummary assessment={a} catalogue={catalogue} />
            <a className="button button-secondary" href={reportHref(a.id)}>
              {t('completed.report')}
            </a>
            <NoteTextBlock assessment={a} catalogue={catalogue} patientCode={patient.code} />
            <EhrExport vault={vault} assessment={a} patient={patient} catalogue={catalogue} now={env.now} server={loaded.server} />
          </li>
        ))}
      </ul>
    </section>
  );
}
