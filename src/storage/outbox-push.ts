import type { Bundle } from 'fhir/r4';
import type { PushFailure } from '../domain/ehr-push.ts';
import { ok, type Result } from '../domain/result.ts';
import { listOutbox, markFailed, markSent, type OutboxItem } from './outbox-repository.ts';
import type { StorageError } from './storage-error.ts';
import type { Vault } from './vault.ts';

/**
 * Sends one transaction Bundle to a server and gives the transaction-response, or why it failed. In the app this
 * is `(bundle, server) => pushTransaction(bundle, server, fetch, capabilities)` from `src/export/fhir/push-client.ts`
 * (the capabilities read once per send); storage
 * takes it as a parameter because it may not import the export layer, and so never touches the network itself.
 */
export type PushBundle<Server> = (bundle: Bundle, server: Server) => Promise<Result<Bundle, PushFailure>>;

export type PushSummary = {
  /** Assessment ids whose every Bundle the server accepted. */
  readonly sent: readonly string[];
  readonly failed: readonly { readonly assessmentId: string; readonly error: PushFailure }[];
};

/** How sending one outbox item ended: the server took every Bundle, or refused one (kept on the item to retry). */
export type ItemPushOutcome = { readonly sent: true } | { readonly sent: false; readonly error: PushFailure };

/**
 * Sends exactly this outbox item's Bundles, in order, and records the outcome on it: `sent` only when the server
 * accepted all of them; the first failure marks it `failed` with the failure (the server's OperationOutcome kept).
 * Retrying resends every Bundle: their creates are conditional, so what the server already has is matched, not
 * duplicated. A storage error means the outcome could not be recorded on the tablet.
 */
export async function pushOutboxItem<Server>(
  vault: Vault,
  item: OutboxItem,
  server: Server,
  push: PushBundle<Server>,
  now: () => string,
): Promise<Result<ItemPushOutcome, StorageError>> {
  const locations: string[] = [];
  for (const bundle of item.bundles) {
    const pushed = await push(bundle, server);
    if (!pushed.ok) {
      const marked = await markFailed(vault, item.id, pushed.error, now(), locations.length > 0 ? locations : undefined);
      return marked.ok ? ok({ sent: false, error: pushed.error }) : marked;
    }
    locations.push(...(pushed.value.entry ?? []).flatMap((e) => (e.response?.location ? [e.response.location] : [])));
  }
  const marked = await markSent(vault, item.id, locations, now());
  return marked.ok ? ok({ sent: true }) : marked;
}

/**
 * Sends every pending or failed outbox item (or only those of `only`), one at a time (`pushOutboxItem`), moving on
 * to the next item after a failure.
 */
export async function pushPending<Server>(
  vault: Vault,
  server: Server,
  push: PushBundle<Server>,
  now: () => string,
  options: { readonly only?: readonly string[] } = {},
): Promise<Result<PushSummary, StorageError>> {
  const listed = await listOutbox(vault);
  if (!listed.ok) return listed;
  const due = listed.value.filter((item) => item.state !== 'sent' && (options.only?.includes(item.assessmentId) ?? true));
  const sent: string[] = [];
  const failed: { assessmentId: string; error: PushFailure }[] = [];
  for (const item of due) {
    const outcome = await pushOutboxItem(vault, item, server, push, now);
    if (!outcome.ok) return outcome;
    if (outcome.value.sent) sent.push(item.assessmentId);
    else failed.push({ assessmentId: item.assessmentId, error: outcome.value.error });
  }
  return ok({ sent, failed });
}
