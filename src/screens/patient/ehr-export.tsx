import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { Assessment } from '../../domain/assessment.ts';
import type { Patient } from '../../domain/patient.ts';
import { downloadFile } from '../../export/download-file.ts';
import { isIdentifierSystem } from '../../export/fhir/fhir-terms.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Translate } from '../../i18n/translate.ts';
import { outboxStateFor, type OutboxStatus } from '../../storage/outbox-repository.ts';
import { readMrnSystem, type FhirServerSettings } from '../../storage/settings-repository.ts';
import { assertNever, ok } from '../../domain/result.ts';
import { ConfirmLink } from '../../ui/components/confirm-link.tsx';
import { describePullFailure, describePushFailure } from '../../ui/components/push-failure-text.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { rememberMrnSystem } from '../../workflows/clinic-settings.ts';
import { prepareFhirFile, sendToEhr, type ExportPatient, type SendOutcome } from '../../workflows/send-to-ehr.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

type Props = {
  readonly assessment: Assessment;
  readonly patient: Patient;
  /** The clinic's EHR connection (Settings), or null: then only the file download is offered. */
  readonly server: FhirServerSettings | null;
};

type Fields = { mrn: string; mrnSystem: string; remember: boolean };

/** What the clinician reads after "Send to the EHR": each outcome in its own words, never "sent" unless it was. */
function describeSendOutcome(t: Translate, outcome: SendOutcome): string {
  switch (outcome.kind) {
    case 'not-stored':
      return t('ehr.outboxFailed');
    case 'already-sent':
      return t('ehr.alreadySent');
    case 'sent':
      return t('ehr.sent');
    case 'refused':
      return t('ehr.sendFailed', { reason: describePushFailure(t, outcome.failure) });
    case 'not-recorded':
      return t('ehr.sentNotRecorded', { detail: outcome.error.detail });
    case 'not-checked':
      return t('ehr.notChecked', { reason: describePullFailure(t, outcome.failure) });
    case 'confirm-link':
      // Shown as the question itself (`ConfirmLink`); the line stays empty meanwhile.
      return '';
    default:
      return assertNever(outcome);
  }
}

/**
 * Export of one completed assessment for the EHR. The clinician confirms (or enters) the medical record number at
 * export time, then downloads a self-contained FHIR R4 file or, when the clinic has set up a connection, sends it
 * (`sendToEhr`: through the outbox, so a failed send is kept with the server's reason and retried without
 * duplicates). The FHIR mappers load only when used.
 */
export function EhrExport({ assessment, patient, server }: Props) {
  const t = useTranslate();
  const services = useServices();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const connected = server !== null;
  // The outbox state depends on whether a connection is set up, not on its address or token.
  const outboxState = useLoaded(
    async () => (connected ? outboxStateFor(services.vault, [assessment.id]) : ok(new Map<string, OutboxStatus>())),
    [services.vault, connected, assessment.id],
  );
  const outbox = outboxState.state.kind === 'ready' ? (outboxState.state.value.get(assessment.id) ?? null) : null;
  // The numbering of the clinic's record numbers: the EHR connection's, else the one remembered at an earlier export.
  const remembered = useLoaded(() => readMrnSystem(services.vault.db), [services.vault.db]);
  const known = server?.mrnSystem || (remembered.state.kind === 'ready' ? remembered.state.value : null);
  const [changing, setChanging] = useState(false);
  const asking = known === null || changing;
  const { register, handleSubmit, formState, watch } = useForm<Fields>({ values: { mrn: patient.mrn ?? '', mrnSystem: known ?? '', remember: true } });
  const errors = formState.errors;
  const mrnTyped = watch('mrn').trim() !== '';

  const subjectOf = (fields: Fields, codeOnly = false): ExportPatient => ({
    patientCode: patient.code,
    mrn: codeOnly || fields.mrn.trim() === '' ? null : { system: fields.mrnSystem.trim(), value: fields.mrn.trim() },
  });

  /** Asked once: a system typed with "remember" ticked is kept for every later export. */
  const rememberTyped = async (fields: Fields) => {
    if (!asking || !fields.remember || fields.mrn.trim() === '') return;
    const saved = await rememberMrnSystem(services, fields.mrnSystem);
    if (saved.ok) {
      setChanging(false);
      await remembered.reload();
    }
  };

  const downloadAs = (codeOnly: boolean) => async (fields: Fields) => {
    const file = await prepareFhirFile(services, { assessment, patient, subject: subjectOf(fields, codeOnly) });
    if (!file.ok) return setMessage(t('ehr.fileFailed', { detail: file.error.detail }));
    downloadFile(file.value.fileName, file.value.json, 'application/fhir+json');
    setMessage(t('ehr.downloaded', { file: file.value.fileName }));
    if (!codeOnly) await rememberTyped(fields);
  };
  const download = handleSubmit(downloadAs(false));

  /** A send that stopped before the first link to a server record with other identifiers: what to send on confirming. */
  const [linkQuestion, setLinkQuestion] = useState<{ readonly fields: Fields; readonly resend: boolean; readonly outcome: Extract<SendOutcome, { kind: 'confirm-link' }> } | null>(null);

  const sendWith = async (fields: Fields, resend: boolean, confirmedLink?: string) => {
    if (!server) return;
    setBusy(true);
    setLinkQuestion(null);
    setMessage(t('ehr.sending'));
    const outcome = await sendToEhr(services, { assessment, subject: subjectOf(fields), server, resend, confirmedLink });
    setMessage(describeSendOutcome(t, outcome));
    if (outcome.kind === 'confirm-link') setLinkQuestion({ fields, resend, outcome });
    else await rememberTyped(fields);
    await outboxState.reload();
    setBusy(false);
  };
  const send = (resend: boolean) => handleSubmit((fields) => sendWith(fields, resend));

  return (
    <details className="ehr-export">
      <summary>{t('ehr.heading')}</summary>
      {outboxState.state.kind === 'failed' && <StorageErrorNotice problem={outboxState.state.error} onRetry={() => void outboxState.reload()} />}
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
        <Field label={t('ehr.mrn')} hint={t('ehr.mrnHint')}>
          {(control) => <input autoComplete="off" {...control} {...register('mrn', { maxLength: 64 })} />}
        </Field>
        {asking ? (
          <>
            <Field label={t('ehr.mrnSystem')} hint={t('ehr.mrnSystemHint')} error={errors.mrnSystem ? t('ehr.mrnSystemInvalid') : ''}>
              {(control) => (
                <input
                  autoComplete="off"
                  inputMode="url"
                  {...control}
                  {...register('mrnSystem', { validate: (value, all) => all.mrn.trim() === '' || isIdentifierSystem(value.trim()) })}
                />
              )}
            </Field>
            <label className="choice">
              <input type="checkbox" {...register('remember')} /> {t('ehr.rememberSystem')}
            </label>
          </>
        ) : (
          <p className="muted">
            {t('ehr.mrnSystemKnown', { system: known })}{' '}
            {!server && (
              <button type="button" className="button button-quiet" onClick={() => setChanging(true)}>
                {t('ehr.changeSystem')}
              </button>
            )}
          </p>
        )}
        <div className="form-nav">
          <button type="submit" className="button button-secondary">
            {t('ehr.downloadFhir')}
          </button>
          {asking && mrnTyped && (
            <button type="button" className="button button-secondary" onClick={() => void handleSubmit(downloadAs(true))()}>
              {t('ehr.downloadCodeOnly')}
            </button>
          )}
          {server && (
            <button type="button" className="button" disabled={busy || linkQuestion !== null} onClick={(e) => void send(outbox?.state === 'sent')(e)}>
              {outbox?.state === 'sent' ? t('ehr.sendAgain') : outbox?.state === 'failed' ? t('ehr.retry') : t('ehr.send')}
            </button>
          )}
        </div>
        {linkQuestion && (
          <ConfirmLink
            otherIdentifiers={linkQuestion.outcome.otherIdentifiers}
            onConfirm={() => void sendWith(linkQuestion.fields, linkQuestion.resend, linkQuestion.outcome.serverPatientId)}
            onCancel={() => {
              setLinkQuestion(null);
              setMessage(t('ehr.linkCancelled'));
            }}
          />
        )}
        <p role="status">{message}</p>
      </form>
    </details>
  );
}
