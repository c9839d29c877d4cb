import type { Assessment, Attribution } from '../domain/assessment-schema.ts';
import { holderOf, type Actor, type AuditEntry } from '../domain/clinician.ts';
import type { Environment } from '../domain/ids.ts';
import type { Result } from '../domain/result.ts';
import { appendAudit } from '../storage/audit-log.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { Vault } from '../storage/vault.ts';

/**
 * Who did it (issue 19): every clinic action that creates or changes clinical data records its actor, the clinician
 * who unlocked (`KeyRing.holder`), twice: with the data (the assessment's sealed `attribution`, written in the same
 * transaction) and as a line of the sealed append-only audit log, written right after.
 */
export const withAttribution = (assessment: Assessment, vault: Vault, change: (actor: Actor) => Attribution): Assessment => ({
  ...assessment,
  attribution: { ...assessment.attribution, ...change(holderOf(vault.keys)) },
});

/** Appends one line to the audit log for the action just taken by whoever holds the keys. */
export const audit = (ctx: { readonly vault: Vault; readonly env: Pick<Environment, 'now' | 'newId'> }, entry: Omit<AuditEntry, 'at' | 'actor'>): Promise<Result<void, StorageError>> =>
  appendAudit(ctx.vault, ctx.env.newId(), { at: ctx.env.now(), actor: holderOf(ctx.vault.keys), ...entry });

/** What a clinician took off the tablet from a screen (a printed report, a copied note): one audit line. */
export const recordExport = (
  ctx: { readonly vault: Vault; readonly env: Pick<Environment, 'now' | 'newId'> },
  input: { readonly kind: 'report' | 'note'; readonly patientId: string; readonly assessmentId: string },
) => audit(ctx, { action: 'export', patientId: input.patientId, assessmentId: input.assessmentId, detail: input.kind });
