import { useState } from 'react';
import type { EffortTaskStep } from '../../domain/effort-task/task-progress.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';
import { BlockBreak } from '../components/block-break.tsx';
import { OfferCard } from './offer-card.tsx';
import type { PhaseProps } from './task-dispatch.ts';
import { TappingRun } from './tapping-run.tsx';
import { WaitScreen } from './wait-screen.tsx';

type Props = PhaseProps & { readonly step: Extract<EffortTaskStep, { kind: 'trial' | 'block-break' }> };

/**
 * The main task: offer → effort (accepted) or matched wait (rejected). The choice is saved at once as pending;
 * the trial is saved when the effort or wait ends. Leaving mid-effort shows the same offer again.
 */
export function MainPhase({ record, step, now, dispatch }: Props) {
  const t = useTranslate();
  const [started, setStarted] = useState(record.trials.length > 0 || record.pendingChoice !== null || record.abandonedChoices.length > 0);
  const [choice, setChoice] = useState<{ readonly index: number; readonly accepted: boolean } | null>(null);
  const { config } = record;

  if (step.kind === 'block-break') {
    return (
      <BlockBreak
        heading={t('effort.break.heading')}
        progress={t('effort.break.progress', { block: step.afterBlock, blocks: step.blocks })}
        continueLabel={t('effort.break.continue')}
        className="effort-break"
        leadClassName="effort-lead"
        now={now}
        onContinue={(rest) => dispatch({ type: 'break-end', afterBlock: step.afterBlock, ...rest })}
      />
    );
  }
  if (!started) {
    return (
      <section className="effort-screen">
        <FocusHeading>{t('effort.main.readyHeading')}</FocusHeading>
        <p className="effort-lead">{t('effort.main.readyBody', { trials: record.schedule.length, blocks: config.blocks })}</p>
        <button type="button" className="button button-large" onClick={() => setStarted(true)}>
          {t('effort.start')}
        </button>
      </section>
    );
  }
  const { offer } = step;
  if (choice?.index === offer.index) {
    const end = (taps: number | null, effortStartAt: number, effortEndAt: number) => {
      setChoice(null);
      dispatch({ type: 'effort-end', index: offer.index, taps, effortStartAt, effortEndAt });
    };
    return choice.accepted ? (
      <TappingRun
        durationMs={offer.durationMs}
        tapsRequired={offer.tapsRequired}
        startGraceMs={config.startGraceMs}
        now={now}
        onEnd={(run) => end(run.taps, run.startedAt, run.endedAt)}
      />
    ) : (
      <WaitScreen durationMs={offer.durationMs} reward={config.rejectReward} now={now} onEnd={(wait) => end(null, wait.startedAt, wait.endedAt)} />
    );
  }
  return (
    <OfferCard
      key={offer.index}
      offer={offer}
      trials={record.schedule.length}
      rejectReward={config.rejectReward}
      lockMs={config.offerLockMs}
      now={now}
      onChoose={(c) => {
        if (dispatch({ type: 'choice', index: offer.index, ...c })) setChoice({ index: offer.index, accepted: c.accepted });
      }}
    />
  );
}
