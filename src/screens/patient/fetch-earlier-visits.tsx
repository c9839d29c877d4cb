import { useState } from 'react';
import type { Patient } from '../../domain/patient.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Translate } from '../../i18n/translate.ts';
import type { FhirServerSettings } from '../../storage/settings-repository.ts';
import { assertNever } from '../../domain/result.ts';
import { ConfirmLink } from '../../ui/components/confirm-link.tsx';
import { describePullFailure } from '../../ui/components/push-failure-text.ts';
import { fetchEarlierVisits, type EffortFetched, type FetchOutcome } from '../../workflows/fetch-earlier-visits.ts';
import { useServices } from '../services-context.tsx';

type Props = { readonly patient: Patient; readonly server: FhirServerSettings; readonly onFetched: () => Promise<void> };

/** What "Fetch earlier visits" found, line by line, in the clinician's words. */
function describeOutcome(t: Translate, outcome: FetchOutcome): string[] {
  switch (outcome.kind) {
    case 'not-on-server':
      return [t('pull.notOnServer')];
    case 'failed':
      return [t('pull.failed', { reason: describePullFailure(t, outcome.failure) })];
    case 'not-stored':
      return [t('pull.notStored', { detail: outcome.error.detail })];
    case 'confirm-link':
      // Shown as the question itself (`ConfirmLink`), not as a line.
      return [];
    case 'fetched':
      return [
        t('pull.fetched', { stored: outcome.stored, alreadyHere: outcome.alreadyHere }),
        ...outcome.skipped.map((s) => t('pull.skipped', { id: s.resourceId ?? String(s.index + 1), reasons: s.reasons.join('; ') })),
        ...(outcome.voided > 0 ? [t('pull.voided', { count: outcome.voided })] : []),
        ...describeEffort(t, outcome.effort),
      ];
    default:
      return assertNever(outcome);
  }
}

/** What came of the effort tasks, only what there is to say. */
function describeEffort(t: Translate, effort: EffortFetched): string[] {
  return [
    ...(effort.stored + effort.alreadyHere > 0 ? [t('pull.effortFetched', { stored: effort.stored, alreadyHere: effort.alreadyHere })] : []),
    ...(effort.waiting > 0 ? [t('pull.effortWaiting', { count: effort.waiting })] : []),
    ...effort.skipped.map((s) => t('pull.effortSkipped', { id: s.assessmentId ?? s.resources.join(', '), reasons: s.reasons.join('; ') })),
    ...(effort.voided > 0 ? [t('pull.effortVoided', { count: effort.voided })] : []),
  ];
}

/**
 * "Fetch earlier visits": this patient's visits given on the clinic's other tablets, from the EHR connection in
 * Settings, re-scored here and shown read-only. Progress while it pages, then what was found. Before the first
 * link to a server record that carries identifiers other than the clinic's own, the clinician confirms it is the
 * same person (`ConfirmLink`); Cancel leaves everything as it was.
 */
export function FetchEarlierVisits({ patient, server, onFetched }: Props) {
  const t = useTranslate();
  const services = useServices();
  const [busy, setBusy] = useState(false);
  const [lines, setLines] = useState<string[]>([]);
  const [asking, setAsking] = useState<Extract<FetchOutcome, { kind: 'confirm-link' }> | null>(null);

  const fetchNow = async (confirmedLink?: string) => {
    setBusy(true);
    setAsking(null);
    setLines([t('pull.fetching', { found: 0 })]);
    const outcome = await fetchEarlierVisits(services, { patient, server, confirmedLink, onProgress: (found) => setLines([t('pull.fetching', { found })]) });
    setLines(describeOutcome(t, outcome));
    if (outcome.kind === 'confirm-link') setAsking(outcome);
    if (outcome.kind === 'fetched' && outcome.stored + outcome.effort.stored > 0) await onFetched();
    setBusy(false);
  };

  return (
    <div className="fetch-earlier no-print">
      <button type="button" className="button button-secondary" disabled={busy || asking !== null} onClick={() => void fetchNow()}>
        {t('pull.fetch')}
      </button>
      {asking && (
        <ConfirmLink
          otherIdentifiers={asking.otherIdentifiers}
          onConfirm={() => void fetchNow(asking.serverPatientId)}
          onCancel={() => {
            setAsking(null);
            setLines([t('pull.linkCancelled')]);
          }}
        />
      )}
      <div role="status">
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
    </div>
  );
}
