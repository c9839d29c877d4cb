import type { Dexie } from 'dexie';

/**
 * Version 6 (frozen): answer sets (issue 20). A new `answerSets` store, keyed by assessment id, holds every answer
 * of a completed assessment sealed as one value, so the research export and a backup open one value per assessment
 * instead of one per answer (23 for SHAPS + PHQ-9). Drafts keep one `answers` row per answer. Indexed by `patientId`
 * (clear on the assessment already): the export reads a range of patients' sets in one sequential read.
 *
 * Dexie's upgrade runs before anyone has typed the passphrase, so it cannot open the rows: there is no upgrade
 * function. Completed assessments written before this version keep their rows until an unlock calls
 * `packCompletedAnswerRows` (the first unlock after the upgrade does the work; later ones find nothing to do).
 * Meanwhile every reader takes both shapes. Never edit a released migration; add the next numbered file instead.
 */
export const migration0006 = {
  version: 6,
  stores: {
    patients: 'id, codeHash, updatedAt',
    assessments: 'id, [patientId+createdAt], status, updatedAt, [status+alertOpen]',
    answers: '[assessmentId+instrumentId+itemId], assessmentId',
    settings: 'key',
    outbox: 'id, &assessmentId, state',
    packs: 'hash',
    answerSets: 'assessmentId, patientId',
  },
} as const;

/** The version 6 answer-set row and its sealed payload (version 1), frozen here as this migration writes them. */
export type AnswerSetRowV6 = { readonly schemaVersion: 6; readonly assessmentId: string; readonly patientId: string; readonly keyId: 'data'; readonly sealed: Uint8Array };
type AnswerV2 = { readonly code: string; readonly answeredAt: string; readonly durationMs: number };
type AnswerSetSealedV1 = { readonly v: 1; readonly answers: Record<string, Record<string, AnswerV2>> };
type AnswerRowV2 = { readonly assessmentId: string; readonly instrumentId: string; readonly itemId: string; readonly keyId: string; readonly sealed: Uint8Array };

/*
 * Frozen copies of the crypto-envelope.ts helpers as version 6 used them: a sealed value is
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

/** Assessments packed per transaction: each batch is all or nothing, and a crash keeps the batches done. */
const BATCH = 100;

/**
 * Moves the answer rows of every completed assessment into its answer set, sealed with `dataKey` (the record key),
 * and returns how many assessments it packed. Idempotent: an assessment with no row left is not touched, and rows
 * added to an assessment that already has a set are merged into it (a row over the set's answer to the same item).
 * Rows under another key (`inbox`, `session:…`: a hand-over not yet taken back) stay as they are. Per batch, rows are
 * read, opened outside the transaction (a WebCrypto promise would end it), and written back only where the
 * assessment is still completed and its rows and set are still the very bytes that were opened. An assessment with a
 * value that does not open is left as it is; the others are packed. `budgetMs` bounds the time spent (checked between
 * batches, at least one batch runs): an unlock packs what fits in it and leaves the rest to the next unlock (about
 * 6 s per 1 000 assessments of 23 answers in the bench, so a large tablet is packed over a few unlocks).
 * `db` is Dexie's own type and the stores are named: this migration does not depend on the live `AppDatabase`.
 */
export async function packCompletedAnswerRows(db: Dexie, dataKey: CryptoKey, budgetMs = Number.POSITIVE_INFINITY): Promise<number> {
  const deadline = performance.now() + budgetMs;
  const [completed, withRows] = await db.transaction('r', ['assessments', 'answers'], () =>
    Promise.all([
      db.table('assessments').where('status').equals('completed').toArray() as Promise<{ id: string; patientId: string }[]>,
      db.table('answers').orderBy('assessmentId').uniqueKeys(),
    ]),
  );
  const rowsOf = new Set(withRows.map(String));
  const todo = completed.filter((a) => rowsOf.has(a.id)).map((a) => ({ id: a.id, patientId: a.patientId }));
  let packed = 0;
  for (let from = 0; from < todo.length && (from === 0 || performance.now() < deadline); from += BATCH) packed += await packBatch(db, dataKey, todo.slice(from, from + BATCH));
  return packed;
}

type Todo = { readonly id: string; readonly patientId: string };

type Read = { readonly rows: readonly AnswerRowV2[]; readonly set: AnswerSetRowV6 | undefined };

async function readBatch(db: Dexie, todo: readonly Todo[]): Promise<Read[]> {
  const ids = todo.map((t) => t.id);
  return db.transaction('r', ['answers', 'answerSets'], async () => {
    const sets = (await db.table('answerSets').bulkGet([...ids])) as (AnswerSetRowV6 | undefined)[];
    const rows = await Promise.all(ids.map((id) => db.table('answers').where('assessmentId').equals(id).toArray() as Promise<AnswerRowV2[]>));
    return ids.map((_, i) => ({ rows: rows[i] ?? [], set: sets[i] }));
  });
}

async function packBatch(db: Dexie, dataKey: CryptoKey, todo: readonly Todo[]): Promise<number> {
  const read = await readBatch(db, todo);
  const sealed = await Promise.all(
    todo.map(async (assessment, i) => {
      const { rows, set } = read[i] ?? { rows: [], set: undefined };
      if (rows.length === 0 || rows.some((r) => r.keyId !== 'data')) return null;
      return sealSet(dataKey, assessment, rows, set).catch(() => null);
    }),
  );
  return writeBatch(db, sealed);
}

/**
 * One assessment's set: what it held, its rows over it, sealed anew. A value that does not open rejects, and the
 * caller leaves that assessment as it is (its readers fail on it as before); the others of its batch go on.
 */
async function sealSet(dataKey: CryptoKey, { id, patientId }: Todo, rows: readonly AnswerRowV2[], set: AnswerSetRowV6 | undefined): Promise<Sealed> {
  const before = set ? ((await openJson(dataKey, set.sealed, `answer-sets/${id}`)) as AnswerSetSealedV1).answers : {};
  const answers: Record<string, Record<string, AnswerV2>> = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, { ...v }]));
  const opened = await Promise.all(rows.map((r) => openJson(dataKey, r.sealed, `answers/${id}/${r.instrumentId}/${r.itemId}`) as Promise<AnswerV2>));
  rows.forEach((r, j) => {
    const a = opened[j];
    if (a) (answers[r.instrumentId] ??= {})[r.itemId] = { code: a.code, answeredAt: a.answeredAt, durationMs: a.durationMs };
  });
  const value: AnswerSetSealedV1 = { v: 1, answers };
  const row: AnswerSetRowV6 = { schemaVersion: 6, assessmentId: id, patientId, keyId: 'data', sealed: await sealJson(dataKey, value, `answer-sets/${id}`) };
  return { id, row, rows, set };
}

type Sealed = { readonly id: string; readonly row: AnswerSetRowV6; readonly rows: readonly AnswerRowV2[]; readonly set: AnswerSetRowV6 | undefined } | null;

async function writeBatch(db: Dexie, sealed: readonly Sealed[]): Promise<number> {
  return db.transaction('rw', ['assessments', 'answers', 'answerSets'], async () => {
    let written = 0;
    for (const s of sealed) {
      if (!s) continue;
      const assessment = (await db.table('assessments').get(s.id)) as { status?: unknown } | undefined;
      const rows = (await db.table('answers').where('assessmentId').equals(s.id).toArray()) as AnswerRowV2[];
      const set = (await db.table('answerSets').get(s.id)) as AnswerSetRowV6 | undefined;
      const unchanged =
        assessment?.status === 'completed' &&
        rows.length === s.rows.length &&
        rows.every((r, j) => sameBytes(r.sealed, s.rows[j]?.sealed ?? new Uint8Array())) &&
        (set === undefined ? s.set === undefined : s.set !== undefined && sameBytes(set.sealed, s.set.sealed));
      if (!unchanged) continue;
      await db.table('answerSets').put(s.row);
      await db.table('answers').where('assessmentId').equals(s.id).delete();
      written += 1;
    }
    return written;
  });
}
