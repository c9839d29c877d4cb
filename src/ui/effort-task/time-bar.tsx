import { useTranslate } from '../../i18n/i18n-context.tsx';

/** Time left as a draining bar; read by screen readers only when focused, so it never floods them. */
export function TimeBar({ remainingMs, durationMs }: { readonly remainingMs: number; readonly durationMs: number }) {
  const t = useTranslate();
  return (
    <div className="effort-meter">
      <span className="effort-meter-label">{t('effort.run.timeLeft')}</span>
      <progress className="effort-time-bar" max={durationMs} value={Math.max(0, remainingMs)} aria-label={t('effort.run.timeLeft')} />
    </div>
  );
}
