import type { Catalogue } from '../domain/instrument-catalogue.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { loadMessages, loadTranslator, matchUiLanguage, type Translate } from '../i18n/translate.ts';
import { isClinicLockSet } from '../storage/lock-record.ts';
import type { AppDatabase } from '../storage/database.ts';
import { DEFAULT_PREFERENCES, readPreferences, type Preferences } from '../storage/settings-store.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { resumePatientMode } from '../workflows/patient-mode-on-open.ts';
import { loadPatientInstruments } from './patient-instruments.ts';
import { mayBeSmartStep } from './use-ehr-sign-in.ts';
import { claimLiveTab } from './use-live-tab.ts';

/*
 * What the app reads and loads before its first screen, started by main.tsx as the page's code runs (before React's
 * first render), each step as soon as what it needs is known: the live-tab lock, then the stored lock, hand-over
 * and preferences together, then the translator with the code of the first screen. A handed-over tablet loads
 * patient mode's screen and words, the instruments it was given and its session side by side; any other loads the
 * passphrase and set-up screens. Every screen's code is loaded before the screen is shown: none waits behind a
 * Suspense fallback. Marks (`mp:…`, User Timing) let the benchmark time each step.
 */

/** The screens before a key is held (set-up, passphrase): a chunk of their own, which patient mode never loads. */
export type GateScreens = typeof import('./gate-screens.ts');

/** Patient mode's screen with its catalogue (only what patient mode reads, with the tablet's translation packs). */
export type PatientModeParts = {
  readonly PatientModeScreen: (typeof import('./patient-mode-parts.ts'))['PatientModeScreen'];
  readonly catalogue: Catalogue;
  /** At boot: the handed-over session already opened, for patient mode's first mount only (the app drops it then). */
  readonly opened?: Result<import('./patient-mode-parts.ts').OpenedPatientSession, StorageError> | undefined;
};

export type FirstGate = 'setup' | 'locked' | 'patient' | 'patient-locked';

export type BootReads = {
  readonly preferences: Preferences;
  /** The running hand-over's assessment, if any. */
  readonly handoverId: string | null;
  readonly gate: FirstGate;
  readonly translate: Translate;
  readonly gateScreens: GateScreens | null;
  readonly patientMode: PatientModeParts | null;
};

/** The code of a screen did not load (a chunk missing from a broken install): said, never an endless "Opening…". */
const codeMissing = (error: unknown): StorageError => ({ code: 'unknown', detail: `the app's code did not load (${error instanceof Error ? error.message : String(error)})` });

let gateScreens: Promise<GateScreens> | undefined;
/** The set-up and passphrase screens, loaded once (precached by the service worker, so offline too). */
export const loadGateScreens = (): Promise<GateScreens> => (gateScreens ??= Promise.all([import('./gate-screens.ts'), loadMessages('gate')]).then(([m]) => m));

let patientCode: Promise<typeof import('./patient-mode-parts.ts')> | undefined;

/**
 * Patient mode's code and words (loaded once) and the catalogue of the instruments handed over (`instrumentIds`, read
 * afresh each time: translation packs may have changed), side by side.
 */
export async function loadPatientMode(db: AppDatabase, instrumentIds: readonly string[]): Promise<Result<PatientModeParts, StorageError>> {
  patientCode ??= Promise.all([import('./patient-mode-parts.ts'), loadMessages('patient')]).then(([m]) => m);
  const instruments = loadPatientInstruments(instrumentIds);
  try {
    const code = await patientCode;
    return ok({ PatientModeScreen: code.PatientModeScreen, catalogue: await code.loadPatientCatalogue(db, await instruments) });
  } catch (error) {
    patientCode = undefined;
    return err(codeMissing(error));
  }
}

/** A tablet that has saved no preferences yet speaks its browser's language when the app has it. */
export const newTabletPreferences = (): Preferences => ({ ...DEFAULT_PREFERENCES, language: matchUiLanguage(navigator.languages) });

/** The stored state that decides the first screen, with that screen's code and words loaded. */
export async function readBoot(db: AppDatabase): Promise<Result<BootReads, StorageError>> {
  const [lock, handover, preferences] = await Promise.all([isClinicLockSet(db), resumePatientMode(db), readPreferences(db, newTabletPreferences())]);
  performance.mark('mp:boot-read');
  if (!lock.ok) return lock;
  if (!handover.ok) return handover;
  if (!preferences.ok) return preferences;
  const running = handover.value;
  // A hand-over of an earlier build (its key was in the closed tab) waits for staff and the passphrase.
  const gate: FirstGate = running.kind === 'resumed' ? 'patient' : running.kind === 'waiting-for-staff' ? 'patient-locked' : lock.value ? 'locked' : 'setup';
  try {
    // The translator first: it names the language in use, so patient mode's words load in it.
    const [translate, screens, patientMode] = await Promise.all([
      loadTranslator(preferences.value.language),
      gate === 'patient' ? null : loadGateScreens(),
      running.kind === 'resumed' ? loadPatientMode(db, running.instrumentIds) : null,
    ]);
    if (patientMode && !patientMode.ok) return patientMode;
    // The session is opened here too (the plan, which items were answered, the inbox key), so patient mode's first
    // screen shows on its first render. Its code is in already: this import resolves from the module map.
    const resumed =
      running.kind === 'resumed' && patientMode
        ? { ...patientMode.value, opened: await (await import('./patient-mode-parts.ts')).openPatientSession({ db, catalogue: patientMode.value.catalogue }, running.assessmentId, null) }
        : null;
    performance.mark('mp:boot-loaded');
    return ok({ preferences: preferences.value, handoverId: running.kind === 'none' ? null : running.assessmentId, gate, translate, gateScreens: screens, patientMode: resumed });
  } catch (error) {
    return err(codeMissing(error));
  }
}

/**
 * Started by main.tsx before React renders: the live-tab lock, then `readBoot`. Null when the address is a SMART
 * App Launch step (the app then reads nothing until the EHR step is done, see use-ehr-sign-in.ts); resolves null in
 * a tab that is not the live one (it reads nothing).
 */
export function startBoot(db: AppDatabase): Promise<Result<BootReads, StorageError> | null> | null {
  if (mayBeSmartStep(window.location.search)) return null;
  return claimLiveTab().then((live) => (live ? readBoot(db) : null));
}
