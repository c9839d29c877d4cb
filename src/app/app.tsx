import { lazy, Suspense, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Catalogue } from '../domain/instrument-catalogue.ts';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { createTranslator, loadMessages, loadTranslator, type Translate } from '../i18n/translate.ts';
import { ServicesProvider } from '../screens/services-context.tsx';
import type { AppDatabase } from '../storage/database.ts';
import { readPreferences, type Preferences } from '../storage/settings-store.ts';
import { NO_KEYS, type KeyRing, type Vault } from '../storage/vault.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { CrashNotice } from '../ui/components/crash-notice.tsx';
import { ErrorBoundary } from '../ui/components/error-boundary.tsx';
import { StorageErrorNotice } from '../ui/components/storage-error-notice.tsx';
import { useIdleTimer } from '../ui/components/use-idle-timer.ts';
import { AppHeader } from './app-header.tsx';
import { saveClinicPreferences } from '../workflows/save-preferences.ts';
import type { PatientSession } from '../domain/patient-session.ts';
import { browserEnvironment as env } from './environment.ts';
import { routeHref } from './use-hash-route.ts';
import { useEhrSignIn } from './use-ehr-sign-in.ts';
import { useLiveTab } from './use-live-tab.ts';
import { useServiceWorker } from './use-service-worker.ts';
import { loadGateScreens, loadPatientMode, newTabletPreferences, readBoot, type BootReads, type GateScreens, type PatientModeParts } from './boot.ts';
import type { Result } from '../domain/result.ts';

/**
 * Who may see what, and which keys are in memory. `patient` is the handed-over tablet: it survives reloads, closed
 * tabs and restarts (the hand-over is stored) and holds no key that opens a record (it seals answers to the clinic's
 * inbox public key); it leads only to the passphrase. Clinician mode is never restored by a reload: its keys live
 * in memory only.
 */
type Gate = 'setup' | 'locked' | 'alerts' | 'clinician' | 'patient' | 'patient-unlock' | 'patient-locked';

type Boot =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly problem: StorageError }
  | { readonly kind: 'ready'; readonly preferences: Preferences; readonly handoverId: string | null; readonly translate: Translate };

/** Patient mode's start right after a hand-over: the assessment as the clinician had it open (memory only). */
type KnownSession = PatientSession | null;

/** The gates whose screen is one of the gate screens (set-up, passphrase). */
const needsGateScreens = (gate: Gate) => gate === 'setup' || gate === 'locked' || gate === 'patient-unlock' || gate === 'patient-locked';

/** The UI until the stored language is known (the boot screen says only "Opening…"). */
const ENGLISH = createTranslator('en');

/*
 * The start page carries only what every first screen needs. The set-up and passphrase screens, patient mode, every
 * later screen and the instrument catalogue (JSON and its zod checks) are chunks of their own: the first screen's are
 * loaded by boot.ts before it is shown, the others when first shown; the service worker precaches them all, so
 * patient mode and clinician mode still open offline.
 */
// Each loads its words with its code (translate.ts `loadMessages`): the start page carries only its own.
const AlertsScreen = lazy(() =>
  Promise.all([import('../screens/alerts/alerts-screen.tsx'), loadMessages('gate', 'patient', 'effort', 'clinician')]).then(([m]) => ({ default: m.AlertsScreen })),
);
const ClinicianRoutes = lazy(() =>
  Promise.all([import('./clinician-routes.tsx'), loadMessages('gate', 'patient', 'effort', 'clinician')]).then(([m]) => ({ default: m.ClinicianRoutes })),
);

/** The catalogue with the tablet's translation packs, loaded once and again after the packs change. */
let catalogueLoad: Promise<Catalogue> | undefined;
const loadCatalogue = (vault: Vault) => import('./instrument-catalogue.ts').then((m) => m.loadCatalogue(vault.db));

/** Handing over and taking back re-seal an assessment: that code loads when a clinician does either (precached). */
const loadHandOver = () => import('../workflows/hand-over.ts');
const loadRiskFlags = () => import('../workflows/risk-flags.ts');

/**
 * Renders `children` with the catalogue in the services (`useServices()`), loaded the first time a screen needs it
 * and again on `refreshCatalogue` (after a translation pack is imported or removed, or a backup restored): this
 * screen gets the new catalogue at once, and any mounted later (another mode) starts from it.
 */
function WithCatalogue({ vault, children }: { readonly vault: Vault; readonly children: ReactNode }) {
  // The load this mount started from; a later refresh replaces the module's load for later mounts only, so this
  // mount never suspends again.
  const [load] = useState(() => (catalogueLoad ??= loadCatalogue(vault)));
  const first = use(load);
  const [catalogue, setCatalogue] = useState(first);
  const refreshCatalogue = useCallback(async () => {
    const next = loadCatalogue(vault);
    catalogueLoad = next;
    setCatalogue(await next);
  }, [vault]);
  return (
    <ServicesProvider vault={vault} env={env} catalogue={catalogue} refreshCatalogue={refreshCatalogue}>
      {children}
    </ServicesProvider>
  );
}

/**
 * Activates the waiting version and reloads once it controls the page. The reload is ours: the plugin's own
 * reload only fires when the page was already controlled at registration, which is not so after a first visit.
 */
function applyUpdate(activateWaiting: (reload: boolean) => Promise<void>): void {
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  void activateWaiting(true);
}

type BootRead = Result<BootReads, StorageError> | null;

/** The boot state a settled read gives (`readBoot`). */
const bootOf = (read: Result<BootReads, StorageError>): Boot =>
  read.ok ? { kind: 'ready', preferences: read.value.preferences, handoverId: read.value.handoverId, translate: read.value.translate } : { kind: 'failed', problem: read.error };

/**
 * Composition root: storage, catalogue, translator, and the gate between patient and clinician modes. `early`: what
 * main.tsx started reading (boot.ts `startBoot`), or null, when the SMART step is first; `settled`: its result when
 * it was in before the first render (then the first render is the first screen).
 */
export function App({ db, early, settled }: { readonly db: AppDatabase; readonly early: Promise<BootRead> | null; readonly settled?: BootRead | undefined }) {
  const first = settled?.ok ? settled.value : null;
  const [keys, setKeys] = useState<KeyRing>(NO_KEYS);
  const vault: Vault = useMemo(() => ({ db, keys }), [db, keys]);
  const [boot, setBoot] = useState<Boot>(() => (settled ? bootOf(settled) : { kind: 'loading' }));
  const [gate, setGate] = useState<Gate>(first?.gate ?? 'locked');
  const [crashResets, setCrashResets] = useState(0);
  const [known, setKnown] = useState<KnownSession>(null);
  const [gateScreens, setGateScreens] = useState<GateScreens | null>(first?.gateScreens ?? null);
  const [patientMode, setPatientMode] = useState<PatientModeParts | null>(first?.patientMode ?? null);
  // Who unlocked last in this window (memory only): first on the unlock screen's list after a lock.
  const lastHolderId = useRef<string | undefined>(undefined);
  if (keys.holder) lastHolderId.current = keys.holder.id;
  const liveTab = useLiveTab();
  const ehrSignIn = useEhrSignIn(db);
  const { atBoot: ehrAtBoot } = ehrSignIn;

  useEffect(() => {
    // A tab that is not the live one reads nothing and resumes nothing (no key enters its memory).
    // Read already (before the first render), or a tab that is not the live one (it reads nothing).
    if (liveTab !== 'live' || settled) return;
    // SMART App Launch first: an EHR launch leaves for the EHR's sign-in (nothing else starts); a return is held in
    // memory. Any other address was read from before the first render (`early`).
    const read = early ?? ehrAtBoot().then((goOn) => (goOn ? readBoot(db) : null));
    void read.then((done) => {
      if (!done) return;
      setBoot(bootOf(done));
      if (!done.ok) return;
      setGateScreens(done.value.gateScreens);
      setPatientMode(done.value.patientMode);
      setGate(done.value.gate);
    });
  }, [db, liveTab, ehrAtBoot, early, settled]);

  // The session the boot opened serves patient mode's first mount only: a later one (after a crash) reads afresh.
  const bootSession = patientMode?.opened;
  useEffect(() => {
    if (bootSession) setPatientMode((parts) => parts && { ...parts, opened: undefined });
  }, [bootSession]);

  // The set-up and passphrase screens load before any gate shows them (after patient mode: when staff tap Staff).
  const wantsGateScreens = boot.kind === 'ready' && needsGateScreens(gate) && gateScreens === null;
  useEffect(() => {
    if (wantsGateScreens) void loadGateScreens().then(setGateScreens);
  }, [wantsGateScreens]);

  const preferences = boot.kind === 'ready' ? boot.preferences : null;
  // A tab that is not live still speaks the clinic's language: it reads only the (non-personal) preferences.
  const [elsewhereTranslate, setElsewhereTranslate] = useState<Translate | null>(null);
  useEffect(() => {
    if (liveTab !== 'elsewhere') return;
    void readPreferences(db, newTabletPreferences()).then(async (read) => {
      if (!read.ok) return;
      const translate = await loadTranslator(read.value.language);
      // A translator is a function: set it through an updater, or React would call it as one.
      setElsewhereTranslate(() => translate);
    });
  }, [db, liveTab]);
  const t = boot.kind === 'ready' ? boot.translate : (elsewhereTranslate ?? ENGLISH);
  const lock = useCallback(() => {
    setKeys(NO_KEYS);
    setGate('locked');
  }, []);
  // Registers the service worker once the app shows anything but patient mode (first visit included); a new version
  // only waits (see UpdateBanner).
  const { updateWaiting, activateWaiting } = useServiceWorker(boot.kind === 'ready' && gate !== 'patient' && gate !== 'patient-unlock');
  useIdleTimer(preferences?.inactivityMinutes ?? 5, gate === 'clinician' || gate === 'alerts', lock);

  const setPreferences = (next: Preferences) => setBoot((b) => (b.kind === 'ready' ? { ...b, preferences: next } : b));

  /** Patient mode holds no key: the clinician's keys leave memory until the passphrase is typed. */
  const handOver = async (assessmentId: string) => {
    const begun = await (await loadHandOver()).handOver({ vault, env, catalogue: await (catalogueLoad ??= loadCatalogue(vault)) }, assessmentId);
    if (!begun.ok) return setBoot({ kind: 'failed', problem: begun.error });
    // Patient mode's code and its catalogue (the instruments handed over) load before its first screen shows.
    const parts = await loadPatientMode(db, begun.value.session.instruments.map((i) => i.id));
    if (!parts.ok) return setBoot({ kind: 'failed', problem: parts.error });
    setPatientMode(parts.value);
    setKeys(NO_KEYS);
    setKnown(begun.value.session);
    setBoot((b) => (b.kind === 'ready' ? { ...b, handoverId: assessmentId } : b));
    window.location.hash = '';
    setGate('patient');
  };

  /** Patient mode went idle: forget what it knew; only the passphrase leads on. */
  const lockPatientMode = () => {
    setKnown(null);
    setGate('patient-locked');
  };

  /**
   * Post-unlock hook: a sign-in through the EHR held in memory is sealed now, and its patient opened. The EHR's
   * `fhirUser` then names whoever unlocked on what they record in this session (their Practitioner in the EHR).
   */
  const afterEhrSignIn = (next: KeyRing) => {
    void ehrSignIn.afterUnlock(next).then((fhirUser) => {
      const holder = next.holder;
      if (fhirUser && holder) setKeys((current) => (current === next ? { ...next, holder: { ...holder, fhirUser } } : current));
    });
  };

  /** Staff took the tablet back: end the handover and open that patient, after any open alert. */
  const takeBack = async (unlocked: KeyRing) => {
    const catalogue = await (catalogueLoad ??= loadCatalogue(vault));
    const ended = await (await loadHandOver()).takeBack({ vault, catalogue, env }, unlocked);
    if (!ended.ok) return setBoot({ kind: 'failed', problem: ended.error });
    // A safety answer given in patient mode reaches the EHR now, the first moment a key is held: in the background,
    // so a slow network never holds the unlock; its state (or why it waits) shows on the patient's page.
    const { assessmentId } = ended.value;
    if (assessmentId) void loadRiskFlags().then((m) => m.sendRiskFlags({ vault: { db: vault.db, keys: ended.value.keys }, env, catalogue }, assessmentId));
    setKnown(null);
    setKeys(ended.value.keys);
    if (ended.value.patientId) window.location.hash = routeHref({ name: 'patient', patientId: ended.value.patientId });
    setBoot((b) => (b.kind === 'ready' ? { ...b, handoverId: null } : b));
    setGate('alerts');
    afterEhrSignIn(ended.value.keys);
  };

  const unlocked = (next: KeyRing) => {
    setKeys(next);
    setGate('alerts');
    afterEhrSignIn(next);
  };

  const changeLanguage = (language: Preferences['language']) => {
    if (!preferences) return;
    const next = { ...preferences, language };
    void loadTranslator(language).then((translate) => {
      setBoot((b) => (b.kind === 'ready' ? { ...b, preferences: next, translate } : b));
      void saveClinicPreferences({ vault }, next);
    });
  };

  const loading = <p role="status">{t('app.loading')}</p>;
  // Only the live tab shows any screen (see useLiveTab).
  const ready = boot.kind === 'ready' && liveTab === 'live';
  const handoverId = boot.kind === 'ready' ? boot.handoverId : null;

  return (
    <I18nProvider translate={t}>
      <ServicesProvider vault={vault} env={env} catalogue={null}>
      <div lang={t.language}>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        {/* Patient mode has no title bar: nothing there names a condition in a waiting room, and the items get the room. */}
        {/* None while opening: a handed-over tablet would lay out a title bar only to remove it (issue 20). */}
        {(boot.kind !== 'loading' || liveTab === 'elsewhere') && gate !== 'patient' && (
          <AppHeader clinician={gate === 'clinician'} signedIn={keys.holder} languageChoice={ready && (gate === 'setup' || gate === 'locked')} language={t.language} onLanguage={changeLanguage} onLock={lock} />
        )}
        <main id="main" tabIndex={-1}>
          {/* Re-keyed when staff leave a crashed patient mode, so the passphrase screen starts afresh. */}
          <ErrorBoundary
            key={crashResets}
            fallback={(error) => (
              <CrashNotice
                error={error}
                onStaff={
                  gate === 'patient'
                    ? () => {
                        setCrashResets((n) => n + 1);
                        lockPatientMode();
                      }
                    : undefined
                }
              />
            )}
          >
            {liveTab === 'elsewhere' && (
              <section className="narrow" aria-labelledby="elsewhere-heading">
                <h2 id="elsewhere-heading">{t('app.elsewhereHeading')}</h2>
                <p className="lead">{t('app.elsewhereBody')}</p>
              </section>
            )}
            {boot.kind === 'loading' && liveTab !== 'elsewhere' && loading}
            {boot.kind === 'failed' && <StorageErrorNotice problem={boot.problem} onRetry={() => window.location.reload()} />}
            {ready && needsGateScreens(gate) && !gateScreens && loading}
            {ready && gate === 'setup' && gateScreens && (
              <gateScreens.SetupScreen
                onDone={(created) => {
                  setKeys(created);
                  setGate('clinician');
                }}
              />
            )}
            {ready && gate === 'locked' && gateScreens && <gateScreens.UnlockScreen onUnlocked={unlocked} lastHolderId={lastHolderId.current} />}
            {ready && (gate === 'patient-unlock' || gate === 'patient-locked') && gateScreens && (
              <gateScreens.UnlockScreen onUnlocked={(k) => void takeBack(k)} lastHolderId={lastHolderId.current} onCancel={gate === 'patient-unlock' ? () => setGate('patient') : undefined} />
            )}
            {ready && gate === 'alerts' && (
              <Suspense fallback={loading}>
                <WithCatalogue vault={vault}>
                  <AlertsScreen patientHref={(id) => routeHref({ name: 'patient', patientId: id })} onContinue={() => setGate('clinician')} />
                </WithCatalogue>
              </Suspense>
            )}
            {ready && (gate === 'patient' || gate === 'patient-unlock') && handoverId && patientMode && (
              // Stays mounted (hidden) behind the passphrase, so answers still being saved are not dropped.
              <div key={handoverId} hidden={gate !== 'patient'}>
                <ServicesProvider vault={vault} env={env} catalogue={patientMode.catalogue}>
                  <patientMode.PatientModeScreen
                    assessmentId={handoverId}
                    known={known}
                    opened={patientMode.opened}
                    helpTexts={boot.preferences.helpTexts}
                    inactivityMinutes={boot.preferences.inactivityMinutes}
                    onStaff={(locked) => (locked ? lockPatientMode() : setGate('patient-unlock'))}
                  />
                </ServicesProvider>
              </div>
            )}
            {ready && gate === 'clinician' && (
              <Suspense fallback={loading}>
                <WithCatalogue vault={vault}>
                  <ClinicianRoutes
                    onHandOver={handOver}
                    onPreferences={setPreferences}
                    onUpdate={updateWaiting ? () => applyUpdate(activateWaiting) : null}
                    ehrSignIn={ehrSignIn.notice ? { notice: ehrSignIn.notice, onDismiss: ehrSignIn.dismiss } : null}
                  />
                </WithCatalogue>
              </Suspense>
            )}
          </ErrorBoundary>
        </main>
      </div>
      </ServicesProvider>
    </I18nProvider>
  );
}
