import type { AssessmentAnswers as Answers } from '../domain/answer.ts';
import { sealJson } from './crypto-envelope.ts';
import { ANSWER_SET_SEALED_VERSION, sealLabel, type AnswerRow, type AnswerSealed, type AnswerSetRecord, type AnswerSetSealed } from './records.ts';
import { restoreAnswerSetSealed } from './sealed-readers.ts';
import { StorageFailure } from './storage-error.ts';
import { openValue, requireWorkingKeys, type KeyRing, type Vault } from './vault.ts';

/**
 * Answer sets (records.ts `AnswerSetRecord`): a completed assessment's answers sealed as one value under the record
 * key. A draft's answers are rows, one per answer; completing it packs them into its set (`packAnswers`), and an
 * unlock packs what earlier builds left as rows (migration 0006). Readers take both shapes: the set, then any row
 * over it (`mergeAnswers`).
 */

/** Seals `answers` as one answer set under the record key. */
export async function sealAnswerSet(keys: KeyRing, assessment: { readonly id: string; readonly patientId: string }, answers: Answers): Promise<AnswerSetRecord> {
  const assessmentId = assessment.id;
  const sealed: AnswerSetSealed = { v: ANSWER_SET_SEALED_VERSION, answers: plainAnswers(answers) };
  return { schemaVersion: 6, assessmentId, patientId: assessment.patientId, keyId: 'data', sealed: await sealJson(requireWorkingKeys(keys).data, sealed, sealLabel.answerSet(assessmentId)) };
}

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

/** An assessment's answers from both shapes: its set (if any), and its rows over it (a row is never older). */
export async function readAnswers(keys: KeyRing, set: AnswerSetRecord | undefined, rows: readonly AnswerRow[]): Promise<Answers> {
  const [packed, loose] = await Promise.all([set ? openAnswerSet(keys, set) : {}, openAnswerRows(keys, rows)]);
  return mergeAnswers(packed, loose);
}

function mergeAnswers(under: Answers, over: Answers): Answers {
  const merged: Record<string, Record<string, AnswerSealed>> = {};
  for (const answers of [under, over]) for (const [instrumentId, items] of Object.entries(answers)) merged[instrumentId] = { ...merged[instrumentId], ...items };
  return merged;
}

/** Only the three fields an answer has: a set never carries anything else a caller's object held. */
function plainAnswers(answers: Answers): AnswerSetSealed['answers'] {
  return Object.fromEntries(
    Object.entries(answers).map(([instrumentId, items]) => [
      instrumentId,
      Object.fromEntries(Object.entries(items).map(([itemId, a]) => [itemId, { code: a.code, answeredAt: a.answeredAt, durationMs: a.durationMs }])),
    ]),
  );
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * Packs a completed assessment's answer rows (record key only) into its answer set and deletes the rows, in one
 * transaction, when the assessment is still completed and its rows and set are still the bytes that were opened
 * (else nothing is written: the readers take both shapes, and the next unlock packs it). Returns whether it packed.
 */
export async function packAnswers(vault: Vault, assessmentId: string): Promise<boolean> {
  const { db } = vault;
  const [record, rows, set] = await db.transaction('r', db.assessments, db.answers, db.answerSets, () =>
    Promise.all([db.assessments.get(assessmentId), db.answers.where('assessmentId').equals(assessmentId).toArray(), db.answerSets.get(assessmentId)]),
  );
  if (!record || rows.length === 0 || rows.some((r) => r.keyId !== 'data')) return false;
  // Sealed before the write transaction: a WebCrypto promise inside it would end it.
  const packed = await sealAnswerSet(vault.keys, record, await readAnswers(vault.keys, set, rows));
  return db.transaction('rw', db.assessments, db.answers, db.answerSets, async () => {
    const [assessment, nowRows, nowSet] = await Promise.all([db.assessments.get(assessmentId), db.answers.where('assessmentId').equals(assessmentId).toArray(), db.answerSets.get(assessmentId)]);
    const unchanged =
      assessment?.status === 'completed' &&
      nowRows.length === rows.length &&
      nowRows.every((r, i) => sameBytes(r.sealed, rows[i]?.sealed ?? new Uint8Array())) &&
      (nowSet === undefined ? set === undefined : set !== undefined && sameBytes(nowSet.sealed, set.sealed));
    if (!unchanged) return false;
    await db.answerSets.put(packed);
    await db.answers.where('assessmentId').equals(assessmentId).delete();
    return true;
  });
}
