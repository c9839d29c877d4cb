import { useState } from 'react';
import type { RewardSkipReason } from '../../domain/prt/task-record.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';

const REASONS: readonly RewardSkipReason[] = ['cannot-see', 'declined', 'other'];

type Props = { readonly onConfirm: (reason: RewardSkipReason) => void; readonly onCancel: () => void };

/**
 * "Stop this task?": replaces the task screen (a trial not yet answered is shown again on return). Stopping needs a
 * reason and a second tap, so it cannot happen by accident; going back is one tap.
 */
export function SkipPanel({ onConfirm, onCancel }: Props) {
  const t = useTranslate();
  const [reason, setReason] = useState<RewardSkipReason | null>(null);
  return (
    <section className="reward-screen reward-skip-panel">
      <FocusHeading>{t('reward.skip.heading')}</FocusHeading>
      <p className="reward-lead">{t('reward.skip.body')}</p>
      <fieldset className="choice-group">
        <legend>{t('reward.skip.reasonLegend')}</legend>
        {REASONS.map((code) => (
          <label key={code} className="answer-option">
            <input type="radio" name="reward-skip-reason" value={code} checked={reason === code} onChange={() => setReason(code)} />
            <span>{t(`reward.skip.reason.${code}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="form-nav">
        <button type="button" className="button button-large button-secondary" onClick={onCancel}>
          {t('reward.skip.cancel')}
        </button>
        <button type="button" className="button button-large button-danger" disabled={reason === null} onClick={() => reason && onConfirm(reason)}>
          {t('reward.skip.confirm')}
        </button>
      </div>
    </section>
  );
}
