import type { PointerEvent } from 'react';
import type { RewardTaskRecord } from '../../domain/prt/task-record.ts';
import type { Mouth } from '../../domain/prt/task-schedule.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { RewardFace } from './reward-face.tsx';
import { useMouthTrial, type MouthTrialAnswer } from './use-mouth-trial.ts';

/** The trial on screen: which schedule, which position, which mouth. */
export type TrialOnScreen = { readonly phase: 'practice' | 'main'; readonly index: number; readonly mouth: Mouth };

type Props = {
  readonly record: RewardTaskRecord;
  readonly trial: TrialOnScreen;
  /** "Practice: 3 of 8" during the practice; null in the main task. */
  readonly progress: string | null;
  /** The feedback after a main-task answer, or null: the blank face (empty message) or "Correct! …". */
  readonly feedback: { readonly message: string } | null;
  readonly now: () => number;
  readonly onAnswer: (trial: TrialOnScreen, answer: MouthTrialAnswer) => void;
};

/**
 * One trial after another: the face, a feedback line and the two answer buttons. The buttons stay mounted from trial
 * to trial, so keyboard focus stays on them; they are `aria-disabled` (still focusable) until the mouth appears.
 * Touch and mouse answer on pointerdown (a click waits for the finger to lift); the keyboard answers on its click
 * (detail 0), so a tap's own click is never counted twice.
 */
export function TrialScreen({ record, trial, progress, feedback, now, onAnswer }: Props) {
  const t = useTranslate();
  const { config, assignment } = record;
  const { crossRef, faceRef, mouthRef, answerable, answer } = useMouthTrial({
    trialKey: `${trial.phase}-${String(trial.index)}`,
    timing: config,
    running: feedback === null,
    now,
    onAnswer: (given) => onAnswer(trial, given),
  });
  const sides: readonly Mouth[] = assignment.shortSide === 'left' ? ['short', 'long'] : ['long', 'short'];
  const onPointerDown = (mouth: Mouth) => (event: PointerEvent<HTMLButtonElement>) => {
    if (!event.isPrimary || event.button !== 0) return;
    // No focus shuffle, text selection or double-tap zoom from quick taps.
    event.preventDefault();
    answer(mouth);
  };
  return (
    <section className="reward-trial">
      <p className="reward-progress">{progress ?? '\u00a0'}</p>
      <RewardFace mouthWidth={config.mouthWidth} trialMouth={trial.mouth} crossRef={crossRef} faceRef={faceRef} mouthRef={mouthRef} />
      <p className="reward-feedback" aria-live="polite">
        {feedback?.message ?? ''}
      </p>
      <div className="reward-answers">
        {sides.map((mouth) => (
          <button
            key={mouth}
            type="button"
            className="button button-large reward-answer"
            aria-disabled={!answerable}
            onPointerDown={onPointerDown(mouth)}
            onClick={(event) => {
              if (event.detail === 0) answer(mouth);
            }}
          >
            {t(mouth === 'short' ? 'reward.mouth.short' : 'reward.mouth.long')}
          </button>
        ))}
      </div>
    </section>
  );
}
