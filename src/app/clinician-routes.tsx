import { lazy, Suspense } from 'react';
import { useTranslate } from '../i18n/i18n-context.tsx';
import type { Preferences } from '../storage/settings-repository.ts';
import { CrashNotice } from '../ui/components/crash-notice.tsx';
import { ErrorBoundary } from '../ui/components/error-boundary.tsx';
import { EhrSignInNotice } from './ehr-sign-in-notice.tsx';
import { UpdateBanner } from './update-banner.tsx';
import type { EhrSignInNotice as Notice } from './use-ehr-sign-in.ts';
import { routeHref, useHashRoute, type Route } from './use-hash-route.ts';

// Each screen is its own chunk, loaded when first opened and precached for offline use, so the start page carries
// none of them. The research export also carries papaparse and the CSV mappers.
const ClinicianEntryScreen = lazy(() =>
  import('../screens/administration/clinician-entry-screen.tsx').then((m) => ({ default: m.ClinicianEntryScreen })),
);
const CatalogueScreen = lazy(() => import('../screens/catalogue/catalogue-screen.tsx').then((m) => ({ default: m.CatalogueScreen })));
const PatientScreen = lazy(() => import('../screens/patient/patient-screen.tsx').then((m) => ({ default: m.PatientScreen })));
const PatientsScreen = lazy(() => import('../screens/patients/patients-screen.tsx').then((m) => ({ default: m.PatientsScreen })));
const ResearchScreen = lazy(() => import('../screens/research/research-screen.tsx').then((m) => ({ default: m.ResearchScreen })));
const SettingsScreen = lazy(() => import('../screens/settings/settings-screen.tsx').then((m) => ({ default: m.SettingsScreen })));

type Props = {
  /** Resolves once the tablet is in patient mode (or the hand-over failed and says so). */
  readonly onHandOver: (assessmentId: string) => Promise<void>;
  readonly onPreferences: (preferences: Preferences) => void;
  /** Set when a new app version is waiting. */
  readonly onUpdate: (() => void) | null;
  /** What came of a sign-in through the EHR before this unlock (SMART App Launch), until dismissed. */
  readonly ehrSignIn?: { readonly notice: Notice; readonly onDismiss: () => void } | null;
};

/** Clinician mode: one screen per hash route, each behind its own error boundary (a crash stays in its screen). */
export function ClinicianRoutes(props: Props) {
  const [route] = useHashRoute();
  // Never offer the update while answers are being entered.
  const banner = props.onUpdate && route.name !== 'enter' ? <UpdateBanner onUpdate={props.onUpdate} /> : null;
  return (
    <>
      {banner}
      {props.ehrSignIn && <EhrSignInNotice notice={props.ehrSignIn.notice} onDismiss={props.ehrSignIn.onDismiss} />}
      <ErrorBoundary key={routeHref(route)} fallback={(error) => <CrashNotice error={error} />}>
        <Suspense fallback={<Loading />}>
          <Screen route={route} {...props} />
        </Suspense>
      </ErrorBoundary>
    </>
  );
}

function Loading() {
  const t = useTranslate();
  return <p role="status">{t('app.loading')}</p>;
}

function Screen({ route, onHandOver, onPreferences }: Props & { readonly route: Route }) {
  const [, go] = useHashRoute();
  const patientHref = (patientId: string) => routeHref({ name: 'patient', patientId });
  switch (route.name) {
    case 'patients':
      return <PatientsScreen patientHref={patientHref} />;
    case 'new-patient':
      return <PatientsScreen patientHref={patientHref} newPatientMrn={route.mrn} />;
    case 'patient':
    case 'report':
      return (
        <PatientScreen
          key={route.patientId}
          patientId={route.patientId}
          patientsHref={routeHref({ name: 'patients' })}
          patientHref={patientHref(route.patientId)}
          reportHref={(assessmentId) => routeHref({ name: 'report', patientId: route.patientId, assessmentId })}
          {...(route.name === 'report' ? { report: { assessmentId: route.assessmentId } } : {})}
          onHandOver={onHandOver}
          onEnter={(assessmentId) => go({ name: 'enter', assessmentId })}
        />
      );
    case 'enter':
      return <ClinicianEntryScreen key={route.assessmentId} assessmentId={route.assessmentId} onLeave={(patientId) => go({ name: 'patient', patientId })} />;
    case 'instruments':
      return <CatalogueScreen />;
    case 'research':
      return <ResearchScreen />;
    case 'settings':
      return <SettingsScreen onSaved={onPreferences} />;
  }
}
