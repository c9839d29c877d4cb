import { isRecord, isString } from '../domain/value-checks.ts';
import type { AppDatabase } from './database.ts';
import { ok, type Result } from '../domain/result.ts';
import { readSetting } from './settings-store.ts';
import { attempt, type StorageError } from './storage-error.ts';

/**
 * The stored hand-over: what the app needs when it opens, kept apart from `handover-repository.ts` and
 * `patient-inbox.ts` so the start page carries neither.
 *
 * Version 2 holds no secret. It is the plan patient mode needs after a reload, in the clear for the length of the
 * hand-over only (deleted when staff take the tablet back): the assessment, the clinic's inbox public key that
 * patient mode seals every answer to, the language and the text each instrument is given in, the effort and reward
 * tasks' states (`effortTask`, `rewardTask`, checked by the workflow) and when the patient finished.
 *
 * Version 1 (earlier builds) held a session key wrapped by the record key, its secret kept in the tab's
 * sessionStorage. This build never resumes one in patient mode (it reads no secret): staff take it back.
 */
export type HandoverV1 = { readonly assessmentId: string; readonly startedAt: string; readonly keyId: `session:${string}`; readonly wrappedKey: string };

export type HandoverV2 = {
  readonly v: 2;
  readonly assessmentId: string;
  readonly startedAt: string;
  /** The clinic inbox public key (raw P-256 point, base64). */
  readonly sealTo: string;
  readonly language: string;
  /** Instrument id → `AdministeredText`: public words (pack hashes), not answers. */
  readonly texts: Readonly<Record<string, unknown>>;
  /**
   * `{ kind: 'none' }`, `{ kind: 'fresh', record }` (not begun: its schedule and settings, no answer) or
   * `{ kind: 'begun', sealed }` (sealed to the inbox key after each step; null while only the record key's copy
   * from before the hand-over exists).
   */
  readonly effortTask: unknown;
  /** The reward task's state, as `effortTask`; absent from hand-overs begun by builds before it (none given). */
  readonly rewardTask?: unknown;
  readonly finishedAt: string | null;
};
export type Handover = HandoverV1 | HandoverV2;

/** The stored hand-over (version 2, else 1), or null when there is none; undefined when it does not read. */
function readHandoverValue(value: unknown): Handover | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || !isString(value.assessmentId) || !isString(value.startedAt)) return undefined;
  const { assessmentId, startedAt } = value;
  if (value.v === 2 && isString(value.sealTo) && isString(value.language) && isRecord(value.texts) && (value.finishedAt === null || isString(value.finishedAt))) {
    return { v: 2, assessmentId, startedAt, sealTo: value.sealTo, language: value.language, texts: { ...value.texts }, effortTask: value.effortTask, ...(value.rewardTask === undefined ? {} : { rewardTask: value.rewardTask }), finishedAt: value.finishedAt };
  }
  if (isString(value.keyId) && value.keyId.startsWith('session:') && isString(value.wrappedKey)) {
    return { assessmentId, startedAt, keyId: value.keyId as `session:${string}`, wrappedKey: value.wrappedKey };
  }
  return undefined;
}

export const HANDOVER_KEY = 'handover';

/**
 * The instruments of a handed-over assessment, from its row's clear instrument list (no key needed): what patient
 * mode loads when the app opens. Empty when the row is gone (patient mode then says it cannot open the hand-over).
 */
export async function readHandedOverInstruments(db: AppDatabase, assessmentId: string): Promise<Result<string[], StorageError>> {
  const row = await attempt(() => db.assessments.get(assessmentId));
  return row.ok ? ok((row.value?.instruments ?? []).map((i) => i.id)) : row;
}

/** The running hand-over, if any (readable while locked: it holds nothing that opens a record). */
export const readHandover = (db: AppDatabase) => readSetting<Handover | null>(db, HANDOVER_KEY, readHandoverValue, null);

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
