import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A level-2 heading that takes focus when it appears, so a screen reader announces the new screen. `lang` when its
 * text is in another language than the page (an instrument's title in the language it is given in).
 */
export function FocusHeading({ id, lang, children }: { readonly id?: string; readonly lang?: string; readonly children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 id={id} ref={ref} tabIndex={-1} lang={lang}>
      {children}
    </h2>
  );
}
