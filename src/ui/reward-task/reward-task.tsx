import { useEffect, useRef, useState } from 'react';
import type { RewardTaskEvent } from '../../domain/prt/task-events.ts';
import { applyRewardTaskEvent } from '../../domain/prt/task-events.ts';
import { nextRewardStep, rewardPoints, type RewardTaskStep } from '../../domain/prt/task-progress.ts';
import type { RewardTaskRecord } from '../../domain/prt/task-record.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { BlockBreak } from '../components/block-break.tsx';
import { EndScreen } from './end-screen.tsx';
import { InstructionsScreen } from './instructions-screen.tsx';
import { ReadyScreen } from './ready-screen.tsx';
import { SkipPanel } from './skip-panel.tsx';
import { TrialScreen, type TrialOnScreen } from './trial-screen.tsx';
import type { MouthTrialAnswer } from './use-mouth-trial.ts';

type Props = {
  /** The record to show; pass back each record received through `onChange` (a controlled component). */
  readonly record: RewardTaskRecord;
  /** Called with the new record after every applied event: save it at once. */
  readonly onChange: (next: RewardTaskRecord) => void;
  /** Called when the patient leaves the final screen (done or stopped). */
  readonly onDone: () => void;
  /** Epoch milliseconds, for every stored time (reaction and display times use `performance.now()`). */
  readonly now: () => number;
};

/** After a main-task answer: the trial stays on screen with "Correct! …" (rewarded) or an empty line (not). */
type Feedback = { readonly trial: TrialOnScreen; readonly message: string };

/**
 * The Probabilistic Reward Task for patients on a tablet: instructions, practice without points, then the trials
 * with a rest between blocks. It shows whatever `nextRewardStep(record)` says, so a saved record resumes at its next
 * trial. It knows nothing of storage or routing.
 */
export function RewardTask({ record, onChange, onDone, now }: Props) {
  const t = useTranslate();
  const latest = useRef(record);
  latest.current = record;
  // Not stored: re-reading the instructions or the "practice done" screen after a reload costs nothing.
  const [started, setStarted] = useState(false);
  const [mainStarted, setMainStarted] = useState(false);
  const [skipping, setSkipping] = useState(false);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const { feedbackMs } = record.config;

  useEffect(() => {
    if (!feedback) return undefined;
    const id = setTimeout(() => setFeedback(null), feedbackMs);
    return () => clearTimeout(id);
  }, [feedback, feedbackMs]);

  const dispatch = (event: RewardTaskEvent): RewardTaskRecord | null => {
    const result = applyRewardTaskEvent(latest.current, event);
    // Only a late answer after the patient stopped can miss its step; there is nothing to record then.
    if (!result.ok) return null;
    latest.current = result.value;
    onChange(result.value);
    return result.value;
  };
  const answer = (trial: TrialOnScreen, given: MouthTrialAnswer) => {
    const next = dispatch({ type: 'answer', phase: trial.phase, index: trial.index, ...given });
    if (!next || trial.phase === 'practice') return;
    const won = next.trials.at(-1)?.rewarded === true;
    setFeedback({ trial, message: won ? t('reward.feedback.won', { points: next.config.rewardPoints }) : '' });
  };

  const step = nextRewardStep(record, started);
  const total = rewardPoints(record);
  const inProgress = step.kind !== 'done' && step.kind !== 'skipped';
  const ready = step.kind === 'trial' && step.index === 0 && record.practice.length > 0 && !mainStarted;
  const onScreen = feedback?.trial ?? (ready ? null : trialOf(step));
  const inMain = step.kind === 'trial' || step.kind === 'block-break' || feedback !== null;

  const screen = () => {
    if (skipping) {
      return (
        <SkipPanel
          onCancel={() => setSkipping(false)}
          onConfirm={(reason) => {
            setSkipping(false);
            setFeedback(null);
            dispatch({ type: 'skip', reason, at: now() });
          }}
        />
      );
    }
    if (onScreen) {
      const progress = onScreen.phase === 'practice' ? t('reward.practice.progress', { number: onScreen.index + 1, total: record.config.practiceTrials }) : null;
      return <TrialScreen record={record} trial={onScreen} progress={progress} feedback={feedback} now={now} onAnswer={answer} />;
    }
    if (ready) return <ReadyScreen blocks={record.config.blocks} onStart={() => setMainStarted(true)} />;
    return renderStep(step);
  };
  const renderStep = (current: RewardTaskStep) => {
    switch (current.kind) {
      case 'instructions':
        return <InstructionsScreen config={record.config} onStart={() => setStarted(true)} />;
      case 'block-break':
        return (
          <BlockBreak
            heading={t('reward.break.heading')}
            progress={t('reward.break.progress', { block: current.afterBlock, blocks: current.blocks })}
            continueLabel={t('reward.break.continue')}
            className="reward-screen"
            leadClassName="reward-lead"
            now={now}
            onContinue={(rest) => dispatch({ type: 'break-end', afterBlock: current.afterBlock, ...rest })}
          />
        );
      case 'done':
      case 'skipped':
        return <EndScreen kind={current.kind} total={total} onDone={onDone} />;
      case 'practice':
      case 'trial':
        return null;
    }
  };

  return (
    <div className="reward-task">
      <div className="reward-topbar">
        <span className="reward-points">{inMain ? t('reward.points', { points: total }) : null}</span>
        {inProgress && !skipping ? (
          <button type="button" className="button button-quiet reward-skip-open" onClick={() => setSkipping(true)}>
            {t('reward.skip.open')}
          </button>
        ) : null}
      </div>
      {screen()}
    </div>
  );
}

function trialOf(step: RewardTaskStep): TrialOnScreen | null {
  if (step.kind === 'practice') return { phase: 'practice', index: step.index, mouth: step.mouth };
  if (step.kind === 'trial') return { phase: 'main', index: step.index, mouth: step.mouth };
  return null;
}
