import type { AssessmentAnswers as Answers } from '../domain/answer.ts';
import { sealLabel, type AnswerRow, type AnswerSealed, type AnswerSetRecord, type AnswersSealed } from './records.ts';
import { restoreAnswerSetSealed } from './sealed-readers.ts';
import { StorageFailure } from './storage-error.ts';
import { openValue, type KeyRing } from './vault.ts';

/**
 * The three shapes an assessment's answers are stored in, and the one way to read them. A completed assessment's
 * answers are sealed inside the assessment itself (`AssessmentSealed.answers`, sealed version 4): opening it is one
 * decryption. A draft's are rows, one per answer (each saved the moment it is given). Answer sets
 * (`AnswerSetRecord`, written between migrations 0006 and 0008) and rows of completed assessments are what earlier
 * builds left; an unlock folds them into their assessments (migration 0008). Readers take every shape and merge
 * them: inline under set under rows (`readAnswers`; a row is never older than the set, nor a set than the inline).
 */

/** Opens an answer set through its tolerant reader. */
export async function openAnswerSet(keys: KeyRing, record: AnswerSetRecord): Promise<Answers> {
  const label = sealLabel.answerSet(record.assessmentId);
  const restored = restoreAnswerSetSealed(await openValue<unknown>(keys, record.keyId, record.sealed, label));
  if (!restored.ok) throw new StorageFailure({ code: restored.error.code, detail: `${label}: ${restored.error.detail}` });
  return restored.value;
}

/** Opens answer rows (any key the ring holds), all at once: WebCrypto runs them concurrently. */
export async function openAnswerRows(keys: KeyRing, rows: readonly AnswerRow[]): Promise<Answers> {
  const opened = await Promise.all(rows.map((row) => openValue<AnswerSealed>(keys, row.keyId, row.sealed, sealLabel.answer(row.assessmentId, row.instrumentId, row.itemId))));
  const answers: Record<string, Record<string, AnswerSealed>> = {};
  rows.forEach((row, i) => {
    const a = opened[i];
    if (a) (answers[row.instrumentId] ??= {})[row.itemId] = { code: a.code, answeredAt: a.answeredAt, durationMs: a.durationMs };
  });
  return answers;
}

/**
 * An assessment's answers from every shape: those sealed inside it (already opened with it), its answer set, its
 * rows, each over the one before. Opens only what there is: a folded completed assessment costs nothing more.
 */
export async function readAnswers(keys: KeyRing, inline: Answers | undefined, set: AnswerSetRecord | undefined, rows: readonly AnswerRow[]): Promise<Answers> {
  if (!set && rows.length === 0) return inline ?? {};
  const [packed, loose] = await Promise.all([set ? openAnswerSet(keys, set) : {}, rows.length > 0 ? openAnswerRows(keys, rows) : {}]);
  return mergeAnswers(mergeAnswers(inline ?? {}, packed), loose);
}

/** `over`'s answers over `under`'s, item by item. */
export function mergeAnswers(under: Answers, over: Answers): Answers {
  const merged: Record<string, Record<string, AnswerSealed>> = {};
  for (const answers of [under, over]) for (const [instrumentId, items] of Object.entries(answers)) merged[instrumentId] = { ...merged[instrumentId], ...items };
  return merged;
}

/** Only the three fields an answer has: sealed answers never carry anything else a caller's object held. */
export function plainAnswers(answers: Answers): AnswersSealed {
  return Object.fromEntries(
    Object.entries(answers).map(([instrumentId, items]) => [
      instrumentId,
      Object.fromEntries(Object.entries(items).map(([itemId, a]) => [itemId, { code: a.code, answeredAt: a.answeredAt, durationMs: a.durationMs }])),
    ]),
  );
}

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Whether an assessment's rows and set are still the very bytes that were read (every seal draws a fresh IV). */
export function sameStoredAnswers(before: { readonly rows: readonly AnswerRow[]; readonly set: AnswerSetRecord | undefined }, now: { readonly rows: readonly AnswerRow[]; readonly set: AnswerSetRecord | undefined }): boolean {
  return (
    now.rows.length === before.rows.length &&
    now.rows.every((r, i) => sameBytes(r.sealed, before.rows[i]?.sealed ?? new Uint8Array())) &&
    (now.set === undefined ? before.set === undefined : before.set !== undefined && sameBytes(now.set.sealed, before.set.sealed))
  );
}
