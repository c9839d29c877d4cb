import { useEffect } from 'react';
import { describeFlag } from '../../domain/catalogue-lookup.ts';
import { ok, type Result } from '../../domain/result.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Assessment } from '../../domain/assessment.ts';
import { getAssessment, listUnacknowledgedAlerts, type AssessmentSummary } from '../../storage/assessment-repository.ts';
import { flagAnswerText, quoteOrDate } from '../flag-answer-text.ts';
import { listPatients } from '../../storage/patient-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import type { Vault } from '../../storage/vault.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

type OpenAlert = { readonly record: AssessmentSummary | Assessment; readonly code: string; readonly name: string | null };

/**
 * Every assessment with an open safety alert, with its answers (to quote the one that raised it) and its patient's
 * code and display name, so staff can find the person (the id when the code cannot be read).
 */
async function readOpenAlerts(vault: Vault): Promise<Result<OpenAlert[], StorageError>> {
  const [found, patients] = await Promise.all([listUnacknowledgedAlerts(vault), listPatients(vault)]);
  if (!found.ok) return found;
  const byId = new Map(patients.ok ? patients.value.map((p) => [p.id as string, p]) : []);
  // Few assessments have an open alert: each is opened whole; one that does not open is still listed, unquoted.
  const opened = await Promise.all(found.value.map(async (summary) => {
    const whole = await getAssessment(vault, summary.id);
    return whole.ok ? whole.value : summary;
  }));
  return ok(opened.map((record) => {
    const patient = byId.get(record.patientId);
    return { record, code: patient?.code ?? record.patientId, name: patient?.displayName ?? null };
  }));
}

type Props = {
  readonly patientHref: (patientId: string) => string;
  /** Called when there is nothing (left) to show, or the clinician continues. */
  readonly onContinue: () => void;
};

/** Shown right after unlocking, before anything else, whenever a safety alert is still open. */
export function AlertsScreen({ patientHref, onContinue }: Props) {
  const t = useTranslate();
  const { vault, catalogue } = useServices();
  const loaded = useLoaded(() => readOpenAlerts(vault), [vault]);
  const alerts = loaded.state.kind === 'ready' ? loaded.state.value : null;
  useEffect(() => {
    if (alerts?.length === 0) onContinue();
  }, [alerts, onContinue]);
  // If the alerts cannot be read, say so: never skip this screen silently.
  const problem = loaded.state.kind === 'failed' ? loaded.state.error : null;
  if (problem) {
    return (
      <section aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">{t('alerts.heading')}</h2>
        <StorageErrorNotice problem={problem} onRetry={() => void loaded.reload()} />
        <button type="button" className="button button-secondary" onClick={onContinue}>
          {t('alerts.continue')}
        </button>
      </section>
    );
  }
  if (!alerts || alerts.length === 0) return <p role="status">{t('app.loading')}</p>;
  return (
    <section aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{t('alerts.heading')}</h2>
      <p className="lead">{t('alerts.intro')}</p>
      <ul className="card-list">
        {alerts.map(({ record, code, name }) => (
          <li key={record.id} className="card notice-error">
            <p>{name ? t('alerts.entryNamed', { code, name }) : t('alerts.entry', { code })}</p>
            {record.alerts.map((a) => {
              const answered = 'answers' in record ? flagAnswerText(t, catalogue, record, a) : null;
              return (
                <p key={`${a.instrumentId}/${a.flag}`}>
                  <strong>{describeFlag(catalogue, a.instrumentId, a.flag, t.language)}</strong>
                  {quoteOrDate(answered, t('text.parenthetical', { text: t.formatDate(record.updatedAt) }))}
                </p>
              );
            })}
            <a className="button" href={patientHref(record.patientId)} onClick={onContinue}>
              {t('alerts.open', { code })}
            </a>
          </li>
        ))}
      </ul>
      <div className="form-nav">
        <button type="button" className="button button-secondary" onClick={onContinue}>
          {t('alerts.continue')}
        </button>
      </div>
    </section>
  );
}
