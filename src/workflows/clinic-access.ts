import type { Environment } from '../domain/ids.ts';
import {
  changeClinicPassphrase,
  recoverClinic,
  replaceRecoveryCode,
  setUpClinic,
  unlockClinic,
  type UnlockError,
} from '../storage/clinic-lock.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { KeyRing } from '../storage/vault.ts';
import { ensureDatabaseOpen, type AppDatabase } from '../storage/database.ts';
import { readClinicianDirectory } from '../storage/clinician-directory.ts';
import { unlockAsClinician, type ClinicianChangeError } from '../storage/clinician-access.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { ADMINISTRATOR_ID, type CredentialKind } from '../domain/clinician.ts';

/**
 * The clinic passphrase and recovery code: first set-up, unlock, recovery, change. They run on the start page,
 * before the catalogue loads, so they take the database and the environment only. Wrong passphrases are throttled
 * by storage (`clinic-lock.ts`), on the environment's clock.
 */
type AccessContext = { readonly db: AppDatabase; readonly env: Pick<Environment, 'nowMs'> };

/** First run: the clinic passphrase; returns the keys and the recovery code to show once. */
export const setUpTablet = (ctx: AccessContext, passphrase: string) => setUpClinic(ctx.db, passphrase);

/**
 * "Unlock" with the clinic passphrase. After a full disk the browser may have closed the connection (and Dexie keeps
 * a failed reopen failed): it is opened again first, so staff get in once space is free, without a reload.
 */
export async function unlockTablet(ctx: AccessContext, passphrase: string): Promise<Result<KeyRing, UnlockError>> {
  const opened = await ensureDatabaseOpen(ctx.db);
  if (!opened.ok) return err({ code: 'storage', error: opened.error });
  return unlockClinic(ctx.db, passphrase, ctx.env.nowMs());
}

/** "Forgot the passphrase?": the recovery code opens the tablet and sets a new passphrase. */
export const recoverTablet = (ctx: AccessContext, input: { readonly recoveryCode: string; readonly passphrase: string }) =>
  recoverClinic(ctx.db, input.recoveryCode, input.passphrase, ctx.env.nowMs());

/** Settings → change the clinic passphrase (the current one first). */
export const changePassphrase = (ctx: AccessContext, input: { readonly current: string; readonly next: string }) =>
  changeClinicPassphrase(ctx.db, input.current, input.next, ctx.env.nowMs());

/** Settings → a new recovery code (the old one stops working). */
export const newRecoveryCode = (ctx: AccessContext, passphrase: string) => replaceRecoveryCode(ctx.db, passphrase, ctx.env.nowMs());

/** Who can sign in on the unlock screen: the administrator (the clinic passphrase), then each named clinician. */
export type SignIn = { readonly id: string; readonly name: string; readonly role: string; readonly credential: CredentialKind | 'clinic-passphrase' };

/** The unlock screen's list, read before anyone has unlocked (the directory is clear). Empty: no clinicians named. */
export async function listSignIns(ctx: AccessContext): Promise<Result<readonly SignIn[], StorageError>> {
  const directory = await readClinicianDirectory(ctx.db);
  if (!directory.ok) return directory;
  const { administrator, clinicians } = directory.value;
  if (clinicians.length === 0) return ok([]);
  return ok([
    { id: ADMINISTRATOR_ID, name: administrator?.name ?? '', role: administrator?.role ?? '', credential: 'clinic-passphrase' as const },
    ...clinicians.map((c) => ({ id: c.id, name: c.name, role: c.role, credential: c.credential })),
  ]);
}

/** "Unlock" as one person on the list: the administrator with the clinic passphrase, a clinician with their own. */
export async function unlockAs(ctx: AccessContext, input: { readonly id: string; readonly secret: string }): Promise<Result<KeyRing, ClinicianChangeError>> {
  if (input.id === ADMINISTRATOR_ID) return unlockTablet(ctx, input.secret);
  const opened = await ensureDatabaseOpen(ctx.db);
  if (!opened.ok) return err({ code: 'storage', error: opened.error });
  return unlockAsClinician(ctx.db, input.id, input.secret, ctx.env.nowMs());
}
