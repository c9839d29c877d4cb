import { useState } from 'react';
import type { Patient } from '../../domain/patient.ts';
import { ok, type Result } from '../../domain/result.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { listUnacknowledgedAlerts } from '../../storage/assessment-repository.ts';
import { readPatientActivity, type PatientActivity } from '../../storage/patient-activity.ts';
import { listPatients } from '../../storage/patient-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import type { Vault } from '../../storage/vault.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';
import { NewPatientForm } from './new-patient-form.tsx';

type Props = {
  readonly patientHref: (patientId: string) => string;
  /** Opens "new patient" with this MRN filled in (after an EHR launch with a patient this tablet does not have). */
  readonly newPatientMrn?: string;
};

type Loaded = { readonly patients: readonly Patient[]; readonly alerted: ReadonlySet<string>; readonly activity: ReadonlyMap<string, PatientActivity> };

/** Every patient, which have a safety alert still open, and who has an unfinished or a today's assessment. */
async function readPatientList(vault: Vault, dayStart: string): Promise<Result<Loaded, StorageError>> {
  const [patients, alerts, activity] = await Promise.all([listPatients(vault), listUnacknowledgedAlerts(vault), readPatientActivity(vault, dayStart)]);
  if (!patients.ok) return patients;
  if (!alerts.ok) return alerts;
  if (!activity.ok) return activity;
  return ok({ patients: patients.value, alerted: new Set(alerts.value.map((a) => a.patientId)), activity: activity.value });
}

/** When the tablet's day began (local midnight), as an ISO time. */
function startOfDay(iso: string): string {
  const day = new Date(iso);
  day.setHours(0, 0, 0, 0);
  return day.toISOString();
}

/**
 * The clinic's patient list: search by code or name; per patient a safety badge where an alert is open, and whether
 * an assessment is unfinished or was completed today; and "new patient".
 */
export function PatientsScreen({ patientHref, newPatientMrn }: Props) {
  const t = useTranslate();
  const { vault, env } = useServices();
  const list = useLoaded(() => readPatientList(vault, startOfDay(env.now())), [vault, env]);
  const loaded = list.state.kind === 'ready' ? list.state.value : null;
  const problem = list.state.kind === 'failed' ? list.state.error : null;
  const [query, setQuery] = useState('');

  const needle = query.trim().toLowerCase();
  const shown = (loaded?.patients ?? []).filter(
    (p) => needle === '' || p.code.toLowerCase().includes(needle) || (p.displayName ?? '').toLowerCase().includes(needle),
  );
  return (
    <section aria-labelledby="patients-heading">
      <h2 id="patients-heading">{t('patients.heading')}</h2>
      {problem && <StorageErrorNotice problem={problem} onRetry={() => void list.reload()} />}
      <Field label={t('patients.search')}>{() => <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />}</Field>
      {loaded === null && !problem && <p role="status">{t('app.loading')}</p>}
      {loaded?.patients.length === 0 && <p>{t('patients.none')}</p>}
      {loaded && loaded.patients.length > 0 && shown.length === 0 && <p>{t('patients.noMatch', { query })}</p>}
      <ul className="patient-list">
        {shown.map((p) => (
          <li key={p.id}>
            <a className="patient-link" href={patientHref(p.id)}>
              <span className="patient-code">{p.code}</span>
              {p.displayName && <span>{p.displayName}</span>}
              <span className="muted">{t('patients.updated', { date: t.formatDate(p.updatedAt) })}</span>
              {loaded?.alerted.has(p.id) && <span className="badge badge-alert">{t('patients.alertBadge')}</span>}
              {loaded?.activity.get(p.id)?.unfinished && <span className="badge">{t('patients.unfinished')}</span>}
              {loaded?.activity.get(p.id)?.completedToday && <span className="badge badge-done">{t('patients.completedToday')}</span>}
            </a>
          </li>
        ))}
      </ul>
      <NewPatientForm key={newPatientMrn ?? ''} mrn={newPatientMrn ?? ''} onCreated={() => void list.reload()} />
    </section>
  );
}
