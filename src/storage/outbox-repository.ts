import type { Bundle } from 'fhir/r4';
import type { PushFailure } from '../domain/ehr-push.ts';
import type { Result } from '../domain/result.ts';
import { sealJson } from './crypto-envelope.ts';
import { sealLabel, type OutboxRecord, type OutboxSealed, type OutboxState } from './records.ts';
import { attempt, StorageFailure, type StorageError } from './storage-error.ts';
import { openValue, requireWorkingKeys, type Vault } from './vault.ts';

/**
 * The EHR outbox: assessments waiting to be sent to the clinic's FHIR server, or already sent. Sending is a
 * clinician's online step (short-lived tokens, no background sync on iOS), so nothing here sends by itself: see
 * `outbox-push.ts`. One row per assessment; the Bundles and the server's answers are sealed with the record key.
 */
export type { OutboxState };

/** What the patient screen shows beside an assessment. `sentAt` is the last time the server took it all. */
export type OutboxStatus = {
  readonly state: OutboxState;
  readonly attempts: number;
  readonly lastError: PushFailure | null;
  readonly sentAt: string | null;
};

export type OutboxItem = OutboxStatus & {
  readonly id: string;
  readonly assessmentId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** FHIR `transaction` Bundles, sent in this order. */
  readonly bundles: readonly Bundle[];
  /** Where the server keeps what it accepted (`entry.response.location`). */
  readonly locations: readonly string[];
};

async function openItem(vault: Vault, record: OutboxRecord): Promise<OutboxItem> {
  const sealed = await openValue<OutboxSealed>(vault.keys, record.keyId, record.sealed, sealLabel.outbox(record.id));
  return {
    id: record.id,
    assessmentId: record.assessmentId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    state: record.state,
    attempts: record.attempts,
    sentAt: record.sentAt,
    bundles: sealed.bundles as Bundle[],
    lastError: sealed.lastError,
    locations: sealed.locations,
  };
}

/** Seals an item with the record key: only a clinician writes the outbox. */
async function sealItem(vault: Vault, item: OutboxItem): Promise<OutboxRecord> {
  const { data } = requireWorkingKeys(vault.keys);
  const sealed: OutboxSealed = { bundles: item.bundles, lastError: item.lastError, locations: item.locations };
  return {
    schemaVersion: 3,
    id: item.id,
    assessmentId: item.assessmentId,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    state: item.state,
    attempts: item.attempts,
    sentAt: item.sentAt,
    keyId: 'data',
    sealed: await sealJson(data, sealed, sealLabel.outbox(item.id)),
  };
}

/**
 * The outbox row of an assessment's risk flags (issue 18.5): a row of its own beside the assessment's export, under
 * this key in the `assessmentId` column (unique per row, so the store's schema is unchanged). Its Bundle is
 * replaced when the flags change (acknowledged: enqueue with `resend`).
 */
export const riskFlagsOutboxKey = (assessmentId: string) => `${assessmentId}/risk-flags`;

const statusOf = (item: OutboxItem): OutboxStatus => ({ state: item.state, attempts: item.attempts, lastError: item.lastError, sentAt: item.sentAt });

/**
 * Puts an assessment's transaction Bundles in the outbox, `pending`. Enqueueing an assessment again replaces its
 * pending or failed Bundles (and forgets the old error and attempts). A `sent` item stays as it is, and is
 * returned unchanged, unless `resend` is set: then it is pending again with the new Bundles (its `sentAt` stays
 * until the next success). The server creates no duplicates either way: every create in the Bundles is conditional.
 */
export async function enqueueExport(
  vault: Vault,
  assessmentId: string,
  bundles: readonly Bundle[],
  now: string,
  options: { readonly resend?: boolean } = {},
): Promise<Result<OutboxItem, StorageError>> {
  return attempt(async () => {
    const existingRecord = await vault.db.outbox.where('assessmentId').equals(assessmentId).first();
    const existing = existingRecord ? await openItem(vault, existingRecord) : null;
    if (existing?.state === 'sent' && options.resend !== true) return existing;
    const item: OutboxItem = {
      // One outbox row per assessment, so its id follows from the assessment's (rows before this kept a random one).
      id: existing?.id ?? `outbox-${assessmentId}`,
      assessmentId,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      state: 'pending',
      attempts: 0,
      sentAt: existing?.sentAt ?? null,
      bundles,
      lastError: null,
      locations: existing?.locations ?? [],
    };
    await vault.db.outbox.put(await sealItem(vault, item));
    return item;
  });
}

/** Every outbox item, oldest first. */
export async function listOutbox(vault: Vault): Promise<Result<OutboxItem[], StorageError>> {
  return attempt(async () => {
    const records = await vault.db.outbox.toArray();
    const items = await Promise.all(records.map((r) => openItem(vault, r)));
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  });
}

/** The outbox state of each given assessment that is in the outbox (absent: never enqueued). */
export async function outboxStateFor(vault: Vault, assessmentIds: readonly string[]): Promise<Result<ReadonlyMap<string, OutboxStatus>, StorageError>> {
  return attempt(async () => {
    // One indexed equality query per id (see listAssessmentsForPatient on `anyOf`).
    const records = await Promise.all(assessmentIds.map((id) => vault.db.outbox.where('assessmentId').equals(id).first()));
    const items = await Promise.all(records.flatMap((r) => (r ? [openItem(vault, r)] : [])));
    return new Map(items.map((item) => [item.assessmentId, statusOf(item)]));
  });
}

async function update(vault: Vault, id: string, change: (item: OutboxItem) => OutboxItem): Promise<Result<OutboxItem, StorageError>> {
  return attempt(async () => {
    const record = await vault.db.outbox.get(id);
    if (!record) throw new StorageFailure({ code: 'not-found', detail: `outbox item ${id}` });
    const next = change(await openItem(vault, record));
    await vault.db.outbox.put(await sealItem(vault, next));
    return next;
  });
}

/** The server accepted every Bundle of the item: `sent`, with where it keeps the resources. */
export function markSent(vault: Vault, id: string, locations: readonly string[], now: string): Promise<Result<OutboxItem, StorageError>> {
  return update(vault, id, (item) => ({ ...item, state: 'sent', attempts: item.attempts + 1, sentAt: now, updatedAt: now, lastError: null, locations }));
}

/** A push failed: `failed`, keeping the failure (and the server's OperationOutcome) to show and to retry. */
export function markFailed(vault: Vault, id: string, failure: PushFailure, now: string, locations?: readonly string[]): Promise<Result<OutboxItem, StorageError>> {
  return update(vault, id, (item) => ({ ...item, state: 'failed', attempts: item.attempts + 1, updatedAt: now, lastError: failure, locations: locations ?? item.locations }));
}
