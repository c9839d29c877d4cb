import type { PullFailure } from '../export/fhir/pull-client.ts';
import { readServerLinks, saveServerLink, type ServerLink } from '../storage/server-links.ts';
import type { FhirServerSettings } from '../storage/settings-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** A business identifier of a Patient (`Identifier.system`, `Identifier.value`). */
export type PatientIdentifier = { readonly system: string; readonly value: string };

/**
 * Whether a local patient may be linked to the server's Patient: `linked` — go on (`serverPatientId` null when the
 * server has no such Patient yet: a first push creates it); `confirm-link` — the server's Patient also carries
 * identifiers other than the clinic's own, and no clinician has confirmed it is this person: nothing was changed;
 * `failed` — the lookup failed (network, the server's OperationOutcome); `not-stored` — the tablet could not read
 * or remember the link.
 */
export type LinkCheck =
  | { readonly kind: 'linked'; readonly serverPatientId: string | null }
  | { readonly kind: 'confirm-link'; readonly serverPatientId: string; readonly otherIdentifiers: readonly PatientIdentifier[] }
  | { readonly kind: 'failed'; readonly failure: PullFailure }
  | { readonly kind: 'not-stored'; readonly error: StorageError };

// Record numbers and codes are compared as people read them: a difference in case or surrounding space is no other identifier.
const sameIdentifier = (a: PatientIdentifier, b: PatientIdentifier) => a.system === b.system && a.value.trim().toLowerCase() === b.value.trim().toLowerCase();

/**
 * Before a local patient is linked to a Patient on the clinic's FHIR server (a push attaches the visit to it, a
 * fetch pulls its visits): looks the Patient up by the identifier the push or fetch uses (`searchBy`), and asks for
 * a clinician's confirmation (`confirm-link`) when it carries identifiers other than `ours` (the MRN under the
 * clinic's MRN system, the patient code under the clinic's code system) — another numbering, another clinic's
 * code — unless this patient was linked to that same server Patient before. `confirmed`: the server Patient id the
 * clinician confirmed after seeing its identifiers; the link is then remembered (sealed, `storage/server-links.ts`)
 * and not asked again. `trustRemembered`: a patient linked before by the same identifier is not looked up again
 * (so a send works offline into the outbox after the first link).
 */
export async function checkServerLink(
  ctx: Pick<WorkflowContext, 'vault' | 'env'>,
  input: {
    readonly patientId: string;
    readonly server: FhirServerSettings;
    readonly searchBy: PatientIdentifier;
    readonly ours: readonly PatientIdentifier[];
    readonly confirmed?: string;
    readonly trustRemembered: boolean;
  },
): Promise<LinkCheck> {
  const { vault, env } = ctx;
  const { patientId, server, searchBy } = input;
  const links = await readServerLinks(vault, patientId);
  if (!links.ok) return { kind: 'not-stored', error: links.error };
  const earlier: ServerLink | undefined = links.value.find((l) => l.server === server.baseUrl);
  if (input.trustRemembered && earlier && sameIdentifier(earlier.identifier, searchBy)) return { kind: 'linked', serverPatientId: earlier.serverPatientId };
  const { findPatient } = await import('../export/fhir/pull-client.ts');
  const found = await findPatient(server, searchBy, env.fetch);
  if (!found.ok) return { kind: 'failed', failure: found.error };
  const serverPatientId = found.value?.id;
  if (serverPatientId === undefined) return { kind: 'linked', serverPatientId: null };
  const linkedBefore = earlier?.serverPatientId === serverPatientId;
  const otherIdentifiers = (found.value?.identifier ?? [])
    .map((i) => ({ system: i.system ?? '', value: i.value ?? '' }))
    .filter((i) => !input.ours.some((o) => sameIdentifier(o, i)));
  if (otherIdentifiers.length > 0 && !linkedBefore && input.confirmed !== serverPatientId) return { kind: 'confirm-link', serverPatientId, otherIdentifiers };
  // Remembered, or remembered anew when found by another identifier (a corrected MRN naming the same record).
  if (!(earlier?.serverPatientId === serverPatientId && sameIdentifier(earlier.identifier, searchBy))) {
    const saved = await saveServerLink(vault, patientId, { server: server.baseUrl, serverPatientId, identifier: searchBy, linkedAt: env.now() });
    if (!saved.ok) return { kind: 'not-stored', error: saved.error };
  }
  return { kind: 'linked', serverPatientId };
}
