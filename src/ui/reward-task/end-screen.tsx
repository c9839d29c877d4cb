import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';

type Props = { readonly kind: 'done' | 'skipped'; readonly total: number; readonly onDone: () => void };

/** The last screen: thanks and points when done; a plain acknowledgement when stopped. */
export function EndScreen({ kind, total, onDone }: Props) {
  const t = useTranslate();
  return (
    <section className="reward-screen">
      <FocusHeading>{kind === 'done' ? t('reward.done.heading') : t('reward.skipped.heading')}</FocusHeading>
      <p className="reward-lead">{kind === 'done' ? t('reward.done.points', { points: total }) : t('reward.skipped.body')}</p>
      <button type="button" className="button button-large" onClick={onDone}>
        {t('reward.finish')}
      </button>
    </section>
  );
}
