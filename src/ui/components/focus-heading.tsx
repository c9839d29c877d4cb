import { useEffect, useRef, type ReactNode } from 'react';

/** A level-2 heading that takes focus when it appears, so a screen reader announces the new screen. */
export function FocusHeading({ id, children }: { readonly id?: string; readonly children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}
