import { useState } from 'react';
import type { EffortTaskStep } from '../../domain/effort-task/task-progress.ts';
import type { EffortTaskRecord } from '../../domain/effort-task/task-record.ts';
import { isEffortSuccessful } from '../../domain/effort-task/trial.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/messages-en.ts';
import { FocusHeading } from '../components/focus-heading.tsx';
import { EffortBars } from './effort-bars.tsx';
import type { PhaseProps } from './task-dispatch.ts';
import { TappingRun } from './tapping-run.tsx';

type Props = PhaseProps & { readonly step: Extract<EffortTaskStep, { kind: 'practice' }> };

/** How the previous practice attempt went, said on the next screen. */
function lastOutcome(record: EffortTaskRecord, effort: number): MessageKey | null {
  const last = record.practice.at(-1);
  if (!last) return null;
  if (last.success) return 'effort.practice.passed';
  return last.effort === effort ? 'effort.practice.failed' : 'effort.practice.movedOn';
}

/** Practice at each effort level until it is done, or until the allowed attempts are used up. */
export function PracticePhase({ record, step, now, dispatch, announce }: Props) {
  const t = useTranslate();
  const [running, setRunning] = useState(false);
  const { effort, requirement } = step;

  if (running) {
    return (
      <TappingRun
        durationMs={requirement.durationMs}
        tapsRequired={requirement.tapsRequired}
        startGraceMs={record.config.startGraceMs}
        now={now}
        onEnd={(run) => {
          setRunning(false);
          if (dispatch({ type: 'practice-attempt', effort, taps: run.taps, startedAt: run.startedAt, endedAt: run.endedAt })) {
            announce(t(isEffortSuccessful(run.taps, requirement.tapsRequired) ? 'effort.practice.passed' : 'effort.practice.notYet'));
          }
        }}
      />
    );
  }
  const outcome = lastOutcome(record, effort);
  return (
    <section className="effort-screen">
      {outcome ? <p className="effort-feedback-message">{t(outcome)}</p> : null}
      <FocusHeading>{t('effort.practice.heading', { effort })}</FocusHeading>
      <EffortBars effort={effort} />
      <p className="effort-lead">{t('effort.practice.intro', { seconds: requirement.durationMs / 1000 })}</p>
      <p className="effort-progress-text">{t('effort.practice.attempt', { attempt: step.attempt, max: record.config.practiceMaxAttempts })}</p>
      <button type="button" className="button button-large" onClick={() => setRunning(true)}>
        {t('effort.start')}
      </button>
    </section>
  );
}
