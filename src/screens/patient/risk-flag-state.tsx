import { useState } from 'react';
import type { Assessment } from '../../domain/assessment.ts';
import { assertNever } from '../../domain/result.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Translate } from '../../i18n/translate.ts';
import { outboxStateFor, riskFlagsOutboxKey, type OutboxStatus } from '../../storage/outbox-repository.ts';
import { describePushFailure } from '../../ui/components/push-failure-text.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { sendRiskFlags, type RiskFlagOutcome } from '../../workflows/risk-flags.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

type Props = {
  readonly assessment: Assessment;
  /** Changes when the page sent the flags itself (after "I have seen this alert"), so the state is read again. */
  readonly sends: number;
};

/** The risk flag's state on the EHR in words: not sent, waiting (with the server's reason), sent at, closed at. */
function describeState(t: Translate, status: OutboxStatus | null, acknowledgedAt: string | null): string {
  if (status === null) return t('riskFlag.notSent');
  if (status.state === 'failed') return t('riskFlag.failed', { reason: status.lastError ? describePushFailure(t, status.lastError) : '' });
  if (status.state === 'pending' || status.sentAt === null) return t('riskFlag.pending');
  // Closed only when the server took it after the acknowledgement (the inactive Flag), not the earlier active one.
  if (acknowledgedAt !== null && status.sentAt >= acknowledgedAt) return t('riskFlag.closed', { date: t.formatDate(status.sentAt) });
  return t('riskFlag.sent', { date: t.formatDate(status.sentAt) });
}

/** What a tap on "Send the risk flag" ended in, when it needs words beside the state (a sent flag shows in the state). */
function describeOutcome(t: Translate, outcome: RiskFlagOutcome): string | null {
  switch (outcome.kind) {
    case 'sent':
    case 'already-sent':
    case 'refused':
    case 'no-alert':
      return null;
    case 'no-connection':
      return t('riskFlag.noConnection');
    case 'not-stored':
      return t('ehr.outboxFailed');
    case 'not-recorded':
      return t('ehr.sentNotRecorded', { detail: outcome.error.detail });
    default:
      return assertNever(outcome);
  }
}

/**
 * Whether an assessment's safety alert reached the clinic's EHR as a Flag (`sendRiskFlags`), for a clinic with an
 * EHR connection. Says plainly that patient mode cannot send it: it holds no key, so the flag goes at take-back.
 */
export function RiskFlagState({ assessment, sends }: Props) {
  const t = useTranslate();
  const services = useServices();
  const key = riskFlagsOutboxKey(assessment.id);
  const loaded = useLoaded(() => outboxStateFor(services.vault, [key]), [services.vault, key, assessment.alertsAcknowledgedAt, sends]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (loaded.state.kind === 'failed') return <StorageErrorNotice problem={loaded.state.error} onRetry={() => void loaded.reload()} />;
  if (loaded.state.kind === 'loading') return null;
  const status = loaded.state.value.get(key) ?? null;
  // An alert acknowledged before flags were sent (an earlier build, or no connection then) is not raised now, closed.
  if (status === null && assessment.alertsAcknowledgedAt !== null) return null;
  const send = async () => {
    setBusy(true);
    setMessage(describeOutcome(t, await sendRiskFlags(services, assessment.id)));
    await loaded.reload();
    setBusy(false);
  };
  // Due: never sent, waiting, or acknowledged on the tablet while the server still holds it open.
  const due = status === null || status.state !== 'sent' || (assessment.alertsAcknowledgedAt !== null && (status.sentAt ?? '') < assessment.alertsAcknowledgedAt);
  return (
    <div className="risk-flag-state">
      <p className={status?.state === 'failed' ? 'notice notice-warning' : 'muted'}>{describeState(t, status, assessment.alertsAcknowledgedAt)}</p>
      {status === null && assessment.mode === 'patient' && <p className="muted">{t('riskFlag.patientModeNote')}</p>}
      {due && (
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void send()}>
          {status === null ? t('riskFlag.send') : t('ehr.retry')}
        </button>
      )}
      {message && <p role="status">{message}</p>}
    </div>
  );
}
