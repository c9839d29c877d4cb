import { useEffect, useState } from 'react';

/** The Web Lock that only the tab in use holds (one per origin, so per tablet). */
const LIVE_TAB_LOCK = 'motivation-profile/live-tab';

/** `live`: this tab is the one in use; `elsewhere`: another tab or window of the app holds the tablet. */
export type LiveTab = 'checking' | 'live' | 'elsewhere';

let claim: Promise<boolean> | undefined;
/** The claim's answer once it is in: a hook mounted after it starts from it (no 'checking' render). */
let claimed: boolean | undefined;

/**
 * Asks once per page for the lock, held until the page is closed or reloaded (the browser then releases it). A
 * waiting tab never takes the lock by itself: it could win it while the live tab reloads in patient mode.
 */
export function claimLiveTab(): Promise<boolean> {
  claim ??= new Promise<boolean>((resolve) => {
    navigator.locks
      .request(LIVE_TAB_LOCK, { ifAvailable: true }, (lock) => {
        claimed = lock !== null;
        resolve(claimed);
        // Held for the page's lifetime: a promise that never settles.
        return lock ? new Promise<never>(() => undefined) : undefined;
      })
      .catch(() => resolve((claimed = true)));
  });
  return claim;
}

/**
 * At most one tab of the app is live: it holds an exclusive Web Lock for as long as it is open. Any other tab shows
 * only "Staff only: open in another tab", holds no keys and cannot unlock, so handing the tablet over in the live
 * tab leaves no clinician screen open anywhere. Once the other tab is closed, reloading opens the app, locked. A
 * browser without Web Locks (none the app supports) is treated as one tab.
 */
export function useLiveTab(): LiveTab {
  const supported = typeof navigator !== 'undefined' && 'locks' in navigator;
  const [state, setState] = useState<LiveTab>(!supported || claimed === true ? 'live' : claimed === false ? 'elsewhere' : 'checking');
  useEffect(() => {
    if (!supported) return;
    let current = true;
    void claimLiveTab().then((live) => {
      if (current) setState(live ? 'live' : 'elsewhere');
    });
    return () => {
      current = false;
    };
  }, [supported]);
  return state;
}
