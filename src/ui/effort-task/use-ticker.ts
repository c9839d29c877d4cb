import { useEffect, useRef } from 'react';
import { TICK_MS } from './task-dispatch.ts';

/** Calls the latest `onTick` every `TICK_MS` while `active`; stops on unmount. */
export function useTicker(onTick: () => void, active: boolean): void {
  const latest = useRef(onTick);
  latest.current = onTick;
  useEffect(() => {
    if (!active) return undefined;
    const id = setInterval(() => latest.current(), TICK_MS);
    return () => clearInterval(id);
  }, [active]);
}
