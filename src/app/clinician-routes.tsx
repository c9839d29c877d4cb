import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { Environment } from '../domain/ids.ts';
import type { Catalogue } from '../domain/instrument-catalogue.ts';
import { useTranslate } from '../i18n/i18n-context.tsx';
import { getAssessment } from '../storage/assessment-repository.ts';
import type { Vault } from '../storage/vault.ts';
import { getPatient } from '../storage/patient-repository.ts';
import type { Preferences } from '../storage/settings-repository.ts';
import { asAssessmentId } from '../domain/ids.ts';
import { UpdateBanner } from './update-banner.tsx';

import { routeHref, useHashRoute } from './use-hash-route.ts';

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
  readonly vault: Vault;
  readonly env: Environment;
  readonly catalogue: Catalogue;
  readonly onHandOver: (assessmentId: string) => void;
  readonly onPreferences: (preferences: Preferences) => void;
  /** Set when a new app version is waiting. */
  readonly onUpdate: (() => void) | null;
};

/** Clinician mode: one screen per hash route. */
export function ClinicianRoutes(props: Props) {
  const [route] = useHashRoute();
  // Never offer the update while answers are being entered.
  const banner = props.onUpdate && route.name !== 'enter' ? <UpdateBanner onUpdate={props.onUpdate} /> : null;
  return (
    <>
      {banner}
      <Suspense fallback={<Loading />}>
        <Screen {...props} />
      </Suspense>
    </>
  );
}

function Loading() {
  const t = useTranslate();
  return <p role="status">{t('app.loading')}</p>;
}

function Screen({ vault, env, catalogue, onHandOver, onPreferences }: Props) {
  const knownIds = useMemo(() => new Set(catalogue.instruments.map((i) => i.definition.id)), [catalogue]);
  const [route, go] = useHashRoute();
  const patientHref = (patientId: string) => routeHref({ name: 'patient', patientId });
  switch (route.name) {
    case 'patients':
      return <PatientsScreen vault={vault} env={env} patientHref={patientHref} />;
    case 'patient':
    case 'report':
      return (
        <PatientScreen
          key={route.patientId}
          vault={vault}
          env={env}
          catalogue={catalogue}
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
      return (
        <EntryRoute
          key={route.assessmentId}
          vault={vault}
          env={env}
          catalogue={catalogue}
          assessmentId={route.assessmentId}
          onLeave={(patientId) => go({ name: 'patient', patientId })}
        />
      );
    case 'instruments':
      return <CatalogueScreen catalogue={catalogue} />;
    case 'research':
      return <ResearchScreen vault={vault} catalogue={catalogue} now={env.now} />;
    case 'settings':
      return <SettingsScreen vault={vault} env={env} knownInstrumentIds={knownIds} onSaved={onPreferences} />;
  }
}

function EntryRoute(props: { vault: Vault; env: Environment; catalogue: Catalogue; assessmentId: string; onLeave: (patientId: string) => void }) {
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => {
    void getAssessment(props.vault, asAssessmentId(props.assessmentId)).then(async (a) => {
      if (!a.ok) return;
      const p = await getPatient(props.vault, a.value.patientId);
      if (p.ok) setCode(p.value.code);
    });
  }, [props.vault, props.assessmentId]);
  return <ClinicianEntryScreen {...props} patientCode={code} />;
}
