import { asGiven, findResumePoint, givenPack, givenText } from '../../domain/assessment.ts';
import { asPatientId } from '../../domain/ids.ts';
import { err } from '../../domain/result.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { nativeLanguageName } from '../../i18n/language-names.ts';
import { getPatient } from '../../storage/patient-repository.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { QuestionnaireRunner } from '../../ui/instrument-form/questionnaire-runner.tsx';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';
import { useAssessmentSession } from './use-assessment-session.ts';

type Props = {
  readonly assessmentId: string;
  /** Back to the patient's page (answers are already saved). */
  readonly onLeave: (patientId: string) => void;
};

/** The clinician keys in answers: a clinician-rated interview (AES-C) or an informant's report (AES-I). */
export function ClinicianEntryScreen({ assessmentId, onLeave }: Props) {
  const t = useTranslate();
  const { vault } = useServices();
  const session = useAssessmentSession(assessmentId);
  const patientId = session.state.kind === 'ready' ? session.state.assessment.patientId : null;
  // The heading names the patient by code; until it is read (or if it cannot be), the heading has no code.
  const patient = useLoaded(() => (patientId ? getPatient(vault, asPatientId(patientId)) : Promise.resolve(err(null))), [vault, patientId]);
  const patientCode = patient.state.kind === 'ready' ? patient.state.value.code : null;
  if (session.state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (session.state.kind === 'failed') return <StorageErrorNotice problem={session.state.problem} />;
  const { assessment } = session.state;
  // Only the items asked: a part the clinician left out as not applicable (CBI's work or client part) is skipped.
  const instruments = asGiven(assessment, session.state.instruments);
  // Questionnaires the clinician reads aloud and interprets: no text in the patient's language on this tablet.
  const interpreted = instruments.filter((i) => givenText(assessment, i.definition.id).reading === 'clinician-read').map((i) => i.definition.shortTitle);
  return (
    <section aria-labelledby="enter-heading">
      <div className="screen-head">
        <h2 id="enter-heading">{t('enter.heading', { code: patientCode ?? '' })}</h2>
        <button type="button" className="button button-secondary" onClick={() => onLeave(assessment.patientId)}>
          {t('enter.leave')}
        </button>
      </div>
      {session.saveProblem && <StorageErrorNotice problem={session.saveProblem} onRetry={() => void session.retry()} answersKept={session.pendingWrites > 0} />}
      {interpreted.length > 0 && (
        <p className="notice notice-warning">{t('lang.interpretNotice', { language: nativeLanguageName(assessment.language), names: interpreted.join(t('text.listSeparator')) })}</p>
      )}
      <QuestionnaireRunner
        instruments={instruments}
        textOf={(instrument) => givenPack(assessment, instrument)}
        answers={assessment.answers}
        start={findResumePoint(assessment, instruments.map((i) => i.definition))}
        onAnswer={(instrument, itemId, code, durationMs) => {
          // A safety answer goes to the EHR at once as a Flag, when the clinic has a connection.
          if (session.answer(instrument, itemId, code, durationMs).length > 0) void session.sendRiskFlags();
        }}
        onFinish={() => {
          void session.finish().then((done) => done && onLeave(assessment.patientId));
        }}
      />
    </section>
  );
}
