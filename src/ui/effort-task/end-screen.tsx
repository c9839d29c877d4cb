import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';
import { formatPoints } from './task-dispatch.ts';

type Props = { readonly kind: 'done' | 'skipped'; readonly total: number; readonly onDone: () => void };

/** The last screen: thanks and points when done; a plain acknowledgement when stopped. */
export function EndScreen({ kind, total, onDone }: Props) {
  const t = useTranslate();
  return (
    <section className="effort-screen">
      <FocusHeading>{kind === 'done' ? t('effort.done.heading') : t('effort.skipped.heading')}</FocusHeading>
      <p className="effort-lead">{kind === 'done' ? t('effort.done.points', { reward: formatPoints(t, total) }) : t('effort.skipped.body')}</p>
      <button type="button" className="button button-large" onClick={onDone}>
        {t('effort.finish')}
      </button>
    </section>
  );
}
