import { useCallback, useRef, useState } from 'react';
import type { AppDatabase } from '../storage/database.ts';
import type { KeyRing } from '../storage/vault.ts';
import type { LaunchPatient, SmartSignInProblem } from '../workflows/smart-sign-in.ts';
import type { HeldLaunch } from './ehr-sign-in-steps.ts';

/** What the clinician is told after an unlock that followed the EHR: signed in (and the patient), or why not. */
export type EhrSignInNotice = { readonly kind: 'signed-in'; readonly patient: LaunchPatient } | { readonly kind: 'problem'; readonly problem: SmartSignInProblem };

/** Whether the address is a SMART step (an EHR launch or a return from the EHR): only then does any of it load. */
export const mayBeSmartStep = (search: string) => /[?&](iss|state)=/.test(search);

/**
 * SMART App Launch at boot and after unlock (the app's post-unlock hook). `atBoot` (before the lock screen, in the
 * live tab): an EHR launch goes on to the EHR's sign-in at once (resolves false: the page is leaving); a return
 * from the EHR is completed (state checked, code exchanged) and held in memory only, the page starting locked as
 * ever. `afterUnlock(keys)`: the held session is sealed into the EHR connection and the EHR's patient opened (or
 * "new patient" offered with its MRN). The steps (`ehr-sign-in-steps.ts`), the workflow and fhirclient load only
 * when the address asks for them.
 */
export function useEhrSignIn(db: AppDatabase) {
  const held = useRef<HeldLaunch | null>(null);
  const [notice, setNotice] = useState<EhrSignInNotice | null>(null);

  const atBoot = useCallback(async (): Promise<boolean> => {
    if (!mayBeSmartStep(window.location.search)) return true;
    const { ehrStepAtBoot } = await import('./ehr-sign-in-steps.ts');
    return ehrStepAtBoot(db, (launch) => (held.current = launch), setNotice);
  }, [db]);

  const afterUnlock = useCallback(
    async (keys: KeyRing): Promise<string | null> => {
      const launch = held.current;
      held.current = null;
      if (launch === null) return null;
      const { ehrStepAfterUnlock } = await import('./ehr-sign-in-steps.ts');
      return ehrStepAfterUnlock(db, keys, launch, setNotice);
    },
    [db],
  );

  return { atBoot, afterUnlock, notice, dismiss: () => setNotice(null) };
}
