import type { EffortTrial } from '../../domain/effort-task/task-record.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Translate } from '../../i18n/translate.ts';
import { formatPoints } from './task-dispatch.ts';

/** The outcome of a trial in one short sentence. */
export function feedbackMessage(t: Translate, trial: EffortTrial): string {
  const reward = formatPoints(t, trial.points);
  if (!trial.accepted) return t('effort.feedback.rejected', { reward });
  return trial.success ? t('effort.feedback.won', { reward }) : t('effort.feedback.failed');
}

/** The outcome of one trial and the new total (spoken by the task's live region, not here). */
export function TrialFeedback({ trial, total }: { readonly trial: EffortTrial; readonly total: number }) {
  const t = useTranslate();
  return (
    <section className="effort-feedback">
      <p className={trial.points > 0 ? 'effort-feedback-message effort-feedback-win' : 'effort-feedback-message'}>{feedbackMessage(t, trial)}</p>
      <p className="effort-lead">{t('effort.points', { points: total })}</p>
    </section>
  );
}
