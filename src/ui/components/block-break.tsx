import { useRef } from 'react';
import { FocusHeading } from './focus-heading.tsx';

type Props = {
  /** The task's words: the heading, "Block 1 of 3 done…" and the button. */
  readonly heading: string;
  readonly progress: string;
  readonly continueLabel: string;
  /** The task's own screen and lead-paragraph classes. */
  readonly className: string;
  readonly leadClassName: string;
  readonly now: () => number;
  readonly onContinue: (rest: { readonly shownAt: number; readonly endedAt: number }) => void;
};

/**
 * A rest between a task's blocks, as long as the patient likes; when it was shown and ended are recorded. The points
 * so far stay in the task's corner.
 */
export function BlockBreak({ heading, progress, continueLabel, className, leadClassName, now, onContinue }: Props) {
  const shownAt = useRef(now());
  return (
    <section className={className}>
      <FocusHeading>{heading}</FocusHeading>
      <p className={leadClassName}>{progress}</p>
      <button type="button" className="button button-large" onClick={() => onContinue({ shownAt: shownAt.current, endedAt: now() })}>
        {continueLabel}
      </button>
    </section>
  );
}
