import { useEffect, useState } from 'react';

type Update = (reloadPage?: boolean) => Promise<void>;

let registration: Promise<Update> | undefined;

/**
 * Registers the service worker (vite-plugin-pwa's `registerSW`, with workbox-window) once `wanted` first holds:
 * every mode but patient mode. A handed-over tablet was set up (and its worker registered, precaching the app) in
 * clinician mode before any hand-over; the registered worker keeps serving and caching the app whether or not the
 * page registers it again, so patient mode skips that code (issue 20's byte budget) and registers as soon as staff
 * take the tablet back. A new version only waits (`updateWaiting`); `applyUpdate` activates it (see UpdateBanner).
 */
export function useServiceWorker(wanted: boolean): { readonly updateWaiting: boolean; readonly activateWaiting: Update } {
  const [updateWaiting, setUpdateWaiting] = useState(false);
  useEffect(() => {
    if (!wanted) return;
    registration ??= import('virtual:pwa-register').then(({ registerSW }) => registerSW({ onNeedRefresh: () => setUpdateWaiting(true) }));
  }, [wanted]);
  return { updateWaiting, activateWaiting: (reload) => (registration ? registration.then((update) => update(reload)) : Promise.resolve()) };
}
