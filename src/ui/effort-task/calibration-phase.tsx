import { useState } from 'react';
import type { EffortTaskStep } from '../../domain/effort-task/task-progress.ts';
import { currentCalibrationRounds } from '../../domain/effort-task/task-progress.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';
import type { PhaseProps } from './task-dispatch.ts';
import { TappingRun } from './tapping-run.tsx';

type Props = PhaseProps & { readonly step: Extract<EffortTaskStep, { kind: 'calibration' | 'calibration-failed' }> };

/** "Tap as fast as you can" rounds; each round is recorded as soon as it ends. */
export function CalibrationPhase({ record, step, now, dispatch }: Props) {
  const t = useTranslate();
  const [running, setRunning] = useState(false);
  const { durationMs } = record.config.calibration;

  if (step.kind === 'calibration-failed') {
    return (
      <section className="effort-screen">
        <FocusHeading>{t('effort.calibration.failedHeading')}</FocusHeading>
        <p className="effort-lead">{t(`effort.calibration.failed.${step.error}`)}</p>
        <button type="button" className="button button-large" onClick={() => dispatch({ type: 'calibration-restart' })}>
          {t('effort.calibration.retry')}
        </button>
      </section>
    );
  }
  if (running) {
    return (
      <TappingRun
        durationMs={durationMs}
        tapsRequired={null}
        startGraceMs={record.config.startGraceMs}
        now={now}
        onEnd={(run) => {
          setRunning(false);
          dispatch({ type: 'calibration-round', taps: run.taps, durationMs, startedAt: run.startedAt });
        }}
      />
    );
  }
  const last = currentCalibrationRounds(record).at(-1);
  return (
    <section className="effort-screen">
      <FocusHeading>{t('effort.calibration.heading')}</FocusHeading>
      <p className="effort-lead">{t('effort.calibration.intro', { seconds: durationMs / 1000 })}</p>
      <p className="effort-progress-text">{t('effort.calibration.round', { round: step.round, rounds: step.rounds })}</p>
      {last ? <p className="effort-lead">{t('effort.calibration.lastRound', { taps: last.taps })}</p> : null}
      <button type="button" className="button button-large" onClick={() => setRunning(true)}>
        {t('effort.start')}
      </button>
    </section>
  );
}
