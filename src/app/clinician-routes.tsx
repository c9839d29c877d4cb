import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { Environment } from '../domain/ids.ts';
import type { Catalogue } from '../domain/instrument-catalogue.ts';
import { useTranslate } from '../i18n/i18n-context.tsx';
import { ClinicianEntryScreen } from '../screens/administration/clinician-entry-screen.tsx';
import { CatalogueScreen } from '../screens/catalogue/catalogue-screen.tsx';
import { PatientScreen } from '../screens/patient/patient-screen.tsx';
import { PatientsScreen } from '../screens/patients/patients-screen.tsx';
import { SettingsScreen } from '../screens/settings/settings-screen.tsx';
import { getAssessment } from '../storage/assessment-repository.ts';
import type { Vault } from '../storage/vault.ts';
import { getPatient } from '../storage/patient-repository.ts';
import type { Preferences } from '../storage/settings-repository.ts';
import { asAssessmentId } from '../domain/ids.ts';
import { UpdateBanner } from './update-banner.tsx';

// The research export carries papaparse and the CSV mappers: loaded when opened, precached for offline use.
const ResearchScreen = lazy(() => import('../screens/research/research-screen.tsx').then((m) => ({ default: m.ResearchScreen })));
import { routeHref, useHashRoute } from './use-hash-route.ts';

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
      <Screen {...props} />
    </>
  );
}

function Screen({ vault, env, catalogue, onHandOver, onPreferences }: Props) {
  const t = useTranslate();
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
      return (
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <ResearchScreen vault={vault} catalogue={catalogue} now={env.now} />
        </Suspense>
      );
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
