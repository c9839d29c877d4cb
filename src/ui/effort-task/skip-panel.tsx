import { useState } from 'react';
import type { SkipReason } from '../../domain/effort-task/task-record.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';

const REASONS: readonly SkipReason[] = ['cannot-tap', 'declined', 'other'];

type Props = { readonly onConfirm: (reason: SkipReason) => void; readonly onCancel: () => void };

/**
 * "Stop this task?": replaces the task screen (anything half done is dropped and done again on return).
 * Stopping needs a reason and a second tap, so it cannot happen by accident; going back is one tap.
 */
export function SkipPanel({ onConfirm, onCancel }: Props) {
  const t = useTranslate();
  const [reason, setReason] = useState<SkipReason | null>(null);
  return (
    <section className="effort-skip-panel">
      <FocusHeading>{t('effort.skip.heading')}</FocusHeading>
      <p className="effort-lead">{t('effort.skip.body')}</p>
      <fieldset className="choice-group">
        <legend>{t('effort.skip.reasonLegend')}</legend>
        {REASONS.map((code) => (
          <label key={code} className="answer-option">
            <input type="radio" name="effort-skip-reason" value={code} checked={reason === code} onChange={() => setReason(code)} />
            <span>{t(`effort.skip.reason.${code}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="form-nav">
        <button type="button" className="button button-large button-secondary" onClick={onCancel}>
          {t('effort.skip.cancel')}
        </button>
        <button type="button" className="button button-large button-danger" disabled={reason === null} onClick={() => reason && onConfirm(reason)}>
          {t('effort.skip.confirm')}
        </button>
      </div>
    </section>
  );
}
