import { useCallback, useRef, useState } from 'react';
import type { AppDatabase } from '../storage/database.ts';
import type { KeyRing } from '../storage/vault.ts';
import type { LaunchPatient, SmartSignInProblem } from '../workflows/smart-sign-in.ts';
import type { SmartLaunch } from '../export/fhir/smart-client.ts';
import type { Result } from '../domain/result.ts';
import { browserEnvironment as env } from './environment.ts';
import { routeHref } from './use-hash-route.ts';

/** What the clinician is told after an unlock that followed the EHR: signed in (and the patient), or why not. */
export type EhrSignInNotice = { readonly kind: 'signed-in'; readonly patient: LaunchPatient } | { readonly kind: 'problem'; readonly problem: SmartSignInProblem };

/** The SMART step a page was opened for: an EHR launch (`?iss&launch`), a return from the EHR (`?state` with `code` or `error`), or none. */
const smartStepOf = (params: URLSearchParams) =>
  params.has('iss') && params.has('launch') ? 'launch' : params.has('state') && (params.has('code') || params.has('error')) ? 'return' : null;

/** The launch's parameters leave the address bar once used (a reload must not launch or exchange again). */
function dropLaunchParams(): void {
  const url = new URL(window.location.href);
  for (const name of ['iss', 'launch', 'code', 'state', 'error', 'error_description']) url.searchParams.delete(name);
  window.history.replaceState(window.history.state, '', url.href);
}

/**
 * SMART App Launch at boot and after unlock (the app's post-unlock hook). `atBoot` (before the lock screen, in the
 * live tab): an EHR launch goes on to the EHR's sign-in at once (resolves false: the page is leaving); a return
 * from the EHR is completed (state checked, code exchanged) and held in memory only, the page starting locked as
 * ever. `afterUnlock(keys)`: the held session is sealed into the EHR connection and the EHR's patient opened (or
 * "new patient" offered with its MRN). The workflow and fhirclient load only when the address asks for them.
 */
export function useEhrSignIn(db: AppDatabase) {
  const held = useRef<Result<SmartLaunch, SmartSignInProblem> | null>(null);
  const [notice, setNotice] = useState<EhrSignInNotice | null>(null);

  const atBoot = useCallback(async (): Promise<boolean> => {
    const params = new URLSearchParams(window.location.search);
    const step = smartStepOf(params);
    if (step === null) return true;
    const smart = await import('../workflows/smart-sign-in.ts');
    const redirectUri = `${window.location.origin}${window.location.pathname}`;
    if (step === 'launch') {
      const problem = await smart.beginEhrLaunch(db, { iss: params.get('iss') ?? '', launch: params.get('launch') ?? '', redirectUri });
      if (problem === null) return false;
      dropLaunchParams();
      setNotice({ kind: 'problem', problem });
      return true;
    }
    held.current = await smart.completeSmartReturn(window.location.search, window.sessionStorage);
    dropLaunchParams();
    return true;
  }, [db]);

  const afterUnlock = useCallback(
    async (keys: KeyRing) => {
      const launch = held.current;
      held.current = null;
      if (launch === null) return;
      if (!launch.ok) return setNotice({ kind: 'problem', problem: launch.error });
      const smart = await import('../workflows/smart-sign-in.ts');
      const finished = await smart.finishSmartSignIn({ vault: { db, keys }, env }, launch.value);
      if (!finished.ok) return setNotice({ kind: 'problem', problem: finished.error });
      const { patient } = finished.value;
      if (patient.kind === 'found') window.location.hash = routeHref({ name: 'patient', patientId: patient.patientId });
      setNotice({ kind: 'signed-in', patient });
    },
    [db],
  );

  return { atBoot, afterUnlock, notice, dismiss: () => setNotice(null) };
}
