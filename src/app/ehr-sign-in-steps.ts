import type { Result } from '../domain/result.ts';
import type { SmartLaunch } from '../export/fhir/smart-client.ts';
import type { AppDatabase } from '../storage/database.ts';
import type { KeyRing } from '../storage/vault.ts';
import { beginEhrLaunch, completeSmartReturn, finishSmartSignIn, type SmartSignInProblem } from '../workflows/smart-sign-in.ts';
import { browserEnvironment as env } from './environment.ts';
import type { EhrSignInNotice } from './use-ehr-sign-in.ts';
import { routeHref } from './use-hash-route.ts';

/** A return from the EHR, completed before unlock and held in memory until one (`useEhrSignIn`). */
export type HeldLaunch = Result<SmartLaunch, SmartSignInProblem>;

/** The launch's parameters leave the address bar once used (a reload must not launch or exchange again). */
function dropLaunchParams(): void {
  const url = new URL(window.location.href);
  for (const name of ['iss', 'launch', 'code', 'state', 'error', 'error_description']) url.searchParams.delete(name);
  window.history.replaceState(window.history.state, '', url.href);
}

/**
 * At boot, for a page opened as an EHR launch (`?iss&launch`: on to the EHR's sign-in at once; false while the page
 * leaves) or as a return from the EHR (`?state` with `code` or `error`: completed, then held). Loaded only then.
 */
export async function ehrStepAtBoot(db: AppDatabase, hold: (launch: HeldLaunch) => void, tell: (notice: EhrSignInNotice) => void): Promise<boolean> {
  const params = new URLSearchParams(window.location.search);
  const redirectUri = `${window.location.origin}${window.location.pathname}`;
  if (params.has('iss') && params.has('launch')) {
    const problem = await beginEhrLaunch(db, { iss: params.get('iss') ?? '', launch: params.get('launch') ?? '', redirectUri });
    if (problem === null) return false;
    dropLaunchParams();
    tell({ kind: 'problem', problem });
    return true;
  }
  if (params.has('state') && (params.has('code') || params.has('error'))) {
    hold(await completeSmartReturn(window.location.search, window.sessionStorage));
    dropLaunchParams();
  }
  return true;
}

/** After the unlock: the held session sealed into the EHR connection, the EHR's patient opened (or offered); returns `fhirUser`. */
export async function ehrStepAfterUnlock(db: AppDatabase, keys: KeyRing, launch: HeldLaunch, tell: (notice: EhrSignInNotice) => void): Promise<string | null> {
  if (!launch.ok) {
    tell({ kind: 'problem', problem: launch.error });
    return null;
  }
  const finished = await finishSmartSignIn({ vault: { db, keys }, env }, launch.value);
  if (!finished.ok) {
    tell({ kind: 'problem', problem: finished.error });
    return null;
  }
  const { patient, fhirUser } = finished.value;
  if (patient.kind === 'found') window.location.hash = routeHref({ name: 'patient', patientId: patient.patientId });
  tell({ kind: 'signed-in', patient });
  return fhirUser;
}
