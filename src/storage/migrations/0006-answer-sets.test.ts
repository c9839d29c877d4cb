import { expect, it } from 'vitest';
import { freshDb, TEST_ITERATIONS, TEST_PASSPHRASE } from '../../../tests/support/vault.ts';
import { textsRecordedBefore } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import type { Assessment } from '../../domain/assessment.ts';
import { getAssessment, sealAnswer, sealAssessment } from '../assessment-repository.ts';
import { setUpClinic } from '../clinic-lock.ts';
import { packCompletedAnswerRows } from './0006-answer-sets.ts';
import { NO_KEYS, type KeyRing } from '../vault.ts';

const instruments = [{ id: 'phq-9', version: '1.0.0' }];
// Sealed by this build (its answers, none, sealed inside): the rows are what this migration packs.
const summary = (id: string, status: 'draft' | 'completed'): Assessment => ({
  id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'PHQ-9', instruments, mode: 'patient', informantRelation: null, language: 'en',
  texts: textsRecordedBefore(instruments, 'en'), status, createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:05:00.000Z',
  completedAt: status === 'completed' ? '2026-01-01T09:05:00.000Z' : null, results: null, qualityFlags: {}, alerts: [], alertsAcknowledgedAt: null, effortTask: null, answers: {},
});
const answer = (i: number) => ({ code: i % 2 ? 'several-days' : 'not-at-all', answeredAt: `2026-01-01T09:0${i}:00.000Z`, durationMs: 1000 * i });

/** A version 5 tablet as that build stored it: a completed assessment and a draft, each answer its own sealed row. */
async function version5(name: string): Promise<KeyRing> {
  const v5 = freshDb(name, 5);
  const set = await setUpClinic(v5, TEST_PASSPHRASE, TEST_ITERATIONS);
  if (!set.ok) throw new Error(set.error.code);
  const { keys } = set.value;
  await v5.table('assessments').bulkAdd([await sealAssessment(keys, summary('done', 'completed')), await sealAssessment(keys, summary('draft', 'draft'))]);
  await v5.table('answers').bulkAdd([
    ...(await Promise.all([1, 2, 3].map((i) => sealAnswer(keys, 'done', 'phq-9', `phq-9-${i}`, answer(i))))),
    ...(await Promise.all([1, 2].map((i) => sealAnswer(keys, 'draft', 'phq-9', `phq-9-${i}`, answer(i))))),
  ]);
  v5.close();
  return keys;
}

const expected = { 'phq-9': { 'phq-9-1': answer(1), 'phq-9-2': answer(2), 'phq-9-3': answer(3) } };

it('adds the answerSets store keyed by assessment id and, locked, changes no row; readers take the rows meanwhile', async () => {
  const name = `migration-0006-${Date.now()}`;
  const keys = await version5(name);
  const db = freshDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(6);
  const sets = db.tables.find((t) => t.name === 'answerSets');
  expect([sets?.schema.primKey.src, ...(sets?.schema.indexes.map((i) => i.src) ?? [])]).toEqual(['assessmentId', 'patientId']);
  expect(await db.answers.count()).toBe(5);
  expect(await db.answerSets.count()).toBe(0);
  // Opening without keys opens nothing; with them, the rows read as before.
  expect((await getAssessment({ db, keys: NO_KEYS }, asAssessmentId('done'))).ok).toBe(false);
  const read = await getAssessment({ db, keys }, asAssessmentId('done'));
  expect(read.ok && read.value.answers).toEqual(expected);
});

// Unlocks ran `packCompletedAnswerRows` until migration 0008, whose fold (run at unlock since) takes rows too.
it('packs each completed assessment’s rows into one answer set, leaves drafts as rows, and does nothing more the next time', async () => {
  const name = `migration-0006-unlock-${Date.now()}`;
  const keys = await version5(name);
  const db = freshDb(name);
  await db.open();
  expect(await packCompletedAnswerRows(db, keys.working!.data)).toBe(1);
  const vault = { db, keys };

  expect((await db.answers.toArray()).map((r) => [r.assessmentId, r.itemId])).toEqual([['draft', 'phq-9-1'], ['draft', 'phq-9-2']]);
  expect((await db.answerSets.toArray()).map((s) => [s.assessmentId, s.patientId, s.keyId, s.schemaVersion])).toEqual([['done', 'p1', 'data', 6]]);
  const done = await getAssessment(vault, asAssessmentId('done'));
  expect(done.ok && done.value.answers).toEqual(expected);
  const draft = await getAssessment(vault, asAssessmentId('draft'));
  expect(draft.ok && draft.value.answers).toEqual({ 'phq-9': { 'phq-9-1': answer(1), 'phq-9-2': answer(2) } });

  const before = await db.answerSets.get('done');
  expect(await packCompletedAnswerRows(db, keys.working!.data)).toBe(0);
  expect(await db.answerSets.get('done')).toEqual(before);
  expect(await db.answers.count()).toBe(2);
});

it('leaves a completed assessment’s rows under another key (a hand-over not yet taken back) and one with a row that does not open as they are, and packs the rest', async () => {
  const name = `migration-0006-keys-${Date.now()}`;
  const keys = await version5(name);
  const db = freshDb(name);
  await db.open();
  const inboxRow = { ...(await sealAnswer(keys, 'done', 'phq-9', 'phq-9-4', answer(4))), keyId: 'inbox' as const };
  await db.answers.put(inboxRow);
  await db.assessments.put(await sealAssessment(keys, summary('broken', 'completed')));
  const broken = await sealAnswer(keys, 'broken', 'phq-9', 'phq-9-1', answer(1));
  await db.answers.put({ ...broken, sealed: broken.sealed.map((b, i) => (i === 20 ? b ^ 1 : b)) });
  // Packed all the same, in the same batch.
  await db.assessments.put(await sealAssessment(keys, summary('fine', 'completed')));
  await db.answers.put(await sealAnswer(keys, 'fine', 'phq-9', 'phq-9-1', answer(1)));

  expect(await packCompletedAnswerRows(db, keys.working!.data)).toBe(1);
  expect((await db.answers.toArray()).map((r) => `${r.assessmentId}/${r.itemId}`).sort()).toEqual(['broken/phq-9-1', 'done/phq-9-1', 'done/phq-9-2', 'done/phq-9-3', 'done/phq-9-4', 'draft/phq-9-1', 'draft/phq-9-2']);
  expect((await db.answerSets.toArray()).map((s) => s.assessmentId)).toEqual(['fine']);
  const fine = await getAssessment({ db, keys }, asAssessmentId('fine'));
  expect(fine.ok && fine.value.answers).toEqual({ 'phq-9': { 'phq-9-1': answer(1) } });
});

it('packs a batch of 100 assessments at a time within its time budget, at least one batch, and the rest on later calls', async () => {
  const name = `migration-0006-budget-${Date.now()}`;
  const keys = await version5(name);
  const db = freshDb(name);
  await db.open();
  const more = await Promise.all(Array.from({ length: 150 }, (_, i) => sealAssessment(keys, summary(`m${String(i).padStart(3, '0')}`, 'completed'))));
  await db.assessments.bulkAdd(more);
  await db.answers.bulkAdd(await Promise.all(more.map((a) => sealAnswer(keys, a.id, 'phq-9', 'phq-9-1', answer(1)))));
  const key = keys.working!.data;
  expect(await packCompletedAnswerRows(db, key, 0)).toBe(100);
  expect(await packCompletedAnswerRows(db, key, 0)).toBe(51);
  expect(await packCompletedAnswerRows(db, key, 0)).toBe(0);
  expect(await db.answerSets.count()).toBe(151);
  expect(new Set((await db.answers.toArray()).map((r) => r.assessmentId))).toEqual(new Set(['draft']));
});
