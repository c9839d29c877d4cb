import { useRef } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';

type Props = {
  readonly afterBlock: number;
  readonly blocks: number;
  readonly total: number;
  readonly now: () => number;
  readonly onContinue: (rest: { readonly shownAt: number; readonly endedAt: number }) => void;
};

/** A rest between blocks, as long as the patient likes. */
export function BlockBreak({ afterBlock, blocks, total, now, onContinue }: Props) {
  const t = useTranslate();
  const shownAt = useRef(now());
  return (
    <section className="reward-screen">
      <FocusHeading>{t('reward.break.heading')}</FocusHeading>
      <p className="reward-lead">{t('reward.break.progress', { block: afterBlock, blocks })}</p>
      <p className="reward-lead">{t('reward.points', { points: total })}</p>
      <button type="button" className="button button-large" onClick={() => onContinue({ shownAt: shownAt.current, endedAt: now() })}>
        {t('reward.break.continue')}
      </button>
    </section>
  );
}
