import { ADMINISTRATOR_ID, checkProfile, holderOf, type AuditEntry, type CredentialKind, type ProfileProblem } from '../domain/clinician.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { readAuditLog } from '../storage/audit-log.ts';
import { addClinician, changeOwnCredential, removeClinician, saveAdministratorProfile, type ClinicianChangeError } from '../storage/clinician-access.ts';
import { readClinicianDirectory, type ClinicianDirectory } from '../storage/clinician-directory.ts';
import { listPatients } from '../storage/patient-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { audit } from './attribution.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Settings → "Clinicians" and "Audit log": only the clinic administrator (who unlocked with the clinic passphrase or
 * the recovery code) names clinicians, removes them, and reads the audit log.
 */
type Ctx = Pick<WorkflowContext, 'vault' | 'env'>;
export type ManageError = ClinicianChangeError | { readonly code: 'not-administrator' } | { readonly code: 'profile'; readonly problem: ProfileProblem };

const isAdministrator = (ctx: Ctx) => holderOf(ctx.vault.keys).id === ADMINISTRATOR_ID;
const asManageError = (error: StorageError): ManageError => ({ code: 'storage', error });

export type ProfileInput = { readonly name: string; readonly role: string; readonly identifierSystem: string; readonly identifierValue: string };

export async function readClinicians(ctx: Ctx): Promise<Result<ClinicianDirectory, ManageError>> {
  if (!isAdministrator(ctx)) return err({ code: 'not-administrator' });
  const read = await readClinicianDirectory(ctx.vault.db);
  return read.ok ? read : err(asManageError(read.error));
}

/** Adds a clinician with their own credential, authorised by the clinic passphrase; one audit line. */
export async function addClinicianToTablet(
  ctx: Ctx,
  input: ProfileInput & { readonly credential: CredentialKind; readonly secret: string; readonly clinicPassphrase: string },
): Promise<Result<ClinicianDirectory, ManageError>> {
  if (!isAdministrator(ctx)) return err({ code: 'not-administrator' });
  const profile = checkProfile(input);
  if (!profile.ok) return err({ code: 'profile', problem: profile.error });
  const id = ctx.env.newId();
  const added = await addClinician(ctx.vault.db, { clinicPassphrase: input.clinicPassphrase, id, profile: profile.value, credential: input.credential, secret: input.secret, at: ctx.env.now() }, ctx.env.nowMs());
  if (added.ok) await audit(ctx, { action: 'add-clinician', detail: profile.value.name });
  return added;
}

/** Removes a clinician: their passphrase or PIN opens nothing from now on; one audit line. */
export async function removeClinicianFromTablet(ctx: Ctx, id: string): Promise<Result<ClinicianDirectory, ManageError>> {
  if (!isAdministrator(ctx)) return err({ code: 'not-administrator' });
  const before = await readClinicianDirectory(ctx.vault.db);
  const name = before.ok ? before.value.clinicians.find((c) => c.id === id)?.name : undefined;
  const removed = await removeClinician(ctx.vault.db, id);
  if (removed.ok) await audit(ctx, { action: 'remove-clinician', detail: name });
  return removed;
}

/** A named clinician changes their own passphrase or PIN (the administrator changes the clinic passphrase instead). */
export async function changeMyCredential(ctx: Ctx, input: { readonly current: string; readonly credential: CredentialKind; readonly next: string }): Promise<Result<ClinicianDirectory, ManageError>> {
  const me = holderOf(ctx.vault.keys);
  if (me.id === ADMINISTRATOR_ID) return err({ code: 'not-administrator' });
  return changeOwnCredential(ctx.vault.db, { id: me.id, ...input }, ctx.env.nowMs());
}

/** The administrator's own name, role and identifier, recorded with what they do from their next unlock. */
export async function saveAdministrator(ctx: Ctx, input: ProfileInput): Promise<Result<ClinicianDirectory, ManageError>> {
  if (!isAdministrator(ctx)) return err({ code: 'not-administrator' });
  const profile = checkProfile(input);
  if (!profile.ok) return err({ code: 'profile', problem: profile.error });
  const saved = await saveAdministratorProfile(ctx.vault.db, profile.value);
  return saved.ok ? saved : err(asManageError(saved.error));
}

export type AuditLine = AuditEntry & { readonly id: string; readonly patientCode: string | null };

/** The audit log, newest first, each line with its patient's code (null: none, or the patient was deleted). */
export async function readAuditTrail(ctx: Ctx): Promise<Result<{ readonly lines: readonly AuditLine[]; readonly unreadable: number }, ManageError>> {
  if (!isAdministrator(ctx)) return err({ code: 'not-administrator' });
  const [log, patients] = await Promise.all([readAuditLog(ctx.vault), listPatients(ctx.vault)]);
  if (!log.ok) return err(asManageError(log.error));
  const codes = new Map(patients.ok ? patients.value.map((p) => [p.id as string, p.code]) : []);
  return ok({ lines: log.value.entries.map((e) => ({ ...e, patientCode: e.patientId ? (codes.get(e.patientId) ?? null) : null })), unreadable: log.value.unreadable });
}
