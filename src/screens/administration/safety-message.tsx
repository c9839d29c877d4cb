import { useEffect, useRef } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';

/** Shown to the patient the moment a safety item (PHQ-9 item 9) is answered "several days" or more. */
export function SafetyMessage({ helpText, onContinue }: { readonly helpText: string | null; readonly onContinue: () => void }) {
  const t = useTranslate();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="safety-message" role="alert" aria-labelledby="safety-heading">
      <h2 id="safety-heading" ref={heading} tabIndex={-1}>
        {t('safety.heading')}
      </h2>
      <p className="lead">{helpText?.trim() ? helpText : t('safety.default')}</p>
      <button type="button" className="button button-large" onClick={onContinue}>
        {t('safety.continue')}
      </button>
    </section>
  );
}
