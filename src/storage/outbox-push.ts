import type { Bundle } from 'fhir/r4';
import type { PushFailure } from '../domain/ehr-push.ts';
import { ok, type Result } from '../domain/result.ts';
import { listOutbox, markFailed, markSent } from './outbox-repository.ts';
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

/**
 * Sends every pending or failed outbox item (or only those of `only`), one at a time, each item's Bundles in order.
 * An item is marked `sent` only when the server accepted all its Bundles; the first failure marks it `failed` with
 * the failure (the server's OperationOutcome kept) and moves on to the next item. Retrying resends every Bundle of
 * the item: their creates are conditional, so what the server already has is matched, not duplicated.
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
    const locations: string[] = [];
    let failure: PushFailure | null = null;
    for (const bundle of item.bundles) {
      const pushed = await push(bundle, server);
      if (!pushed.ok) {
        failure = pushed.error;
        break;
      }
      locations.push(...(pushed.value.entry ?? []).flatMap((e) => (e.response?.location ? [e.response.location] : [])));
    }
    const marked = failure ? await markFailed(vault, item.id, failure, now(), locations.length > 0 ? locations : undefined) : await markSent(vault, item.id, locations, now());
    if (!marked.ok) return marked;
    if (failure) failed.push({ assessmentId: item.assessmentId, error: failure });
    else sent.push(item.assessmentId);
  }
  return ok({ sent, failed });
}
