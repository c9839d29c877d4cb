import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { Result } from '../domain/result.ts';

/** A screen read: loading (first time only), failed (shown until a read succeeds), or ready. */
export type Loaded<T, E> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: E }
  | { readonly kind: 'ready'; readonly value: T };

/**
 * The one loading hook for every screen read (after Actual Budget's `useQuery`): runs `load` when `deps` change and
 * on `reload()`. A newer read always wins: an older answer arriving late is dropped (stale-response guard). While a
 * reload runs, the last value stays on screen (no flash of "Loading"). A failed read is kept until a later read
 * succeeds. Errors of actions are not this hook's: screens keep them apart, so a reload never erases one.
 */
export function useLoaded<T, E>(
  load: () => Promise<Result<T, E>>,
  deps: DependencyList,
  /** The first read, already done by the caller (the app's boot): shown at once, not read again until `deps` change. */
  first?: Result<T, E>,
): { readonly state: Loaded<T, E>; readonly reload: () => Promise<void> } {
  const [state, setState] = useState<Loaded<T, E>>(() => (first === undefined ? { kind: 'loading' } : first.ok ? { kind: 'ready', value: first.value } : { kind: 'failed', error: first.error }));
  const skipFirstLoad = useRef(first !== undefined);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    latest.current += 1;
    const mine = latest.current;
    const result = await loadRef.current();
    if (mine !== latest.current) return;
    setState(result.ok ? { kind: 'ready', value: result.value } : { kind: 'failed', error: result.error });
  }, []);

  useEffect(() => {
    if (skipFirstLoad.current) {
      skipFirstLoad.current = false;
      return;
    }
    setState({ kind: 'loading' });
    void reload();
    return () => {
      // Unmounted or deps changed: whatever is in flight is stale.
      latest.current += 1;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps decide when `load` means something new.
  }, deps);

  return { state, reload };
}
