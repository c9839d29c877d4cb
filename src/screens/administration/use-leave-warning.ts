import { useEffect } from 'react';

/**
 * Asks before the page is left or reloaded, only while `active` (writes wait in memory), so normal use never asks.
 * A file of its own: patient mode uses it without the clinician's answer writer.
 */
export function useLeaveWarning(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => {
      // The standard way to ask (Chromium 119+); the browser words the question itself.
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}
