import { readActor, type AuditAction, type AuditEntry } from '../domain/clinician.ts';
import type { Result } from '../domain/result.ts';
import { sealJson } from './crypto-envelope.ts';
import type { AuditRecord } from './records.ts';
import { sealLabel } from './records.ts';
import { attempt, type StorageError } from './storage-error.ts';
import { openValue, requireWorkingKeys, type KeyRing, type Vault } from './vault.ts';

/**
 * The tablet's audit log: append-only (this module has no update or delete), each entry sealed with the record key
 * under its own id, so an entry cannot be moved or edited without failing to open. Read by the administrator, put in
 * backups, and restored with them.
 */
export async function appendAudit(vault: Vault, id: string, entry: AuditEntry): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    await vault.db.audit.add(await sealAuditRow(vault.keys, id, entry));
  });
}

/** One entry sealed as its row (also for a restored backup's lines). */
export async function sealAuditRow(keys: KeyRing, id: string, entry: AuditEntry): Promise<AuditRecord> {
  const sealed = await sealJson(requireWorkingKeys(keys).data, entry, sealLabel.audit(id));
  return { schemaVersion: 7, id, at: entry.at, keyId: 'data', sealed };
}

/** An opened entry as this build reads it; a newer build's action it does not know is kept as written (shown raw). */
function readEntry(value: unknown): AuditEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const actor = readActor(v.actor);
  if (typeof v.at !== 'string' || typeof v.action !== 'string' || !actor) return null;
  const text = (key: string) => (typeof v[key] === 'string' ? (v[key]) : undefined);
  return {
    at: v.at,
    actor,
    action: v.action as AuditAction,
    patientId: text('patientId'),
    assessmentId: text('assessmentId'),
    instrumentId: text('instrumentId'),
    detail: text('detail'),
  };
}

/** Every entry, newest first, with the count of rows that did not open (another tablet's key, damaged). */
export async function readAuditLog(vault: Vault): Promise<Result<{ readonly entries: readonly (AuditEntry & { readonly id: string })[]; readonly unreadable: number }, StorageError>> {
  return attempt(async () => {
    const rows = await vault.db.audit.orderBy('at').reverse().toArray();
    const entries: (AuditEntry & { id: string })[] = [];
    let unreadable = 0;
    for (const row of rows) {
      const entry = await openValue<unknown>(vault.keys, 'data', row.sealed, sealLabel.audit(row.id)).then(readEntry, () => null);
      if (entry) entries.push({ ...entry, id: row.id });
      else unreadable += 1;
    }
    return { entries, unreadable };
  });
}
