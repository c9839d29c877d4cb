import { AUDIT_ACTIONS } from '../../domain/clinician.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { readAuditTrail, type AuditLine } from '../../workflows/manage-clinicians.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

const EXPORTS = ['report', 'note', 'fhir-file', 'research-csv', 'effort-trials-csv', 'reward-trials-csv', 'backup'] as const;
const isExport = (detail: string | undefined): detail is (typeof EXPORTS)[number] => EXPORTS.includes(detail as (typeof EXPORTS)[number]);
const REASONS = ['wrong-answer', 'wrong-patient', 'entered-in-error'] as const;
const isReason = (detail: string | undefined): detail is (typeof REASONS)[number] => REASONS.includes(detail as (typeof REASONS)[number]);
const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** Settings → "Audit log" (administrator only): every recorded action, newest first, who, what and on which patient. */
export function AuditLogPanel() {
  const t = useTranslate();
  const services = useServices();
  const loaded = useLoaded(() => readAuditTrail(services), [services.vault]);
  const read = loaded.state.kind === 'ready' ? loaded.state.value : null;
  const what = (line: AuditLine) => {
    const action = KNOWN.has(line.action) ? t(`audit.action.${line.action}`) : line.action;
    const detail =
      line.action === 'export' ? (isExport(line.detail) ? t(`audit.export.${line.detail}`) : '')
      : line.action === 'amend' || line.action === 'void' ? (isReason(line.detail) ? t(`correct.reason.${line.detail}`) : '')
      : (line.detail ?? '');
    return [action, line.instrumentId?.toUpperCase(), detail].filter(Boolean).join(' · ');
  };
  return (
    <details onToggle={(e) => (e.currentTarget.open ? void loaded.reload() : undefined)}>
      <summary>{t('audit.heading')}</summary>
      {loaded.state.kind === 'failed' && loaded.state.error.code === 'storage' && <StorageErrorNotice problem={loaded.state.error.error} />}
      {read && (
        <>
          <p className="hint">{t('audit.intro', { count: read.lines.length })}</p>
          {read.unreadable > 0 && <p className="notice notice-warning">{t('audit.unreadable', { count: read.unreadable })}</p>}
          <table className="data-table audit-log">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.patient')}</th>
              </tr>
            </thead>
            <tbody>
              {read.lines.map((line) => (
                <tr key={line.id}>
                  <td>{new Date(line.at).toLocaleString(t.language)}</td>
                  <td>{line.actor.name || t('unlock.administrator')}</td>
                  <td>{what(line)}</td>
                  <td>{line.patientCode ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </details>
  );
}
