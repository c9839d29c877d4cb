import type { AnswerRecord } from '../domain/answer.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { fromBase64, importInboxPublicKey, sealToPublicKey, toBase64 } from './crypto-envelope.ts';
import type { AppDatabase } from './database.ts';
import { HANDOVER_KEY, isHandoverV2, readHandover, type HandoverV2 } from './handover-record.ts';
import { sealLabel, type AnswerRow, type AnswerSealed, type AssessmentRecord } from './records.ts';
import { attempt, StorageFailure, type StorageError } from './storage-error.ts';

/**
 * Patient mode's storage. It holds no key that opens a record: every answer (and the effort task's record) is
 * sealed to the clinic's inbox public key (`sealToPublicKey`) and written at once; what it reads back is in the
 * clear (the hand-over's plan, which items have a row, whether an alert is open). Staff taking the tablet back open
 * the rows with the inbox private key (`handover-repository.ts`).
 */

/** The inbox public key patient mode seals to, for the one assessment handed over. Opens nothing. */
export type PatientSeal = { readonly assessmentId: string; readonly sealTo: CryptoKey };

/** The running hand-over as patient mode reads it after a reload. */
export type HandedOver = {
  readonly handover: HandoverV2;
  readonly instruments: AssessmentRecord['instruments'];
  readonly alertOpen: boolean;
  /** Instrument id → ids of the items with an answer row. */
  readonly answered: Readonly<Record<string, readonly string[]>>;
};

/** The seal of a running version 2 hand-over (`not-found` when there is none, or it cannot be sealed to). */
export async function patientSealOf(handover: HandoverV2): Promise<Result<PatientSeal, StorageError>> {
  const raw = fromBase64(handover.sealTo);
  const key = raw ? await importInboxPublicKey(raw) : null;
  return key?.ok ? ok({ assessmentId: handover.assessmentId, sealTo: key.value }) : err({ code: 'undecryptable', detail: 'the hand-over’s inbox key is damaged' });
}

export async function readHandedOver(db: AppDatabase, assessmentId: string): Promise<Result<HandedOver, StorageError>> {
  const found = await readHandover(db);
  if (!found.ok) return found;
  const handover = found.value;
  if (!handover || !isHandoverV2(handover) || handover.assessmentId !== assessmentId) return err({ code: 'not-found', detail: `hand-over of assessment ${assessmentId}` });
  return attempt(async () => {
    const [record, keys] = await db.transaction('r', db.assessments, db.answers, async () => [
      await db.assessments.get(assessmentId),
      await db.answers.where('assessmentId').equals(assessmentId).primaryKeys(),
    ] as const);
    if (!record) throw new StorageFailure({ code: 'not-found', detail: `assessment ${assessmentId}` });
    const answered: Record<string, string[]> = {};
    for (const [, instrumentId, itemId] of keys) (answered[instrumentId] ??= []).push(itemId);
    return { handover, instruments: record.instruments, alertOpen: record.alertOpen === 1, answered };
  });
}

/**
 * Writes one answer, sealed to the inbox key. An answer that raises a safety alert also sets the assessment's clear
 * `alertOpen` bit (records.ts), in the same transaction: after a reload patient mode still knows to ask for staff
 * and to offer no game, without reading an answer.
 */
export async function savePatientAnswer(
  db: AppDatabase,
  seal: PatientSeal,
  instrumentId: string,
  itemId: string,
  answer: AnswerRecord,
  raisesAlert: boolean,
): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    const { assessmentId } = seal;
    const value: AnswerSealed = { code: answer.code, answeredAt: answer.answeredAt, durationMs: answer.durationMs };
    const label = sealLabel.answer(assessmentId, instrumentId, itemId);
    const row: AnswerRow = { schemaVersion: 2, assessmentId, instrumentId, itemId, keyId: 'inbox', sealed: await sealToPublicKey(seal.sealTo, encodeJson(value), label) };
    await db.transaction('rw', db.answers, db.assessments, db.settings, async () => {
      await requireHandover(db, assessmentId);
      await db.answers.put(row);
      if (raisesAlert) await db.assessments.update(assessmentId, { alertOpen: 1 });
    });
  });
}

/** Writes the effort task's record after a step, sealed to the inbox key, into the hand-over. */
export async function savePatientEffortTask(db: AppDatabase, seal: PatientSeal, record: unknown): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    const sealed = toBase64(await sealToPublicKey(seal.sealTo, encodeJson(record), sealLabel.handoverEffortTask(seal.assessmentId)));
    await changeHandover(db, seal.assessmentId, (h) => ({ ...h, effortTask: { kind: 'begun', sealed } }));
  });
}

/** Writes the reward task's record after each trial, sealed to the inbox key, into the hand-over. */
export async function savePatientRewardTask(db: AppDatabase, seal: PatientSeal, record: unknown): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    const sealed = toBase64(await sealToPublicKey(seal.sealTo, encodeJson(record), sealLabel.handoverRewardTask(seal.assessmentId)));
    await changeHandover(db, seal.assessmentId, (h) => ({ ...h, rewardTask: { kind: 'begun', sealed } }));
  });
}

/** The patient has finished: staff taking the tablet back score the assessment. */
export async function savePatientFinished(db: AppDatabase, seal: PatientSeal, at: string): Promise<Result<void, StorageError>> {
  return attempt(() => changeHandover(db, seal.assessmentId, (h) => ({ ...h, finishedAt: h.finishedAt ?? at })));
}

async function changeHandover(db: AppDatabase, assessmentId: string, change: (h: HandoverV2) => HandoverV2): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    await db.settings.put({ key: HANDOVER_KEY, value: change(await requireHandover(db, assessmentId)) });
  });
}

/**
 * The running hand-over of this assessment, read inside the caller's transaction. Once staff have taken the tablet
 * back, nothing sealed to the inbox may be written any more (the take-back has re-sealed the assessment already).
 */
async function requireHandover(db: AppDatabase, assessmentId: string): Promise<HandoverV2> {
  const stored = (await db.settings.get(HANDOVER_KEY))?.value as Partial<HandoverV2> | undefined;
  if (stored?.v !== 2 || stored.assessmentId !== assessmentId) throw new StorageFailure({ code: 'not-found', detail: `hand-over of assessment ${assessmentId}` });
  return stored as HandoverV2;
}

const encodeJson = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
