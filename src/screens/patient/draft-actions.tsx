import { useState } from 'react';
import { hasUnacknowledgedAlert, type Assessment } from '../../domain/assessment.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

type Props = {
  readonly assessment: Assessment;
  readonly onHandOver: () => void;
  readonly onEnter: () => void;
  readonly onDiscard: () => void;
  /** "Finish and score", offered once every required item is answered; null while some are not. */
  readonly onFinish: (() => void) | null;
};

/** Resume a draft (hand over, or key in) or discard it, with a second tap to confirm the discard. */
export function DraftActions({ assessment, onHandOver, onEnter, onDiscard, onFinish }: Props) {
  const t = useTranslate();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="form-nav">
      {assessment.mode === 'patient' ? (
        <button type="button" className="button" onClick={onHandOver}>
          {t('drafts.handOver')}
        </button>
      ) : (
        <button type="button" className="button" onClick={onEnter}>
          {t('drafts.continue')}
        </button>
      )}
      {onFinish && (
        <button type="button" className="button" onClick={onFinish}>
          {t('drafts.finish')}
        </button>
      )}
      {hasUnacknowledgedAlert(assessment) ? null : confirming ? (
        <>
          <button type="button" className="button button-danger" onClick={onDiscard}>
            {t('drafts.confirmDiscard')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
            {t('drafts.cancel')}
          </button>
        </>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
          {t('drafts.discard')}
        </button>
      )}
    </div>
  );
}
