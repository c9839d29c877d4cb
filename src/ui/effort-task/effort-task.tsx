import { useEffect, useRef, useState } from 'react';
import { applyEffortTaskEvent } from '../../domain/effort-task/task-events.ts';
import { nextStep, totalPoints, type EffortTaskStep } from '../../domain/effort-task/task-progress.ts';
import type { EffortTaskRecord, EffortTrial } from '../../domain/effort-task/task-record.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { CalibrationPhase } from './calibration-phase.tsx';
import { ComprehensionPhase } from './comprehension-phase.tsx';
import { EndScreen } from './end-screen.tsx';
import { MainPhase } from './main-phase.tsx';
import { PracticePhase } from './practice-phase.tsx';
import { SkipPanel } from './skip-panel.tsx';
import type { DispatchEffortEvent, PhaseProps } from './task-dispatch.ts';
import { feedbackMessage, TrialFeedback } from './trial-feedback.tsx';

type Props = {
  /** The record to show; pass back each record received through `onChange` (a controlled component). */
  readonly record: EffortTaskRecord;
  /** Called with the new record after every finished step: save it at once. */
  readonly onChange: (next: EffortTaskRecord) => void;
  /** Called when the patient leaves the final screen (done or stopped). */
  readonly onDone: () => void;
  /** Epoch milliseconds; every stored time and every effort window is measured with it. */
  readonly now: () => number;
};

/**
 * The effort-based decision-making task for patients on a tablet: calibration, practice, instructions and check,
 * then the offers. It shows whatever `nextStep(record)` says, so any saved record resumes where it stopped.
 * It knows nothing of storage or routing.
 */
export function EffortTask({ record, onChange, onDone, now }: Props) {
  const t = useTranslate();
  const latest = useRef(record);
  latest.current = record;
  const [skipping, setSkipping] = useState(false);
  const [feedback, setFeedback] = useState<EffortTrial | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const { feedbackMs } = record.config;

  useEffect(() => {
    if (!feedback) return undefined;
    const id = setTimeout(() => setFeedback(null), feedbackMs);
    return () => clearTimeout(id);
  }, [feedback, feedbackMs]);

  // The same sentence twice in a row (two rejections) must still be spoken: vary it invisibly.
  const announce = (message: string) => setAnnouncement((previous) => (previous === message ? `${message}\u00a0` : message));
  const dispatch: DispatchEffortEvent = (event) => {
    const result = applyEffortTaskEvent(latest.current, event);
    // Only a late timer after the patient stopped can miss its step; there is nothing to record then.
    if (!result.ok) return false;
    latest.current = result.value;
    onChange(result.value);
    const trial = event.type === 'effort-end' ? result.value.trials.at(-1) : undefined;
    if (trial) {
      setFeedback(trial);
      announce(feedbackMessage(t, trial));
    }
    return true;
  };
  const phase: PhaseProps = { record, now, dispatch, announce };
  const step = nextStep(record);
  const inProgress = step.kind !== 'done' && step.kind !== 'skipped';
  const inMain = step.kind === 'trial' || step.kind === 'block-break' || feedback !== null;

  return (
    <div className="effort-task">
      <div className="effort-topbar">
        <span className="effort-points">{inMain ? t('effort.points', { points: totalPoints(record) }) : null}</span>
        {inProgress && !skipping ? (
          <button type="button" className="button button-quiet effort-skip-open" onClick={() => setSkipping(true)}>
            {t('effort.skip.open')}
          </button>
        ) : null}
      </div>
      {skipping ? (
        <SkipPanel
          onCancel={() => setSkipping(false)}
          onConfirm={(reason) => {
            setSkipping(false);
            setFeedback(null);
            dispatch({ type: 'skip', reason, at: now() });
          }}
        />
      ) : feedback ? (
        <TrialFeedback trial={feedback} total={totalPoints(record)} />
      ) : (
        renderStep(step, phase, totalPoints(record), onDone)
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

function renderStep(step: EffortTaskStep, phase: PhaseProps, total: number, onDone: () => void) {
  switch (step.kind) {
    case 'calibration':
    case 'calibration-failed':
      return <CalibrationPhase {...phase} step={step} />;
    case 'practice':
      return <PracticePhase {...phase} step={step} />;
    case 'comprehension':
      return <ComprehensionPhase {...phase} step={step} />;
    case 'trial':
    case 'block-break':
      return <MainPhase {...phase} step={step} />;
    case 'done':
    case 'skipped':
      return <EndScreen kind={step.kind} total={total} onDone={onDone} />;
  }
}
