import * as z from 'zod/mini';
import { err, type Result } from '../domain/result.ts';
import { fromBase64, generateInboxKeyPair, importInboxPrivateKey, openBytes, sealBytes, toBase64 } from './crypto-envelope.ts';
import { sealLabel } from './records.ts';
import { attempt, type StorageError } from './storage-error.ts';
import { requireWorkingKeys, UndecryptableError, type Vault } from './vault.ts';

/**
 * The clinic's inbox key pair (ECDH P-256): patient mode seals answers to the public key; the private key is stored
 * only sealed by the record key, so only a clinician's passphrase opens what a patient answered. Made once, at the
 * first hand-over. Not in backups: nothing sealed to it outlives a hand-over.
 */
const INBOX_KEY = 'inbox-key';
const inboxKeySchema = z.object({ publicKey: z.string(), wrappedPrivateKey: z.string() });

/** The inbox public key (raw, base64), made and stored now if the tablet has none. Needs the clinician's keys. */
export async function ensureInboxKey(vault: Vault): Promise<Result<string, StorageError>> {
  return attempt(async () => {
    const working = requireWorkingKeys(vault.keys);
    const stored = inboxKeySchema.safeParse((await vault.db.settings.get(INBOX_KEY))?.value);
    if (stored.success) return stored.data.publicKey;
    const pair = await generateInboxKeyPair();
    const record = { publicKey: toBase64(pair.publicRaw), wrappedPrivateKey: toBase64(await sealBytes(working.data, pair.privatePkcs8, sealLabel.setting(INBOX_KEY))) };
    pair.privatePkcs8.fill(0);
    const { db } = vault;
    // Another write may have made one meanwhile: keep that one (answers may already be sealed to it).
    return db.transaction('rw', db.settings, async () => {
      const again = inboxKeySchema.safeParse((await db.settings.get(INBOX_KEY))?.value);
      if (again.success) return again.data.publicKey;
      await db.settings.put({ key: INBOX_KEY, value: record });
      return record.publicKey;
    });
  });
}

/** The inbox private key (not extractable), opened with the record key; `not-found` when the tablet has none. */
export async function openInboxKey(vault: Vault): Promise<Result<CryptoKey, StorageError>> {
  const found = await attempt(async () => inboxKeySchema.safeParse((await vault.db.settings.get(INBOX_KEY))?.value));
  if (!found.ok) return found;
  if (!found.value.success) return err({ code: 'not-found', detail: 'the clinic inbox key' });
  const wrapped = fromBase64(found.value.data.wrappedPrivateKey);
  return attempt(async () => {
    const opened = wrapped ? await openBytes(requireWorkingKeys(vault.keys).data, wrapped, sealLabel.setting(INBOX_KEY)) : null;
    if (!opened?.ok) throw new UndecryptableError('the inbox key does not open with the record key');
    const key = await importInboxPrivateKey(opened.value);
    opened.value.fill(0);
    return key;
  });
}

