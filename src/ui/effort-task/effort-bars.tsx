import { EFFORT_LEVELS } from '../../domain/effort-task/task-config.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

/** Effort as four rising bars, the first `effort` filled, with the words "Effort 3 of 4" beside them. */
export function EffortBars({ effort }: { readonly effort: number }) {
  const t = useTranslate();
  return (
    <div className="effort-level">
      <span className="effort-bars" aria-hidden="true">
        {EFFORT_LEVELS.map((level) => (
          <span key={level} className={level <= effort ? 'effort-bar effort-bar-filled' : 'effort-bar'} />
        ))}
      </span>
      <span className="effort-level-text">{t('effort.level', { effort, levels: EFFORT_LEVELS.length })}</span>
    </div>
  );
}
