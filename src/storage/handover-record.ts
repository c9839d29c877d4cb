import * as z from 'zod/mini';
import type { AppDatabase } from './database.ts';
import { readSetting } from './settings-repository.ts';

/**
 * The stored hand-over: what the app needs when it opens, kept apart from `handover-repository.ts` and
 * `patient-inbox.ts` so the start page carries neither.
 *
 * Version 2 holds no secret. It is the plan patient mode needs after a reload, in the clear for the length of the
 * hand-over only (deleted when staff take the tablet back): the assessment, the clinic's inbox public key that
 * patient mode seals every answer to, the language and the text each instrument is given in, the effort task's
 * state (`effortTask`, checked by the workflow) and when the patient finished.
 *
 * Version 1 (earlier builds) held a session key wrapped by the record key, its secret kept in the tab's
 * sessionStorage. This build never resumes one in patient mode (it reads no secret): staff take it back.
 */
const handoverV1Schema = z.object({
  assessmentId: z.string(),
  startedAt: z.string(),
  keyId: z.string().check(z.startsWith('session:')),
  wrappedKey: z.string(),
});
export type HandoverV1 = z.infer<typeof handoverV1Schema>;

const handoverV2Schema = z.object({
  v: z.literal(2),
  assessmentId: z.string(),
  startedAt: z.string(),
  /** The clinic inbox public key (raw P-256 point, base64). */
  sealTo: z.string(),
  language: z.string(),
  /** Instrument id → `AdministeredText`: public words (pack hashes), not answers. */
  texts: z.record(z.string(), z.unknown()),
  /**
   * `{ kind: 'none' }`, `{ kind: 'fresh', record }` (not begun: its schedule and settings, no answer) or
   * `{ kind: 'begun', sealed }` (sealed to the inbox key after each step; null while only the record key's copy
   * from before the hand-over exists).
   */
  effortTask: z.unknown(),
  finishedAt: z.nullable(z.string()),
});
export type HandoverV2 = z.infer<typeof handoverV2Schema>;
export type Handover = HandoverV1 | HandoverV2;

export const HANDOVER_KEY = 'handover';

/** The running hand-over, if any (readable while locked: it holds nothing that opens a record). */
export const readHandover = (db: AppDatabase) => readSetting<Handover | null>(db, HANDOVER_KEY, z.nullable(z.union([handoverV2Schema, handoverV1Schema])), null);

export const isHandoverV2 = (handover: Handover): handover is HandoverV2 => 'v' in handover;

export const sessionLabel = (keyId: string) => `session-key/${keyId}`;

/** Where earlier builds kept a hand-over's session secret (it would open that hand-over's answers). */
const LEGACY_SECRET = 'motivation-profile.handover-secret';

/** Removes an earlier build's session secret from the tab, wherever the app opens. */
export function forgetLegacySessionSecret(): void {
  try {
    sessionStorage.removeItem(LEGACY_SECRET);
  } catch {
    // No sessionStorage (storage blocked): there is nothing in it to remove either.
  }
}
