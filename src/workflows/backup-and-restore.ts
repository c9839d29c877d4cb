import { ok, type Result } from '../domain/result.ts';
import { createBackup, readBackup, restoreBackup, type BackupError, type CheckedBackup, type RestoreMode, type RestoreSummary } from '../storage/backup.ts';
import { audit } from './attribution.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** Settings → Backup: every patient and assessment in one file encrypted under its own passphrase. */
export async function makeBackup(ctx: Pick<WorkflowContext, 'vault' | 'env'>, passphrase: string): Promise<Result<{ readonly fileName: string; readonly text: string }, BackupError>> {
  const now = ctx.env.now();
  const made = await createBackup(ctx.vault, passphrase, { appVersion: ctx.env.appVersion, now });
  if (made.ok) await audit(ctx, { action: 'export', detail: 'backup' });
  return made.ok ? ok({ fileName: `motivation-profile-backup-${now.slice(0, 10)}.json`, text: made.value }) : made;
}

/** Checks a backup file in full (passphrase, integrity, structure, references, instruments) before anything is written. */
export const checkBackupFile = (
  ctx: Pick<WorkflowContext, 'catalogue'>,
  input: { readonly file: { readonly size: number; readonly text: () => Promise<string> }; readonly passphrase: string },
): Promise<Result<CheckedBackup, BackupError>> =>
  readBackup(input.file, input.passphrase, ctx.catalogue.instruments.map((i) => i.definition));

/**
 * Restores a checked backup (merge or replace), in one transaction. It may change the translation packs: the caller
 * refreshes the catalogue afterwards.
 */
export const restoreCheckedBackup = (
  ctx: Pick<WorkflowContext, 'vault' | 'env'>,
  input: { readonly backup: CheckedBackup; readonly mode: RestoreMode },
): Promise<Result<RestoreSummary, BackupError>> => restoreBackup(ctx.vault, input.backup, input.mode, ctx.env.now());
