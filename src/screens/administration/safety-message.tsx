import { useEffect, useRef } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';

/** Shown to the patient the moment a safety item (PHQ-9 item 9) is answered "several days" or more. */
type Props = {
  /** The clinic's text in the patient's language (or, failing that, another: marked with its `lang`); null: the default. */
  readonly helpText: { readonly text: string; readonly language: string } | null;
  readonly onContinue: () => void;
};

export function SafetyMessage({ helpText, onContinue }: Props) {
  const t = useTranslate();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="safety-message" role="alert" aria-labelledby="safety-heading">
      <h2 id="safety-heading" ref={heading} tabIndex={-1}>
        {t('safety.heading')}
      </h2>
      {helpText ? (
        <p className="lead" lang={helpText.language}>
          {helpText.text}
        </p>
      ) : (
        <p className="lead">{t('safety.default')}</p>
      )}
      <button type="button" className="button button-large" onClick={onContinue}>
        {t('safety.continue')}
      </button>
    </section>
  );
}
