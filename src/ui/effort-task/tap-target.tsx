import { useEffect, useId, useRef } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';

type Props = {
  /** Called once per counted tap: a primary pointer going down, or Space/Enter pressed (not auto-repeat). */
  readonly onTap: () => void;
};

/**
 * The one huge button a patient taps. Counts `pointerdown` rather than `click` (a click waits for the finger to
 * lift and is dropped by some browsers on fast taps); a second finger landing while the first is still down is not
 * primary and is ignored, so resting a second finger or the palm adds nothing. Keyboard users press Space or Enter.
 * It takes focus when it appears, so the keyboard works at once.
 */
export function TapTarget({ onTap }: Props) {
  const t = useTranslate();
  const ref = useRef<HTMLButtonElement>(null);
  const hintId = useId();
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="effort-tap-area">
      <button
        ref={ref}
        type="button"
        className="effort-tap-target"
        aria-describedby={hintId}
        onPointerDown={(event) => {
          if (!event.isPrimary) return;
          // No focus shuffle, text selection or double-tap zoom from rapid taps.
          event.preventDefault();
          onTap();
        }}
        onKeyDown={(event) => {
          if (event.key !== ' ' && event.key !== 'Enter') return;
          event.preventDefault();
          if (!event.repeat) onTap();
        }}
      >
        {t('effort.tap.target')}
      </button>
      <p id={hintId} className="effort-hint">
        {t('effort.tap.keyboardHint')}
      </p>
    </div>
  );
}
