import { findResumePoint } from '../../domain/assessment.ts';
import type { Environment } from '../../domain/ids.ts';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Vault } from '../../storage/vault.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { QuestionnaireRunner } from '../../ui/instrument-form/questionnaire-runner.tsx';
import { useAssessmentSession } from './use-assessment-session.ts';

type Props = {
  readonly vault: Vault;
  readonly catalogue: Catalogue;
  readonly env: Environment;
  readonly assessmentId: string;
  readonly patientCode: string | null;
  /** Back to the patient's page (answers are already saved). */
  readonly onLeave: (patientId: string) => void;
};

/** The clinician keys in answers: a clinician-rated interview (AES-C) or an informant's report (AES-I). */
export function ClinicianEntryScreen({ vault, catalogue, env, assessmentId, patientCode, onLeave }: Props) {
  const t = useTranslate();
  const session = useAssessmentSession(vault, catalogue, env, assessmentId);
  if (session.state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (session.state.kind === 'failed') return <StorageErrorNotice problem={session.state.problem} />;
  const { assessment, instruments } = session.state;
  return (
    <section aria-labelledby="enter-heading">
      <div className="screen-head">
        <h2 id="enter-heading">{t('enter.heading', { code: patientCode ?? '' })}</h2>
        <button type="button" className="button button-secondary" onClick={() => onLeave(assessment.patientId)}>
          {t('enter.leave')}
        </button>
      </div>
      {session.saveProblem && <StorageErrorNotice problem={session.saveProblem} onRetry={() => void session.retry()} />}
      <QuestionnaireRunner
        instruments={instruments}
        answers={assessment.answers}
        start={findResumePoint(assessment, instruments.map((i) => i.definition))}
        onAnswer={(instrument, itemId, code, durationMs) => {
          session.answer(instrument, itemId, code, durationMs);
        }}
        onFinish={() => {
          void session.finish().then((done) => done && onLeave(assessment.patientId));
        }}
      />
    </section>
  );
}
