import { useId, useLayoutEffect, useRef } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';

type Props = {
  /** The server record's identifiers other than the clinic's own (`system`, `value`). */
  readonly otherIdentifiers: readonly { readonly system: string; readonly value: string }[];
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
};

/**
 * Before a local patient is first linked to the server's record of them: that record's other identifiers, and
 * "Link and continue" or "Cancel". Announced as an alert, and focus moves to it so a keyboard user is there.
 */
export function ConfirmLink({ otherIdentifiers, onConfirm, onCancel }: Props) {
  const t = useTranslate();
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  // A layout effect: focus moves in the same task that shows the warning (a passive effect may run after a tap).
  useLayoutEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby={id} className="notice notice-warning confirm-link">
      <p id={id}>{t('link.otherIdentifiers')}</p>
      <ul>
        {otherIdentifiers.map((i) => (
          <li key={`${i.system}|${i.value}`}>
            <span dir="ltr">{`${i.system} | ${i.value}`}</span>
          </li>
        ))}
      </ul>
      <p>{t('link.samePerson')}</p>
      <div className="form-nav">
        <button type="button" className="button" onClick={onConfirm}>
          {t('link.confirm')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('link.cancel')}
        </button>
      </div>
    </div>
  );
}
