import type { Dexie } from 'dexie';

/*
 * Migration 0008's work at unlock (frozen with it; see 0008-answers-in-assessments.ts): a completed assessment's
 * answer set and answer rows sealed into the assessment itself. Apart from the migration's declaration because the
 * app declares every version when it opens, and the start page should carry none of this.
 */

/** The rows this migration reads and writes, frozen as version 7 stored them. */
type AssessmentRowV7 = { readonly id: string; readonly status: string; readonly keyId: string; readonly sealed: Uint8Array };
type AnswerRowV7 = { readonly assessmentId: string; readonly instrumentId: string; readonly itemId: string; readonly keyId: string; readonly sealed: Uint8Array };
type AnswerSetRowV7 = { readonly assessmentId: string; readonly keyId: string; readonly sealed: Uint8Array };
type AnswerV7 = { readonly code: string; readonly answeredAt: string; readonly durationMs: number };
type Answers = Record<string, Record<string, AnswerV7>>;

/*
 * Frozen copies of the crypto-envelope.ts helpers as version 8 uses them: a sealed value is
 * `iv (12 random bytes) ‖ AES-GCM(JSON)` with its location as additional data.
 */
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function sealJson(key: CryptoKey, value: unknown, label: string): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const box = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: encoder.encode(label) }, key, encoder.encode(JSON.stringify(value)));
  const sealed = new Uint8Array(IV_BYTES + box.byteLength);
  sealed.set(iv, 0);
  sealed.set(new Uint8Array(box), IV_BYTES);
  return sealed;
}

async function openJson(key: CryptoKey, sealed: Uint8Array, label: string): Promise<unknown> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.subarray(0, IV_BYTES) as BufferSource, additionalData: encoder.encode(label) },
    key,
    sealed.subarray(IV_BYTES) as BufferSource,
  );
  return JSON.parse(decoder.decode(plain)) as unknown;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Assessments folded per transaction: each batch is all or nothing, and a crash keeps the batches done. */
const BATCH = 100;

/**
 * Folds the answer set and answer rows of every completed assessment into its sealed payload (as `answers`, under
 * the record key `dataKey`), deletes them, and returns how many assessments it folded. The payload keeps every
 * other field, its version `v` included (the reader takes `answers` at any version); answers merge as the readers
 * merge them: those already inside under the set's under the rows'. Idempotent: an assessment with no set and no row
 * is not touched. Left as they are: an assessment, set or row under another key (a hand-over not yet taken back)
 * and one with a value that does not open (its readers fail on it as before); the others of its batch go on. Per
 * batch of 100, everything is read in one transaction, opened and sealed outside it (a WebCrypto promise would end
 * it), and written in one transaction only where the assessment is still completed and it, its rows and its set
 * are still the very bytes that were opened. `budgetMs` bounds the time spent (checked between batches, at least
 * one batch runs): an unlock folds what fits and leaves the rest to the next. `db` is Dexie's own type and the
 * stores are named: this migration does not depend on the live `AppDatabase`.
 */
export async function foldAnswersIntoAssessments(db: Dexie, dataKey: CryptoKey, budgetMs = Number.POSITIVE_INFINITY): Promise<number> {
  const deadline = performance.now() + budgetMs;
  const [completed, withSets, withRows] = await db.transaction('r', ['assessments', 'answers', 'answerSets'], () =>
    Promise.all([
      db.table('assessments').where('status').equals('completed').primaryKeys(),
      db.table('answerSets').toCollection().primaryKeys(),
      db.table('answers').orderBy('assessmentId').uniqueKeys(),
    ]),
  );
  const stored = new Set([...withSets, ...withRows].map(String));
  const todo = completed.map(String).filter((id) => stored.has(id));
  let folded = 0;
  for (let from = 0; from < todo.length && (from === 0 || performance.now() < deadline); from += BATCH) folded += await foldBatch(db, dataKey, todo.slice(from, from + BATCH));
  return folded;
}

type Read = { readonly id: string; readonly record: AssessmentRowV7 | undefined; readonly rows: readonly AnswerRowV7[]; readonly set: AnswerSetRowV7 | undefined };
type Folded = { readonly read: Read; readonly sealed: Uint8Array } | null;

async function readBatch(db: Dexie, ids: readonly string[]): Promise<Read[]> {
  return db.transaction('r', ['assessments', 'answers', 'answerSets'], async () => {
    const [records, sets, rows] = await Promise.all([
      db.table('assessments').bulkGet([...ids]) as Promise<(AssessmentRowV7 | undefined)[]>,
      db.table('answerSets').bulkGet([...ids]) as Promise<(AnswerSetRowV7 | undefined)[]>,
      Promise.all(ids.map((id) => db.table('answers').where('assessmentId').equals(id).toArray() as Promise<AnswerRowV7[]>)),
    ]);
    return ids.map((id, i) => ({ id, record: records[i], rows: rows[i] ?? [], set: sets[i] }));
  });
}

async function foldBatch(db: Dexie, dataKey: CryptoKey, ids: readonly string[]): Promise<number> {
  const read = await readBatch(db, ids);
  const folded = await Promise.all(read.map((r) => foldOne(dataKey, r).catch(() => null)));
  return writeBatch(db, folded);
}

/** One assessment's payload with its answers inside, sealed anew; null (or a rejection) leaves it as it is. */
async function foldOne(dataKey: CryptoKey, read: Read): Promise<Folded> {
  const { id, record, rows, set } = read;
  if (!record || record.status !== 'completed' || record.keyId !== 'data') return null;
  if ((set && set.keyId !== 'data') || rows.some((r) => r.keyId !== 'data') || (!set && rows.length === 0)) return null;
  const [payload, packed, loose] = await Promise.all([
    openJson(dataKey, record.sealed, `assessments/${id}`),
    set ? openJson(dataKey, set.sealed, `answer-sets/${id}`) : { v: 1, answers: {} },
    Promise.all(rows.map((r) => openJson(dataKey, r.sealed, `answers/${id}/${r.instrumentId}/${r.itemId}`))),
  ]);
  if (!isObject(payload) || !isObject(packed) || packed['v'] !== 1 || !isObject(packed['answers'])) return null;
  const answers: Answers = {};
  for (const layer of [payload['answers'] ?? {}, packed['answers']]) {
    if (!isObject(layer)) return null;
    for (const [instrumentId, items] of Object.entries(layer)) {
      if (!isObject(items)) return null;
      answers[instrumentId] = { ...answers[instrumentId], ...(items as Record<string, AnswerV7>) };
    }
  }
  rows.forEach((r, j) => {
    const a = loose[j] as AnswerV7 | undefined;
    if (a) (answers[r.instrumentId] ??= {})[r.itemId] = { code: a.code, answeredAt: a.answeredAt, durationMs: a.durationMs };
  });
  return { read, sealed: await sealJson(dataKey, { ...payload, answers }, `assessments/${id}`) };
}

async function writeBatch(db: Dexie, folded: readonly Folded[]): Promise<number> {
  return db.transaction('rw', ['assessments', 'answers', 'answerSets'], async () => {
    let written = 0;
    for (const f of folded) {
      if (!f) continue;
      const { id, record, rows, set } = f.read;
      const now = (await db.table('assessments').get(id)) as AssessmentRowV7 | undefined;
      const nowRows = (await db.table('answers').where('assessmentId').equals(id).toArray()) as AnswerRowV7[];
      const nowSet = (await db.table('answerSets').get(id)) as AnswerSetRowV7 | undefined;
      const unchanged =
        now !== undefined &&
        record !== undefined &&
        now.status === 'completed' &&
        sameBytes(now.sealed, record.sealed) &&
        nowRows.length === rows.length &&
        nowRows.every((r, j) => sameBytes(r.sealed, rows[j]?.sealed ?? new Uint8Array())) &&
        (nowSet === undefined ? set === undefined : set !== undefined && sameBytes(nowSet.sealed, set.sealed));
      if (!unchanged) continue;
      await db.table('assessments').put({ ...now, sealed: f.sealed });
      await db.table('answers').where('assessmentId').equals(id).delete();
      await db.table('answerSets').delete(id);
      written += 1;
    }
    return written;
  });
}
