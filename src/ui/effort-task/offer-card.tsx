import { useEffect, useRef, useState } from 'react';
import type { EffortOffer } from '../../domain/effort-task/task-progress.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';
import { EffortBars } from './effort-bars.tsx';
import { formatPoints } from './task-dispatch.ts';

type Props = {
  readonly offer: EffortOffer;
  readonly trials: number;
  readonly rejectReward: number;
  /** The buttons stay inactive this long after the offer appears, so a leftover tap cannot choose. */
  readonly lockMs: number;
  readonly now: () => number;
  readonly onChoose: (choice: { readonly accepted: boolean; readonly offerShownAt: number; readonly choiceAt: number }) => void;
};

/** One offer: the reward as a big number with coins, the effort as bars, and the two choices. */
export function OfferCard({ offer, trials, rejectReward, lockMs, now, onChoose }: Props) {
  const t = useTranslate();
  const shownAt = useRef(now());
  const [locked, setLocked] = useState(lockMs > 0);
  const chosen = useRef(false);
  useEffect(() => {
    if (lockMs <= 0) return undefined;
    const id = setTimeout(() => setLocked(false), lockMs);
    return () => clearTimeout(id);
  }, [lockMs]);

  const choose = (accepted: boolean) => {
    if (locked || chosen.current) return;
    chosen.current = true;
    onChoose({ accepted, offerShownAt: shownAt.current, choiceAt: now() });
  };
  return (
    <section className="effort-offer" aria-labelledby="effort-offer-heading">
      <FocusHeading id="effort-offer-heading">{t('effort.offer.heading', { number: offer.index + 1, total: trials })}</FocusHeading>
      <div className="effort-offer-terms">
        <div className="effort-reward">
          <span className="effort-reward-number" aria-hidden="true">
            {offer.reward}
          </span>
          <span className="effort-coins" aria-hidden="true">
            {Array.from({ length: offer.reward }, (_, i) => (
              <span key={i} className="effort-coin" />
            ))}
          </span>
          <span className="effort-reward-text">{formatPoints(t, offer.reward)}</span>
        </div>
        <EffortBars effort={offer.effort} />
      </div>
      <p className="effort-question">{t('effort.offer.question')}</p>
      <div className="effort-choices">
        <button type="button" className="button button-large effort-accept" disabled={locked} onClick={() => choose(true)}>
          {t('effort.offer.accept', { reward: formatPoints(t, offer.reward) })}
        </button>
        <button type="button" className="button button-large button-secondary effort-reject" disabled={locked} onClick={() => choose(false)}>
          {t('effort.offer.reject', { reward: formatPoints(t, rejectReward) })}
        </button>
      </div>
    </section>
  );
}
