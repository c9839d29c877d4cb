import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react';
import { asGiven, findResumePoint, givenPack } from '../../domain/assessment-progress.ts';
import { answeredItems, opensMidQuestionnaire, sittingEstimate, type PatientSession } from '../../domain/patient-session.ts';
import { helpTextFor, type HelpTexts } from '../../domain/help-text.ts';
import { I18nProvider, useTranslate, useTranslatorFor } from '../../i18n/i18n-context.tsx';
import { loadMessages } from '../../i18n/translate.ts';
import { QuestionnaireRunner } from '../../ui/instrument-form/questionnaire-runner.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { FocusHeading } from '../../ui/components/focus-heading.tsx';
import { useIdleTimer } from '../../ui/components/use-idle-timer.ts';
import { SafetyMessage } from './safety-message.tsx';
import { StorageFullNotice } from './storage-full-notice.tsx';
import { useServices } from '../services-context.tsx';
import { usePatientSession } from './use-patient-session.ts';

/** The effort task (its screens, rules and zod schemas) loads when the game begins: most tablets resume to an item. */
const EffortTask = lazy(() =>
  Promise.all([import('../../ui/effort-task/effort-task.tsx'), loadMessages('effort')]).then(([m]) => ({ default: m.EffortTask })),
);
/** The reward task likewise loads when it begins. */
const RewardTask = lazy(() =>
  Promise.all([import('../../ui/reward-task/reward-task.tsx'), loadMessages('reward')]).then(([m]) => ({ default: m.RewardTask })),
);
import type { StorageError } from '../../domain/storage-failure.ts';
import type { Result } from '../../domain/result.ts';
import type { OpenedPatientSession } from '../../workflows/patient-answers.ts';

type Props = {
  readonly assessmentId: string;
  /** The assessment as the clinician had it open at the hand-over (memory only); null after a reload. */
  readonly known: PatientSession | null;
  /** The session as the app's boot already opened it (after a reload), shown at once; read again on a later mount. */
  readonly opened?: Result<OpenedPatientSession, StorageError> | undefined;
  /** The clinic's help text after a safety answer, by language. */
  readonly helpTexts: HelpTexts;
  readonly inactivityMinutes: number;
  /**
   * A staff member asks to take the tablet back (leads to the passphrase). `locked` is true after the idle lock or
   * a failure: then only the passphrase leads on, never straight back to the questions.
   */
  readonly onStaff: (locked: boolean) => void;
};

type Phase = 'welcome' | 'questions' | 'game-intro' | 'effort' | 'reward-intro' | 'reward' | 'with-staff' | 'finished' | 'idle';

/**
 * The handed-over tablet: one patient, one battery, nothing else reachable. Holds no key that opens a record: after
 * a reload (or a closed tab, or a restarted browser) it resumes at the first unanswered item, knowing which items
 * were answered but not how; an effort or reward task begun before a reload is left to staff. Blanks to a locked screen after
 * the configured minutes without a touch, keeping every answer.
 */
export function PatientModeScreen({ assessmentId, known, opened, helpTexts, inactivityMinutes, onStaff }: Props) {
  const interfaceT = useTranslate();
  const { env } = useServices();
  const session = usePatientSession(assessmentId, known, opened);
  // Everything the patient reads (buttons, progress, the safety message) is in the language they read.
  const patientT = useTranslatorFor(session.state.kind === 'ready' ? session.state.session.language : null);
  const t = patientT ?? interfaceT;
  const [phase, setPhase] = useState<Phase>('welcome');
  // Decided once, when the session is first in. After a reload (nothing known in memory), a patient who had begun
  // answering goes straight back to the next question (opensMidQuestionnaire); a hand-over by staff, or a patient who
  // had not begun, starts at the welcome.
  const [placed, setPlaced] = useState(false);
  if (!placed && session.state.kind === 'ready') {
    setPlaced(true);
    const { session: given, instruments } = session.state;
    if (known === null && opensMidQuestionnaire(given, asGiven(given, instruments).map((i) => i.definition))) setPhase('questions');
  }
  const [safety, setSafety] = useState(false);
  const goIdle = useCallback(() => setPhase('idle'), []);
  useIdleTimer(inactivityMinutes, phase === 'questions' || phase === 'welcome' || phase === 'game-intro' || phase === 'effort' || phase === 'reward-intro' || phase === 'reward', goIdle);

  const screen = (): ReactNode => {
    const staffBar = (locked: boolean) => (
      <div className="staff-bar">
        <button type="button" className="button button-quiet" onClick={() => onStaff(locked)}>
          {t('handover.staff')}
        </button>
      </div>
    );
    if (session.state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
    // The staff part of a full-disk notice is in the interface language: staff read it, not the patient.
    const forStaff = (problem: StorageError, onRetry?: () => void) => (
      <I18nProvider translate={interfaceT}>
        <StorageErrorNotice problem={problem} {...(onRetry ? { onRetry, answersKept: session.pendingWrites > 0 } : {})} />
      </I18nProvider>
    );
    if (session.state.kind === 'failed') {
      const { problem } = session.state;
      return (
        <section className="patient-mode">
          {problem.code === 'storage-full' ? <StorageFullNotice staff={forStaff(problem)} /> : <StorageErrorNotice problem={problem} />}
          {staffBar(true)}
        </section>
      );
    }
    // A full disk stops the session where it is, whatever the phase: the answers wait in memory, and the Staff button
    // (which would leave patient mode and drop them) is gone until Try again has stored them.
    if (session.saveProblem?.code === 'storage-full') {
      return (
        <section className="patient-mode centered">
          <StorageFullNotice staff={forStaff(session.saveProblem, () => void session.retry())} />
        </section>
      );
    }
    // Only the items asked: a part the clinician left out as not applicable (CBI's work or client part) is skipped.
    const given = session.state.session;
    const instruments = asGiven(given, session.state.instruments);
    const staffButton = staffBar(phase === 'idle');
    const resumeAt = findResumePoint({ answers: answeredItems(given) }, instruments.map((i) => i.definition));
    // A safety answer (e.g. PHQ-9 item 9) not yet seen by staff ends the session: no game ever starts after a risk
    // disclosure, and the patient is asked to call staff now instead.
    const safetyStop = given.alertOpen;
    const effortTask = given.effortTask?.outcome.status === 'in-progress' ? given.effortTask : null;
    const rewardTask = given.rewardTask?.outcome.status === 'in-progress' ? given.rewardTask : null;
    const finish = () => void session.finish().then((done) => done && setPhase('finished'));
    // Questions, then the effort game, then the reward game; a game begun before a reload is left to staff.
    const afterEffort = () => (safetyStop ? finish() : rewardTask ? setPhase('reward-intro') : given.rewardTaskWithStaff ? setPhase('with-staff') : finish());
    const afterQuestions = () => (safetyStop ? finish() : effortTask ? setPhase('game-intro') : given.effortTaskWithStaff ? setPhase('with-staff') : afterEffort());
    const gamesLeft = effortTask !== null || given.effortTaskWithStaff || rewardTask !== null || given.rewardTaskWithStaff;
    const estimate = sittingEstimate(given, instruments.map((i) => i.definition));

    if (phase === 'with-staff') {
      return (
        <section className="patient-mode centered" aria-labelledby="pm-end">
          <FocusHeading id="pm-end">{t('handover.withStaffHeading')}</FocusHeading>
          <p className="lead">{t('handover.withStaffBody')}</p>
          {staffBar(true)}
        </section>
      );
    }
    if (phase === 'idle' || phase === 'finished' || given.finished) {
      const finished = phase === 'finished' || given.finished;
      const heading = !finished ? t('idle.heading') : safetyStop ? t('finished.staffNowHeading') : t('finished.heading');
      const body = !finished ? t('idle.body') : safetyStop ? t('finished.staffNowBody') : t('finished.body');
      return (
        <section className="patient-mode centered" aria-labelledby="pm-end">
          <FocusHeading id="pm-end">{heading}</FocusHeading>
          <p className="lead">{body}</p>
          {/* The patient's part is over (or the tablet idled): the passphrase leads on, never back to the questions. */}
          {staffBar(true)}
        </section>
      );
    }
    if (phase === 'welcome') {
      return (
        <section className="patient-mode" aria-labelledby="pm-welcome">
          {staffButton}
          <h2 id="pm-welcome">{t('handover.heading')}</h2>
          <p className="lead">
            {instruments.length === 1
              ? t('handover.introOne', { questions: estimate.questions, minutes: estimate.questionMinutes })
              : t('handover.intro', { count: instruments.length, questions: estimate.questions, minutes: estimate.questionMinutes })}
          </p>
          {estimate.gameMinutes !== null && !safetyStop && <p className="lead">{t('handover.introGame', { minutes: estimate.gameMinutes })}</p>}
          {estimate.rewardMinutes !== null && !safetyStop && <p className="lead">{t('handover.introReward', { minutes: estimate.rewardMinutes })}</p>}
          <button type="button" className="button button-large" onClick={() => (resumeAt === null && gamesLeft ? afterQuestions() : setPhase('questions'))}>
            {t('handover.begin')}
          </button>
        </section>
      );
    }
    // Each game is announced before it starts: never sprung on the patient straight after the questions.
    const gameIntro = (id: string, heading: string, body: string, start: () => void) => (
      <section className="patient-mode centered" aria-labelledby={id}>
        {staffButton}
        <FocusHeading id={id}>{heading}</FocusHeading>
        <p className="lead">{body}</p>
        <button type="button" className="button button-large" onClick={start}>
          {t('handover.gameStart')}
        </button>
      </section>
    );
    const gameScreen = (label: string, game: ReactNode) => (
      <section className="patient-mode" aria-label={label}>
        {staffButton}
        {session.saveProblem && <StorageErrorNotice problem={session.saveProblem} onRetry={() => void session.retry()} />}
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>{game}</Suspense>
      </section>
    );
    if (phase === 'game-intro') return gameIntro('pm-game', t('handover.gameHeading'), t('handover.gameBody', { minutes: estimate.gameMinutes ?? 1 }), () => setPhase('effort'));
    if (phase === 'effort' && given.effortTask) {
      return gameScreen(t('effortTask.title'), <EffortTask record={given.effortTask} onChange={session.saveEffortTask} onDone={afterEffort} now={env.nowMs} />);
    }
    if (phase === 'reward-intro') return gameIntro('pm-reward', t('handover.rewardHeading'), t('handover.rewardBody', { minutes: estimate.rewardMinutes ?? 1 }), () => setPhase('reward'));
    if (phase === 'reward' && given.rewardTask) {
      return gameScreen(t('rewardTask.title'), <RewardTask record={given.rewardTask} onChange={session.saveRewardTask} onDone={finish} now={env.nowMs} />);
    }
    return (
      <section className="patient-mode" aria-label={t('handover.heading')}>
        {staffButton}
        {session.saveProblem && <StorageErrorNotice problem={session.saveProblem} onRetry={() => void session.retry()} />}
        <QuestionnaireRunner
          plainTitles
          instruments={instruments}
          textOf={(instrument) => givenPack(given, instrument)}
          answers={given.answers}
          answeredEarlier={given.answeredEarlier}
          start={resumeAt}
          onAnswer={(instrument, itemId, code, durationMs) => {
            if (session.answer(instrument, itemId, code, durationMs).length > 0) setSafety(true);
          }}
          onFinish={afterQuestions}
          interruption={safety ? <SafetyMessage helpText={helpTextFor(helpTexts, given.language)} onContinue={() => setSafety(false)} /> : null}
        />
      </section>
    );
  };
  return (
    <I18nProvider translate={t}>
      <div lang={t.language}>{patientT ? screen() : <p role="status">{t('app.loading')}</p>}</div>
    </I18nProvider>
  );
}
