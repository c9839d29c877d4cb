import type { Result } from '../domain/result.ts';
import { fromBase64, openJson, sealJson, toBase64 } from './crypto-envelope.ts';
import { sealLabel } from './records.ts';
import { attempt, type StorageError } from './storage-error.ts';
import { requireWorkingKeys, type Vault } from './vault.ts';

/**
 * Which Patient on a FHIR server a local patient is: the server's address, its Patient id, the identifier it was
 * found by (`system`, `value`) and when the link was made. A link is made the first time the tablet finds the
 * server's record for the patient (by "Send to the EHR" or "Fetch earlier visits"), after the clinician confirmed
 * it when that record also carried identifiers other than the clinic's own.
 */
export type ServerLink = {
  readonly server: string;
  readonly serverPatientId: string;
  readonly identifier: { readonly system: string; readonly value: string };
  readonly linkedAt: string;
};

/** The sealed value of `server-link/<patient id>`: one link per server, so a change of server asks again. */
type ServerLinksValue = { readonly version: 1; readonly links: readonly ServerLink[] };

const serverLinkKey = (patientId: string) => `server-link/${patientId}`;

/**
 * A patient's links to FHIR server Patients, sealed with the record key (which server record a patient is is
 * personal). None when never linked, or when unreadable (another tablet's backup, damaged): then the tablet looks
 * the Patient up again and the clinician confirms again, which is safe.
 */
export async function readServerLinks(vault: Vault, patientId: string): Promise<Result<readonly ServerLink[], StorageError>> {
  const key = serverLinkKey(patientId);
  return attempt(async () => {
    const row = await vault.db.settings.get(key);
    const bytes = typeof row?.value === 'string' ? fromBase64(row.value) : null;
    if (!bytes) return [];
    const opened = await openJson(requireWorkingKeys(vault.keys).data, bytes, sealLabel.setting(key));
    const value = opened.ok ? (opened.value as { readonly version?: unknown; readonly links?: unknown } | null) : null;
    return value?.version === 1 && Array.isArray(value.links) ? (value.links as readonly ServerLink[]) : [];
  });
}

/** Remembers a link, replacing the patient's earlier link to the same server (if any); links to other servers stay. */
export async function saveServerLink(vault: Vault, patientId: string, link: ServerLink): Promise<Result<void, StorageError>> {
  const key = serverLinkKey(patientId);
  const current = await readServerLinks(vault, patientId);
  if (!current.ok) return current;
  return attempt(async () => {
    const value: ServerLinksValue = { version: 1, links: [...current.value.filter((l) => l.server !== link.server), link] };
    const sealed = await sealJson(requireWorkingKeys(vault.keys).data, value, sealLabel.setting(key));
    await vault.db.settings.put({ key, value: toBase64(sealed) });
  });
}
