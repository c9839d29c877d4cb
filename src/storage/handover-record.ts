import * as z from 'zod/mini';
import { err, ok, type Result } from '../domain/result.ts';
import { fromBase64, importSealingKey } from './crypto-envelope.ts';
import type { AppDatabase } from './database.ts';
import { readSetting } from './settings-repository.ts';
import type { KeyRing, SessionKey } from './vault.ts';

/**
 * The stored hand-over and resuming patient mode from it: what the app needs when it opens, kept apart from
 * `handover-repository.ts` (which re-seals assessments) so the start page does not carry the assessment repository.
 */
const handoverSchema = z.object({
  assessmentId: z.string(),
  startedAt: z.string(),
  keyId: z.string().check(z.startsWith('session:')),
  wrappedKey: z.string(),
});
export type Handover = z.infer<typeof handoverSchema>;
export const HANDOVER_KEY = 'handover';

/** The running hand-over, if any (readable while locked: it holds nothing personal). */
export const readHandover = (db: AppDatabase) => readSetting<Handover | null>(db, HANDOVER_KEY, z.nullable(handoverSchema), null);

export const sessionLabel = (keyId: string) => `session-key/${keyId}`;

/** Patient mode after a reload: the session key alone, from the secret the app kept. */
export async function resumeHandover(handover: Handover, sessionSecret: string): Promise<Result<KeyRing, 'no-session-key'>> {
  const raw = fromBase64(sessionSecret);
  if (!raw || raw.length !== 32) return err('no-session-key');
  const key = await importSealingKey(raw);
  return ok({ working: null, session: { assessmentId: handover.assessmentId, keyId: handover.keyId as SessionKey['keyId'], key } });
}

