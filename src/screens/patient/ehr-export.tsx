import { useCallback, useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { Assessment } from '../../domain/assessment.ts';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import type { Patient } from '../../domain/patient.ts';
import { downloadFile } from '../../export/download-file.ts';
import type { ExportSubject } from '../../export/fhir/assessment-export.ts';
import { isIdentifierSystem } from '../../export/fhir/fhir-terms.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { enqueueExport, outboxStateFor, type OutboxStatus } from '../../storage/outbox-repository.ts';
import { pushPending } from '../../storage/outbox-push.ts';
import type { FhirServerSettings } from '../../storage/settings-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import { describePushFailure } from '../../ui/components/push-failure-text.ts';

type Props = {
  readonly vault: Vault;
  readonly assessment: Assessment;
  readonly patient: Patient;
  readonly catalogue: Catalogue;
  readonly now: () => string;
  /** The clinic's EHR connection (Settings), or null: then only the file download is offered. */
  readonly server: FhirServerSettings | null;
};

type Fields = { mrn: string; mrnSystem: string };

const loadMappers = () => import('../../export/fhir/assessment-export.ts');

/**
 * Export of one completed assessment for the EHR. The clinician confirms (or enters) the medical record number at
 * export time, then downloads a self-contained FHIR R4 file or, when the clinic has set up a connection, sends it:
 * the transaction Bundles go into the outbox first, so a failed send is kept with the server's reason and retried
 * without duplicates. The FHIR mappers load only when used.
 */
export function EhrExport({ vault, assessment, patient, catalogue, now, server }: Props) {
  const t = useTranslate();
  const id = useId();
  const [message, setMessage] = useState<string | null>(null);
  const [outbox, setOutbox] = useState<OutboxStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const { register, handleSubmit, formState } = useForm<Fields>({ defaultValues: { mrn: patient.mrn ?? '', mrnSystem: server?.mrnSystem ?? '' } });
  const errors = formState.errors;

  const refresh = useCallback(async () => {
    if (!server) return;
    const state = await outboxStateFor(vault, [assessment.id]);
    if (state.ok) setOutbox(state.value.get(assessment.id) ?? null);
  }, [vault, server, assessment.id]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const subjectOf = (fields: Fields): ExportSubject => ({
    patientCode: patient.code,
    mrn: fields.mrn.trim() === '' ? null : { system: fields.mrnSystem.trim(), value: fields.mrn.trim() },
  });
  const meta = () => ({ appVersion: __APP_VERSION__, now: now(), newUuid: () => crypto.randomUUID() });

  const download = handleSubmit(async (fields) => {
    const { toAssessmentExport, toAssessmentCollection } = await loadMappers();
    const stamp = meta();
    const bundle = toAssessmentCollection(toAssessmentExport(assessment, catalogue, subjectOf(fields), stamp), assessment.id, stamp.now);
    const name = `motivation-profile-${patient.code.replace(/[^\w-]+/g, '_')}-${(assessment.completedAt ?? stamp.now).slice(0, 10)}.fhir.json`;
    downloadFile(name, JSON.stringify(bundle, null, 2), 'application/fhir+json');
    setMessage(t('ehr.downloaded', { file: name }));
  });

  const send = (resend: boolean) =>
    handleSubmit(async (fields) => {
      if (!server) return;
      setBusy(true);
      setMessage(t('ehr.sending'));
      const [{ toAssessmentExport }, { toTransactionBundles }, { pushTransaction, readCapabilities }] = await Promise.all([
        loadMappers(),
        import('../../export/fhir/transaction.ts'),
        import('../../export/fhir/push-client.ts'),
      ]);
      const bundles = toTransactionBundles(toAssessmentExport(assessment, catalogue, subjectOf(fields), meta()), () => crypto.randomUUID());
      const queued = await enqueueExport(vault, assessment.id, bundles, now(), { resend });
      if (queued.ok && queued.value.state === 'sent') {
        setMessage(t('ehr.alreadySent'));
      } else {
        const fetchFn = window.fetch.bind(window);
        // Read once per send, not per Bundle; a failed read marks the item failed with its reason, as a failed push does.
        const capabilities = await readCapabilities(server, fetchFn);
        const pushed = await pushPending(vault, server, (bundle, s) => (capabilities.ok ? pushTransaction(bundle, s, fetchFn, capabilities.value) : Promise.resolve(capabilities)), now, { only: [assessment.id] });
        const failure = pushed.ok ? pushed.value.failed[0]?.error : null;
        setMessage(!pushed.ok ? t('ehr.outboxFailed') : failure ? t('ehr.sendFailed', { reason: describePushFailure(t, failure) }) : t('ehr.sent'));
      }
      await refresh();
      setBusy(false);
    });

  return (
    <details className="ehr-export">
      <summary>{t('ehr.heading')}</summary>
      {outbox && (
        <p className={outbox.state === 'failed' ? 'notice notice-warning' : 'muted'}>
          {outbox.state === 'sent' && outbox.sentAt
            ? t('ehr.stateSent', { date: t.formatDate(outbox.sentAt) })
            : outbox.state === 'failed' && outbox.lastError
              ? t('ehr.stateFailed', { attempts: outbox.attempts, reason: describePushFailure(t, outbox.lastError) })
              : t('ehr.statePending')}
        </p>
      )}
      <form onSubmit={(e) => void download(e)} noValidate>
        <label className="field">
          <span>{t('ehr.mrn')}</span>
          <input autoComplete="off" aria-describedby={`${id}-mrn-hint`} {...register('mrn', { maxLength: 64 })} />
          <span id={`${id}-mrn-hint`} className="muted">
            {t('ehr.mrnHint')}
          </span>
        </label>
        <label className="field">
          <span>{t('ehr.mrnSystem')}</span>
          <input
            autoComplete="off"
            inputMode="url"
            aria-invalid={errors.mrnSystem ? true : undefined}
            aria-describedby={`${id}-system-error`}
            {...register('mrnSystem', { validate: (value, all) => all.mrn.trim() === '' || isIdentifierSystem(value.trim()) })}
          />
          <span id={`${id}-system-error`} className="field-error">
            {errors.mrnSystem ? t('ehr.mrnSystemInvalid') : ''}
          </span>
        </label>
        <div className="form-nav">
          <button type="submit" className="button button-secondary">
            {t('ehr.downloadFhir')}
          </button>
          {server && (
            <button type="button" className="button" disabled={busy} onClick={(e) => void send(outbox?.state === 'sent')(e)}>
              {outbox?.state === 'sent' ? t('ehr.sendAgain') : outbox?.state === 'failed' ? t('ehr.retry') : t('ehr.send')}
            </button>
          )}
        </div>
        <p role="status">{message}</p>
      </form>
    </details>
  );
}
