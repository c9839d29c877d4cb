import { useEffect } from 'react';

/**
 * Calls `onIdle` after `minutes` without a touch, click or key press while `active`, and also when the app comes
 * back after being in the background that long (tablets suspend timers in the background). Pass a stable `onIdle`.
 */
export function useIdleTimer(minutes: number, active: boolean, onIdle: () => void): void {
  useEffect(() => {
    if (!active) return;
    const limit = minutes * 60_000;
    let timer = window.setTimeout(onIdle, limit);
    let hiddenAt: number | null = null;
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(onIdle, limit);
    };
    const visibility = () => {
      if (document.visibilityState === 'hidden') {
        hiddenAt = Date.now();
      } else if (hiddenAt !== null) {
        if (Date.now() - hiddenAt >= limit) onIdle();
        hiddenAt = null;
      }
    };
    const events = ['pointerdown', 'keydown', 'touchstart'] as const;
    events.forEach((name) => window.addEventListener(name, reset, { passive: true }));
    document.addEventListener('visibilitychange', visibility);
    return () => {
      window.clearTimeout(timer);
      events.forEach((name) => window.removeEventListener(name, reset));
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [minutes, active, onIdle]);
}
