import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';

type Props = { readonly blocks: number; readonly onStart: () => void };

/** Between the practice and the first scored trial: from now on, some correct answers win points. */
export function ReadyScreen({ blocks, onStart }: Props) {
  const t = useTranslate();
  return (
    <section className="reward-screen">
      <FocusHeading>{t('reward.ready.heading')}</FocusHeading>
      <p className="reward-lead">{t('reward.ready.body', { blocks })}</p>
      <button type="button" className="button button-large" onClick={onStart}>
        {t('reward.start')}
      </button>
    </section>
  );
}
