import { useEffect, useState } from 'react';
import { describeFlag, type Catalogue } from '../../domain/instrument-catalogue.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { listUnacknowledgedAlerts, type AssessmentSummary } from '../../storage/assessment-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { listPatients } from '../../storage/patient-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';

type Props = {
  readonly vault: Vault;
  readonly catalogue: Catalogue;
  readonly patientHref: (patientId: string) => string;
  /** Called when there is nothing (left) to show, or the clinician continues. */
  readonly onContinue: () => void;
};

/** Shown right after unlocking, before anything else, whenever a safety alert is still open. */
export function AlertsScreen({ vault, catalogue, patientHref, onContinue }: Props) {
  const t = useTranslate();
  const [alerts, setAlerts] = useState<{ record: AssessmentSummary; code: string }[] | null>(null);
  const [problem, setProblem] = useState<StorageError | null>(null);
  useEffect(() => {
    void Promise.all([listUnacknowledgedAlerts(vault), listPatients(vault)]).then(([found, patients]) => {
      // If the alerts cannot be read, say so: never skip this screen silently.
      if (!found.ok) return setProblem(found.error);
      const codes = new Map(patients.ok ? patients.value.map((p) => [p.id as string, p.code]) : []);
      const list = found.value.map((record) => ({ record, code: codes.get(record.patientId) ?? record.patientId }));
      if (list.length === 0) onContinue();
      else setAlerts(list);
    });
  }, [vault, onContinue]);
  if (problem) {
    return (
      <section aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">{t('alerts.heading')}</h2>
        <StorageErrorNotice problem={problem} onRetry={() => window.location.reload()} />
        <button type="button" className="button button-secondary" onClick={onContinue}>
          {t('alerts.continue')}
        </button>
      </section>
    );
  }
  if (!alerts) return <p role="status">{t('app.loading')}</p>;
  return (
    <section aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{t('alerts.heading')}</h2>
      <p className="lead">{t('alerts.intro')}</p>
      <ul className="card-list">
        {alerts.map(({ record, code }) => (
          <li key={record.id} className="card notice-error">
            <p>
              {t('alerts.entry', { code, date: t.formatDate(record.updatedAt) })}{' '}
              {record.alerts.map((a) => describeFlag(catalogue, a.instrumentId, a.flag)).join(' ')}
            </p>
            <a className="button" href={patientHref(record.patientId)} onClick={onContinue}>
              {t('alerts.open', { code })}
            </a>
          </li>
        ))}
      </ul>
      <button type="button" className="button button-secondary" onClick={onContinue}>
        {t('alerts.continue')}
      </button>
    </section>
  );
}
