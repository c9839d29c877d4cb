import type { AnswerRecord } from '../domain/answer.ts';
import { hasUnacknowledgedAlert, type Assessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId, type AssessmentId, type PatientId } from '../domain/ids.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { mergeAnswers, plainAnswers, readAnswers, sameBytes, sameStoredAnswers } from './answer-sets.ts';
import { sealJson } from './crypto-envelope.ts';
import { ASSESSMENT_SEALED_VERSION, sealLabel, type AnswerRow, type AnswerSealed, type AnswerSetRecord, type AnswersSealed, type AssessmentRecord, type AssessmentSealed } from './records.ts';
import { restoreAssessmentSealed, unknownAssessmentFields } from './sealed-readers.ts';
import { attempt, StorageFailure, type StorageError } from './storage-error.ts';
import { openValue, sealingKeyFor, type KeyRing, type Vault } from './vault.ts';

/** An assessment without its answers: what lists and alerts need. */
export type AssessmentSummary = Omit<Assessment, 'answers'>;

/** Saves a new draft (no answers yet). */
export async function createAssessment(vault: Vault, assessment: Assessment): Promise<Result<Assessment, StorageError>> {
  const saved = await attempt(async () => {
    const record = await sealAssessment(vault.keys, assessment);
    await vault.db.assessments.add(record);
  });
  return saved.ok ? ok(assessment) : saved;
}

/** One assessment with all its answers. */
export async function getAssessment(vault: Vault, id: AssessmentId): Promise<Result<Assessment, StorageError>> {
  const { db } = vault;
  const found = await attempt(async () => {
    // Read in one transaction, open afterwards: WebCrypto promises would end an IndexedDB transaction early.
    const [record, rows, set] = await db.transaction('r', db.assessments, db.answers, db.answerSets, async () => {
      const r = await db.assessments.get(id);
      return [r, r ? await db.answers.where('assessmentId').equals(id).toArray() : [], r ? await db.answerSets.get(id) : undefined] as const;
    });
    return record ? openAssessment(vault.keys, record, rows, set) : undefined;
  });
  if (!found.ok) return found;
  return found.value ? ok(found.value) : err({ code: 'not-found', detail: `assessment ${id}` });
}

/** A patient's drafts and completed assessments (discarded ones left out), newest first. */
export async function listAssessmentsForPatient(vault: Vault, patientId: PatientId): Promise<Result<Assessment[], StorageError>> {
  const { db } = vault;
  return attempt(async () => {
    const [records, rows, sets] = await db.transaction('r', db.assessments, db.answers, db.answerSets, async () => {
      const all = await db.assessments
        .where('[patientId+createdAt]')
        .between([patientId, ''], [patientId, '\uffff'])
        .reverse()
        .toArray();
      const kept = all.filter((r) => r.status !== 'discarded');
      // One indexed equality query per assessment: `anyOf` walks the whole index in some IndexedDB engines
      // (3 s for 20 of 1 000 assessments on fake-indexeddb, against 15 ms this way; see bench/).
      return [
        kept,
        await Promise.all(kept.map((r) => db.answers.where('assessmentId').equals(r.id).toArray())),
        await db.answerSets.bulkGet(kept.map((r) => r.id)),
      ] as const;
    });
    return Promise.all(records.map((r, i) => openAssessment(vault.keys, r, rows[i] ?? [], sets[i])));
  });
}

const LIVE_STATUSES = ['draft', 'completed'] as const;

/**
 * Assessments with a safety alert no clinician has acknowledged yet, across all patients. Opens only the drafts and
 * completed assessments whose clear `alertOpen` flag (records.ts) is not 0, and the sealed alerts alone decide what
 * is listed: the flag saves work but never hides an alert this app wrote. Per status, when every row carries the
 * flag, the rows marked 1 come straight from the `[status+alertOpen]` index; while any row lacks it (written
 * before it existed), every row of that status is read, as before, each one not marked 0 is opened, and the
 * unflagged ones are given their flag so that the next list takes the index.
 */
export async function listUnacknowledgedAlerts(vault: Vault): Promise<Result<AssessmentSummary[], StorageError>> {
  const { db } = vault;
  return attempt(async () => {
    // Counted and read in one transaction, so a row written meanwhile cannot slip between the check and the read.
    const byStatus = await db.transaction('r', db.assessments, () =>
      Promise.all(
        LIVE_STATUSES.map(async (status) => {
          const flagged = (open: 0 | 1) => db.assessments.where('[status+alertOpen]').equals([status, open]);
          const [all, closed, open] = await Promise.all([db.assessments.where('status').equals(status).count(), flagged(0).count(), flagged(1).count()]);
          if (closed + open === all) return flagged(1).toArray();
          return (await db.assessments.where('status').equals(status).toArray()).filter((r) => r.alertOpen !== 0);
        }),
      ),
    );
    const opened = await Promise.all(byStatus.flat().map(async (record) => ({ record, summary: await openSummary(vault.keys, record) })));
    await flagOpenedRows(vault, opened);
    return opened.map((o) => o.summary).filter(hasUnacknowledgedAlert);
  });
}

/**
 * Gives rows opened without a valid `alertOpen` (written before it existed) their flag, so later lists take the
 * index. Checked and written in one transaction, and only where the row still holds the very sealed bytes that were
 * opened (every seal draws a fresh IV): a newer write is never overwritten. Best effort: the list does not need it.
 */
async function flagOpenedRows(vault: Vault, opened: readonly { record: AssessmentRecord; summary: AssessmentSummary }[]): Promise<void> {
  const { db } = vault;
  const unflagged = opened.filter(({ record }) => record.alertOpen !== 0 && record.alertOpen !== 1);
  if (unflagged.length === 0) return;
  try {
    await db.transaction('rw', db.assessments, async () => {
      const current = await db.assessments.bulkGet(unflagged.map(({ record }) => record.id));
      const flagged = unflagged.flatMap(({ record, summary }, i) => {
        const now = current[i];
        return now && sameBytes(now.sealed, record.sealed) ? [{ ...now, alertOpen: hasUnacknowledgedAlert(summary) ? (1 as const) : (0 as const) }] : [];
      });
      await db.assessments.bulkPut(flagged);
    });
  } catch {
    // Left unflagged: the next list reads those rows again, as before the flag existed.
  }
}

/**
 * Every completed assessment with its answers (set and any rows), oldest first. Reads everything at once: the
 * research export reads a page of patients at a time instead (`completed-by-patient.ts`).
 */
export async function listCompletedAssessments(vault: Vault): Promise<Result<Assessment[], StorageError>> {
  const { db } = vault;
  return attempt(async () => {
    const [records, rows, sets] = await db.transaction('r', db.assessments, db.answers, db.answerSets, async () => {
      const completed = await db.assessments.where('status').equals('completed').toArray();
      const ids = completed.map((r) => r.id);
      return [completed, await Promise.all(ids.map((id) => db.answers.where('assessmentId').equals(id).toArray())), await db.answerSets.bulkGet(ids)] as const;
    });
    const opened = await Promise.all(records.map((r, i) => openAssessment(vault.keys, r, rows[i] ?? [], sets[i])));
    return opened.sort((a, b) => (a.completedAt ?? '').localeCompare(b.completedAt ?? ''));
  });
}

/**
 * Saves one answer the moment it is given: the answer row and the assessment's new state (timestamp, alerts)
 * in one transaction, so a crash leaves either both or neither.
 */
export async function saveAnswer(
  vault: Vault,
  after: Assessment,
  instrumentId: string,
  itemId: string,
  answer: AnswerRecord,
): Promise<Result<void, StorageError>> {
  const { db } = vault;
  return attempt(async () => {
    const row = await sealAnswer(vault.keys, after.id, instrumentId, itemId, answer);
    const record = await sealAssessment(vault.keys, after);
    await db.transaction('rw', db.assessments, db.answers, async () => {
      await db.answers.put(row);
      await db.assessments.put(record);
    });
  });
}

/**
 * Stores the assessment's state (status, results, flags, acknowledgement, attribution). A draft's answers stay its
 * rows (`saveAnswer` wrote each). A completed assessment's answers are sealed inside it, and none is ever dropped:
 * what is stored for it (sealed inside it, a set, rows) is read first and goes under the caller's answers, so a
 * caller holding fewer (a stale or partial copy) loses nothing; its rows and set, now inside it, are deleted in the
 * same transaction when they are still the bytes that were opened (else left: the readers merge them). A finished
 * assessment also moves its patient's last activity forward (the patient list shows recent patients first).
 */
export async function updateAssessment(vault: Vault, assessment: Assessment): Promise<Result<void, StorageError>> {
  const { db } = vault;
  return attempt(async () => {
    const stored = assessment.status === 'completed' ? await readStoredAnswers(vault, assessment.id) : null;
    const record = await sealAssessment(vault.keys, stored ? { ...assessment, answers: mergeAnswers(stored.answers, assessment.answers) } : assessment);
    await db.transaction('rw', [db.assessments, db.patients, db.answers, db.answerSets], async () => {
      await db.assessments.put(record);
      if (assessment.completedAt) await touchPatient(vault, assessment.patientId, assessment.completedAt);
      if (!stored || (stored.rows.length === 0 && !stored.set)) return;
      const [rows, set] = await Promise.all([db.answers.where('assessmentId').equals(assessment.id).toArray(), db.answerSets.get(assessment.id)]);
      if (!sameStoredAnswers(stored, { rows, set })) return;
      await db.answers.where('assessmentId').equals(assessment.id).delete();
      await db.answerSets.delete(assessment.id);
    });
  });
}

/** Every answer stored for an assessment, in whichever shapes, opened; and the rows and set they were read from. */
async function readStoredAnswers(vault: Vault, id: string): Promise<{ answers: Assessment['answers']; rows: readonly AnswerRow[]; set: AnswerSetRecord | undefined }> {
  const { db } = vault;
  // Read in one transaction, open afterwards: WebCrypto promises would end an IndexedDB transaction early.
  const [record, rows, set] = await db.transaction('r', db.assessments, db.answers, db.answerSets, () =>
    Promise.all([db.assessments.get(id), db.answers.where('assessmentId').equals(id).toArray(), db.answerSets.get(id)]),
  );
  const inline = record ? (await openSealed(vault.keys, record)).answers : undefined;
  return { answers: await readAnswers(vault.keys, inline, set, rows), rows, set };
}

/** Moves a patient's last activity forward to `at` (never back), inside the caller's transaction. */
export async function touchPatient(vault: Vault, patientId: string, at: string): Promise<void> {
  await vault.db.patients
    .where('id')
    .equals(patientId)
    .and((row) => row.updatedAt < at)
    .modify({ updatedAt: at });
}

/**
 * Seals an assessment with its sealing key (see `sealingKeyFor`). Every write of an assessment row goes through
 * here, so `alertOpen` is always derived from the very alerts sealed beside it, in the same put. A completed
 * assessment's answers are sealed inside it (sealed version 4: one decryption opens it whole), which is why this
 * takes the whole `Assessment` and never a summary: a completed one cannot be re-sealed without its answers. A
 * draft's answers are its rows (`saveAnswer`), never sealed here. Writes the current sealed version, and any sealed
 * field a newer build wrote that this one does not know, as it was read.
 */
export async function sealAssessment(keys: KeyRing, a: Assessment): Promise<AssessmentRecord> {
  const { keyId, key } = sealingKeyFor(keys, a.id);
  const sealed: AssessmentSealed = {
    ...unknownAssessmentFields(a),
    v: ASSESSMENT_SEALED_VERSION,
    batteryName: a.batteryName,
    mode: a.mode,
    informantRelation: a.informantRelation,
    language: a.language,
    texts: a.texts,
    results: a.results,
    qualityFlags: a.qualityFlags,
    alerts: a.alerts,
    alertsAcknowledgedAt: a.alertsAcknowledgedAt,
    effortTask: a.effortTask,
    ...(a.rewardTask ? { rewardTask: a.rewardTask } : {}),
    ...(a.birthYear !== undefined ? { birthYear: a.birthYear } : {}),
    ...(a.origin ? { origin: a.origin } : {}),
    ...(a.revision ? { revision: a.revision } : {}),
    ...(a.attribution ? { attribution: a.attribution } : {}),
    ...(a.status === 'completed' ? { answers: plainAnswers(a.answers) } : {}),
  };
  return {
    schemaVersion: 2,
    id: a.id,
    patientId: a.patientId,
    instruments: a.instruments,
    status: a.status,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    completedAt: a.completedAt,
    alertOpen: hasUnacknowledgedAlert(a) ? 1 : 0,
    keyId,
    sealed: await sealJson(key, sealed, sealLabel.assessment(a.id)),
  };
}

export async function sealAnswer(keys: KeyRing, assessmentId: string, instrumentId: string, itemId: string, answer: AnswerRecord): Promise<AnswerRow> {
  const { keyId, key } = sealingKeyFor(keys, assessmentId);
  const sealed: AnswerSealed = { code: answer.code, answeredAt: answer.answeredAt, durationMs: answer.durationMs };
  return { schemaVersion: 2, assessmentId, instrumentId, itemId, keyId, sealed: await sealJson(key, sealed, sealLabel.answer(assessmentId, instrumentId, itemId)) };
}

/** An assessment's sealed payload opened: its summary, and the answers sealed inside it (completed, version 4). */
async function openSealed(keys: KeyRing, record: AssessmentRecord): Promise<{ summary: AssessmentSummary; answers: AnswersSealed | undefined }> {
  const label = sealLabel.assessment(record.id);
  const sealed = restoreAssessmentSealed(await openValue<unknown>(keys, record.keyId, record.sealed, label), record.instruments);
  if (!sealed.ok) throw new StorageFailure({ code: sealed.error.code, detail: `${label}: ${sealed.error.detail}` });
  const { answers, ...rest } = sealed.value;
  const summary: AssessmentSummary = {
    id: asAssessmentId(record.id),
    patientId: asPatientId(record.patientId),
    instruments: record.instruments,
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    completedAt: record.completedAt,
    ...rest,
  };
  return { summary, answers };
}

async function openSummary(keys: KeyRing, record: AssessmentRecord): Promise<AssessmentSummary> {
  return (await openSealed(keys, record)).summary;
}

/**
 * An assessment with its answers: those sealed inside it, under its answer set and rows when an earlier build left
 * any (see `readAnswers`). A folded completed assessment is one decryption.
 */
export async function openAssessment(keys: KeyRing, record: AssessmentRecord, rows: readonly AnswerRow[], set?: AnswerSetRecord): Promise<Assessment> {
  const { summary, answers } = await openSealed(keys, record);
  return { ...summary, answers: await readAnswers(keys, answers, set, rows) };
}
