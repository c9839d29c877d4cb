import { useCallback, useEffect, useMemo, useState } from 'react';
import { asAssessmentId, type Environment } from '../domain/ids.ts';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { createTranslator } from '../i18n/translate.ts';
import { AlertsScreen } from '../screens/alerts/alerts-screen.tsx';
import { PatientModeScreen } from '../screens/administration/patient-mode-screen.tsx';
import { SetupScreen } from '../screens/setup/setup-screen.tsx';
import { UnlockScreen } from '../screens/unlock/unlock-screen.tsx';
import { getAssessment } from '../storage/assessment-repository.ts';
import { isClinicLockSet } from '../storage/clinic-lock.ts';
import { openDatabase } from '../storage/database.ts';
import { readHandover, readPreferences, saveHandover, savePreferences, type Preferences } from '../storage/settings-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { CrashNotice } from '../ui/components/crash-notice.tsx';
import { ErrorBoundary } from '../ui/components/error-boundary.tsx';
import { StorageErrorNotice } from '../ui/components/storage-error-notice.tsx';
import { useIdleTimer } from '../ui/components/use-idle-timer.ts';
import { AppHeader } from './app-header.tsx';
import { ClinicianRoutes } from './clinician-routes.tsx';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { loadCatalogue } from './instrument-catalogue.ts';
import { routeHref } from './use-hash-route.ts';

/**
 * Who may see what. `patient` is the handed-over tablet: it survives reloads (the handover is stored) and leads
 * only to the passphrase. Clinician mode is never restored by a reload: the unlocked state lives in memory only.
 */
type Gate = 'setup' | 'locked' | 'alerts' | 'clinician' | 'patient' | 'patient-unlock' | 'patient-locked';

type Boot =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly problem: StorageError }
  | { readonly kind: 'ready'; readonly preferences: Preferences; readonly handoverId: string | null };

const env: Environment = { now: () => new Date().toISOString(), newId: () => crypto.randomUUID() };

/** Composition root: storage, catalogue, translator, and the gate between patient and clinician modes. */
export function App() {
  const db = useMemo(() => openDatabase(), []);
  const catalogue = useMemo(() => loadCatalogue(), []);
  const [boot, setBoot] = useState<Boot>({ kind: 'loading' });
  const [gate, setGate] = useState<Gate>('locked');
  const [crashResets, setCrashResets] = useState(0);

  useEffect(() => {
    void Promise.all([isClinicLockSet(db), readHandover(db), readPreferences(db)]).then(([lock, handover, preferences]) => {
      if (!lock.ok) return setBoot({ kind: 'failed', problem: lock.error });
      if (!handover.ok) return setBoot({ kind: 'failed', problem: handover.error });
      if (!preferences.ok) return setBoot({ kind: 'failed', problem: preferences.error });
      setBoot({ kind: 'ready', preferences: preferences.value, handoverId: handover.value?.assessmentId ?? null });
      setGate(handover.value ? 'patient' : lock.value ? 'locked' : 'setup');
    });
  }, [db]);

  const preferences = boot.kind === 'ready' ? boot.preferences : null;
  const t = useMemo(() => createTranslator(preferences?.language ?? 'en'), [preferences?.language]);
  const lock = useCallback(() => setGate('locked'), []);
  // Registers the service worker in every mode (first visit included); a new version only waits (see UpdateBanner).
  const {
    needRefresh: [updateWaiting],
    updateServiceWorker,
  } = useRegisterSW();
  useIdleTimer(preferences?.inactivityMinutes ?? 5, gate === 'clinician' || gate === 'alerts', lock);

  const setPreferences = (next: Preferences) => setBoot((b) => (b.kind === 'ready' ? { ...b, preferences: next } : b));

  const handOver = async (assessmentId: string) => {
    const saved = await saveHandover(db, { assessmentId, startedAt: env.now() });
    if (!saved.ok) return setBoot({ kind: 'failed', problem: saved.error });
    setBoot((b) => (b.kind === 'ready' ? { ...b, handoverId: assessmentId } : b));
    window.location.hash = '';
    setGate('patient');
  };

  /** Staff took the tablet back: end the handover and open that patient, after any open alert. */
  const takeBack = async () => {
    const handoverId = boot.kind === 'ready' ? boot.handoverId : null;
    if (handoverId) {
      const assessment = await getAssessment(db, asAssessmentId(handoverId));
      if (assessment.ok) window.location.hash = routeHref({ name: 'patient', patientId: assessment.value.patientId });
    }
    const ended = await saveHandover(db, null);
    if (!ended.ok) return setBoot({ kind: 'failed', problem: ended.error });
    setBoot((b) => (b.kind === 'ready' ? { ...b, handoverId: null } : b));
    setGate('alerts');
  };

  const changeLanguage = (language: Preferences['language']) => {
    if (!preferences) return;
    const next = { ...preferences, language };
    setPreferences(next);
    void savePreferences(db, next);
  };

  return (
    <I18nProvider translate={t}>
      <div lang={t.language}>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <AppHeader clinician={gate === 'clinician'} language={t.language} onLanguage={changeLanguage} onLock={lock} />
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
                        setGate('patient-locked');
                      }
                    : undefined
                }
              />
            )}
          >
            {boot.kind === 'loading' && <p role="status">{t('app.loading')}</p>}
            {boot.kind === 'failed' && <StorageErrorNotice problem={boot.problem} onRetry={() => window.location.reload()} />}
            {boot.kind === 'ready' && gate === 'setup' && <SetupScreen db={db} onDone={() => setGate('clinician')} />}
            {boot.kind === 'ready' && gate === 'locked' && <UnlockScreen db={db} onUnlocked={() => setGate('alerts')} />}
            {boot.kind === 'ready' && (gate === 'patient-unlock' || gate === 'patient-locked') && (
              <UnlockScreen db={db} onUnlocked={() => void takeBack()} onCancel={gate === 'patient-unlock' ? () => setGate('patient') : undefined} />
            )}
            {boot.kind === 'ready' && gate === 'alerts' && (
              <AlertsScreen
                db={db}
                catalogue={catalogue}
                patientHref={(id) => routeHref({ name: 'patient', patientId: id })}
                onContinue={() => setGate('clinician')}
              />
            )}
            {boot.kind === 'ready' && (gate === 'patient' || gate === 'patient-unlock') && boot.handoverId && (
              // Stays mounted (hidden) behind the passphrase, so answers still being saved are not dropped.
              <div hidden={gate !== 'patient'}>
                <PatientModeScreen
                  key={boot.handoverId}
                  db={db}
                  catalogue={catalogue}
                  env={env}
                  assessmentId={boot.handoverId}
                  helpText={boot.preferences.helpText}
                  inactivityMinutes={boot.preferences.inactivityMinutes}
                  onStaff={(locked) => setGate(locked ? 'patient-locked' : 'patient-unlock')}
                />
              </div>
            )}
            {boot.kind === 'ready' && gate === 'clinician' && (
              <ClinicianRoutes
                db={db}
                env={env}
                catalogue={catalogue}
                onHandOver={(id) => void handOver(id)}
                onPreferences={setPreferences}
                onUpdate={updateWaiting ? () => void updateServiceWorker(true) : null}
              />
            )}
          </ErrorBoundary>
        </main>
      </div>
    </I18nProvider>
  );
}
