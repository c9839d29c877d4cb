import type { Assessment } from '../domain/assessment.ts';
import { ok, type Result } from '../domain/result.ts';
import { openAssessment } from './assessment-repository.ts';
import { openPatient } from './patient-repository.ts';
import type { AnswerRow, AnswerSetRecord, AssessmentRecord, PatientRecord } from './records.ts';
import { attempt, type StorageError } from './storage-error.ts';
import type { Vault } from './vault.ts';

/** One patient's completed assessments, with the patient's code (a pseudonym): what the research export writes. */
export type PatientVisits = { readonly patientCode: string; readonly assessments: readonly Assessment[] };

/** Assessment rows read per page (fewer when a page ends inside a patient's visits); memory holds one page. */
export const PAGE_SIZE = 1000;
/**
 * Sealed values opened at once. WebCrypto runs them concurrently, but thousands queued at once open more slowly
 * than a steady few dozen (measured in Node: ~56 µs each in groups of 16–128, ~83 µs with 10 000 at once).
 */
const OPEN_AT_ONCE = 64;

/**
 * Reads every completed assessment, patient by patient, a page at a time, and hands each page's patients to
 * `onPage` (in patient-id order; a patient's visits never straddle two pages), so memory holds one page of opened
 * assessments however many there are. Each page is two sequential range reads in one transaction (the assessments
 * by `[patientId+createdAt]`, their patients by id) and one value opened per patient and one per assessment (its
 * answers are sealed inside it). What an unlock has not folded yet (migration 0008) is read too: answer sets by
 * `patientId` only while the store holds any, answer rows only for assessments that still have some. Patients
 * deleted from the tablet are left out (no code, so no research record). Returns how many assessments were handed over.
 */
export async function forEachPatientsCompleted(vault: Vault, onPage: (patients: readonly PatientVisits[]) => void, pageSize = PAGE_SIZE): Promise<Result<number, StorageError>> {
  const { db } = vault;
  const left = await attempt(async () => {
    const [withRows, aSet] = await db.transaction('r', db.answers, db.answerSets, () => Promise.all([db.answers.orderBy('assessmentId').uniqueKeys(), db.answerSets.limit(1).primaryKeys()]));
    return { withRows: new Set(withRows.map(String)), anySets: aSet.length > 0 };
  });
  if (!left.ok) return left;
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const read = await attempt(() => readPage(vault, after, pageSize, left.value));
    if (!read.ok) return read;
    const page = read.value;
    if (!page) return ok(count);
    const opened = await attempt(() => openPage(vault, page));
    if (!opened.ok) return opened;
    count += opened.value.reduce((n, p) => n + p.assessments.length, 0);
    onPage(opened.value);
    if (page.last) return ok(count);
    after = page.lastPatientId;
  }
}

type Page = {
  readonly assessments: readonly AssessmentRecord[];
  readonly patients: readonly PatientRecord[];
  readonly sets: readonly AnswerSetRecord[];
  readonly rows: ReadonlyMap<string, readonly AnswerRow[]>;
  readonly lastPatientId: string;
  readonly last: boolean;
};

async function readPage(vault: Vault, after: string | null, pageSize: number, left: { readonly withRows: ReadonlySet<string>; readonly anySets: boolean }): Promise<Page | null> {
  const { db } = vault;
  return db.transaction('r', [db.assessments, db.patients, db.answerSets, db.answers], async () => {
    const byPatient = db.assessments.where('[patientId+createdAt]');
    let records = await (after === null ? db.assessments.orderBy('[patientId+createdAt]') : byPatient.above([after, '\uffff'])).limit(pageSize).toArray();
    const full = records.length === pageSize;
    const lastRead = records[records.length - 1]?.patientId;
    if (lastRead === undefined) return null;
    if (full) {
      // The last patient's visits may go on in the next page: leave them to it, unless they fill this page alone.
      const whole = records.filter((r) => r.patientId !== lastRead);
      records = whole.length > 0 ? whole : await byPatient.between([lastRead, ''], [lastRead, '\uffff'], true, true).toArray();
    }
    const first = records[0]?.patientId ?? lastRead;
    const lastPatientId = records[records.length - 1]?.patientId ?? lastRead;
    const completed = records.filter((r) => r.status === 'completed');
    const [patients, sets, loose] = await Promise.all([
      db.patients.where('id').between(first, lastPatientId, true, true).toArray(),
      left.anySets ? db.answerSets.where('patientId').between(first, lastPatientId, true, true).toArray() : [],
      Promise.all(completed.filter((r) => left.withRows.has(r.id)).map(async (r) => [r.id, await db.answers.where('assessmentId').equals(r.id).toArray()] as const)),
    ]);
    return { assessments: completed, patients, sets, rows: new Map(loose), lastPatientId, last: !full };
  });
}

async function openPage(vault: Vault, page: Page): Promise<PatientVisits[]> {
  const active = new Map(page.patients.filter((p) => p.deletedAt === null).map((p) => [p.id, p]));
  const setOf = new Map(page.sets.map((s) => [s.assessmentId, s]));
  const kept = page.assessments.filter((r) => active.has(r.patientId));
  const patientIds = [...new Set(kept.map((r) => r.patientId))];
  const patients = await openAtMost(patientIds, (id) => {
    const record = active.get(id);
    if (!record) throw new Error(`patient ${id} left the page`);
    return openPatient(vault.keys, record);
  });
  const assessments = await openAtMost(kept, (r) => openAssessment(vault.keys, r, page.rows.get(r.id) ?? [], setOf.get(r.id)));
  const visits = new Map<string, Assessment[]>(patientIds.map((id) => [id, []]));
  for (const a of assessments) visits.get(a.patientId)?.push(a);
  return patients.map((p) => ({ patientCode: p.code, assessments: visits.get(p.id) ?? [] }));
}

/** `open` over every item, at most OPEN_AT_ONCE running at a time, results in the items' order. */
async function openAtMost<T, U>(items: readonly T[], open: (item: T) => Promise<U>): Promise<U[]> {
  const out: U[] = new Array<U>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await open(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(OPEN_AT_ONCE, items.length) }, worker));
  return out;
}
