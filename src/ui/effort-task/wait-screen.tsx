import { useRef, useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { FocusHeading } from '../components/focus-heading.tsx';
import { formatPoints } from './task-dispatch.ts';
import { TimeBar } from './time-bar.tsx';
import { useTicker } from './use-ticker.ts';

type Props = {
  readonly durationMs: number;
  readonly reward: number;
  readonly now: () => number;
  readonly onEnd: (wait: { readonly startedAt: number; readonly endedAt: number }) => void;
};

/** The matched wait after a rejection: as long as the effort would have taken, no tapping. */
export function WaitScreen({ durationMs, reward, now, onEnd }: Props) {
  const t = useTranslate();
  const startedAt = useRef(now());
  const ended = useRef(false);
  const [remaining, setRemaining] = useState(durationMs);
  useTicker(() => {
    const left = startedAt.current + durationMs - now();
    setRemaining(left);
    if (left > 0 || ended.current) return;
    ended.current = true;
    onEnd({ startedAt: startedAt.current, endedAt: startedAt.current + durationMs });
  }, true);
  return (
    <section className="effort-wait">
      <FocusHeading>{t('effort.wait.heading')}</FocusHeading>
      <p className="effort-lead">{t('effort.wait.body', { reward: formatPoints(t, reward) })}</p>
      <TimeBar remainingMs={remaining} durationMs={durationMs} />
    </section>
  );
}
