import { afterEach, expect, it, vi } from 'vitest';
import { sealAnswerRows, sealAnswerSetAsVersion7, sealAssessmentAsVersion7 } from '../../../tests/support/earlier-shapes.ts';
import { freshDb, TEST_ITERATIONS, TEST_PASSPHRASE } from '../../../tests/support/vault.ts';
import type { AssessmentAnswers } from '../../domain/answer.ts';
import { textsRecordedBefore, type Assessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { getAssessment, sealAnswer, sealAssessment } from '../assessment-repository.ts';
import { setUpClinic, unlockClinic } from '../clinic-lock.ts';
import { openJson } from '../crypto-envelope.ts';
import { sealLabel } from '../records.ts';
import { NO_KEYS, type KeyRing } from '../vault.ts';
import { foldAnswersIntoAssessments } from './fold-answers-into-assessments.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const instruments = [{ id: 'phq-9', version: '1.0.0' }];
const answer = (i: number, code = i % 2 ? 'several-days' : 'not-at-all') => ({ code, answeredAt: `2026-01-01T09:0${i}:00.000Z`, durationMs: 1000 * i });
const answers = (...items: number[]): AssessmentAnswers => ({ 'phq-9': Object.fromEntries(items.map((i) => [`phq-9-${i}`, answer(i)])) });
const assessment = (id: string, status: 'draft' | 'completed', given: AssessmentAnswers): Assessment => ({
  id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'PHQ-9', instruments, mode: 'patient', informantRelation: null, language: 'en',
  texts: textsRecordedBefore(instruments, 'en'), status, createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:05:00.000Z',
  completedAt: status === 'completed' ? '2026-01-01T09:05:00.000Z' : null, results: null, qualityFlags: {}, alerts: [], alertsAcknowledgedAt: null, effortTask: null, answers: given,
});

/**
 * A version 7 tablet as its builds stored it: `set` (answers in an answer set), `rows` (finished before answer sets,
 * not packed yet), `both` (a set and a row written over it), a draft (rows) and a completed assessment whose rows are
 * still sealed to the inbox (a hand-over not yet taken back).
 */
async function version7(name: string): Promise<KeyRing> {
  const v7 = freshDb(name, 7);
  const set = await setUpClinic(v7, TEST_PASSPHRASE, TEST_ITERATIONS);
  if (!set.ok) throw new Error(set.error.code);
  const { keys } = set.value;
  const done = (id: string, given: AssessmentAnswers) => sealAssessmentAsVersion7(keys, assessment(id, 'completed', given));
  await v7.table('assessments').bulkAdd([
    await done('set', answers(1, 2, 3)),
    await done('rows', answers(1, 2)),
    await done('both', answers(1, 2)),
    await done('inbox', answers(1)),
    await sealAssessment(keys, assessment('draft', 'draft', answers(1))),
  ]);
  await v7.table('answerSets').bulkAdd([await sealAnswerSetAsVersion7(keys, assessment('set', 'completed', {}), answers(1, 2, 3)), await sealAnswerSetAsVersion7(keys, assessment('both', 'completed', {}), answers(1, 2))]);
  await v7.table('answers').bulkAdd([
    ...(await sealAnswerRows(keys, 'rows', answers(1, 2))),
    await sealAnswer(keys, 'both', 'phq-9', 'phq-9-2', answer(2, 'nearly-every-day')),
    { ...(await sealAnswer(keys, 'inbox', 'phq-9', 'phq-9-1', answer(1))), keyId: 'inbox' },
    ...(await sealAnswerRows(keys, 'draft', answers(1))),
  ]);
  v7.close();
  return keys;
}

const expected: Readonly<Record<string, AssessmentAnswers>> = {
  set: answers(1, 2, 3),
  rows: answers(1, 2),
  both: { 'phq-9': { 'phq-9-1': answer(1), 'phq-9-2': answer(2, 'nearly-every-day') } },
  draft: answers(1),
};

async function answersOf(db: ReturnType<typeof freshDb>, keys: KeyRing, ids: readonly string[]): Promise<Record<string, unknown>> {
  return Object.fromEntries(
    await Promise.all(
      ids.map(async (id) => {
        const read = await getAssessment({ db, keys }, asAssessmentId(id));
        return [id, read.ok ? read.value.answers : read.error.code] as const;
      }),
    ),
  );
}

it('changes no store and no row (no keys at upgrade); readers take every shape meanwhile', async () => {
  const name = `migration-0008-${Date.now()}`;
  const keys = await version7(name);
  const db = freshDb(name);
  await db.open();
  expect(db.verno).toBe(8);
  expect([await db.answerSets.count(), await db.answers.count()]).toEqual([2, 5]);
  expect((await getAssessment({ db, keys: NO_KEYS }, asAssessmentId('set'))).ok).toBe(false);
  expect(await answersOf(db, keys, Object.keys(expected))).toEqual(expected);
});

it('folds every completed assessment’s set and rows into it at the first unlock: every answer still there, sets gone, drafts and hand-over rows left; nothing more at the next', async () => {
  const name = `migration-0008-unlock-${Date.now()}`;
  await version7(name);
  const db = freshDb(name);
  const unlocked = await unlockClinic(db, TEST_PASSPHRASE, 0);
  if (!unlocked.ok) throw new Error(unlocked.error.code);
  const keys = unlocked.value;

  expect(await db.answerSets.count()).toBe(0);
  expect((await db.answers.toArray()).map((r) => [r.assessmentId, r.keyId])).toEqual([['draft', 'data'], ['inbox', 'inbox']]);
  expect(await answersOf(db, keys, Object.keys(expected))).toEqual(expected);
  // Inside the payload, every other field and the version as they were.
  const both = await openJson(keys.working!.data, (await db.assessments.get('both'))!.sealed, sealLabel.assessment('both'));
  expect(both.ok && both.value).toMatchObject({ v: 3, batteryName: 'PHQ-9', answers: expected['both'] });
  const inbox = await openJson(keys.working!.data, (await db.assessments.get('inbox'))!.sealed, sealLabel.assessment('inbox'));
  expect(inbox.ok && 'answers' in (inbox.value as object)).toBe(false);

  const before = await db.assessments.toArray();
  expect(await foldAnswersIntoAssessments(db, keys.working!.data)).toBe(0);
  expect(await db.assessments.toArray()).toEqual(before);
});

it('loses nothing when a fold stops midway: a batch at a time within its budget, an assessment changed meanwhile left for later, one that does not seal left as it was', async () => {
  const name = `migration-0008-stop-${Date.now()}`;
  const keys = await version7(name);
  const db = freshDb(name);
  await db.open();
  const many = Array.from({ length: 150 }, (_, i) => assessment(`m${String(i).padStart(3, '0')}`, 'completed', answers(1, 2)));
  await db.assessments.bulkAdd(await Promise.all(many.map((a) => sealAssessmentAsVersion7(keys, a))));
  await db.answerSets.bulkAdd(await Promise.all(many.map((a) => sealAnswerSetAsVersion7(keys, a, answers(1)))));
  await db.answers.bulkAdd(await Promise.all(many.map((a) => sealAnswer(keys, a.id, 'phq-9', 'phq-9-2', answer(2)))));
  const all = () => answersOf(db, keys, many.map((a) => a.id));
  const whole = Object.fromEntries(many.map((a) => [a.id, answers(1, 2)]));
  expect(await all()).toEqual(whole);

  // While the first batch is being sealed, a newer row lands on m000, and m001's payload fails to seal.
  const encrypt = crypto.subtle.encrypt.bind(crypto.subtle);
  let calls = 0;
  vi.spyOn(crypto.subtle, 'encrypt').mockImplementation(async (algorithm, key, data) => {
    calls += 1;
    if (calls === 1) await db.answers.put(await sealAnswer(keys, 'm000', 'phq-9', 'phq-9-3', answer(3)));
    const label = new TextDecoder().decode((algorithm as AesGcmParams).additionalData);
    if (label === sealLabel.assessment('m001')) throw new Error('disk gone');
    return encrypt(algorithm, key, data);
  });
  const key = keys.working!.data;
  // Budget 0: one batch of 100 (by id: both, inbox, m000–m097), the rest left to the next call. Folded: all but
  // inbox (rows under the inbox key), m000 (changed since it was read) and m001 (did not seal).
  expect(await foldAnswersIntoAssessments(db, key, 0)).toBe(97);
  vi.restoreAllMocks();
  expect(await all()).toEqual({ ...whole, m000: answers(1, 2, 3) });
  // The next call: the 54 not reached, and m000 and m001 again.
  expect(await foldAnswersIntoAssessments(db, key, 0)).toBe(56);
  expect(await all()).toEqual({ ...whole, m000: answers(1, 2, 3) });
  expect(await foldAnswersIntoAssessments(db, key, 0)).toBe(0);
  expect([await db.answerSets.count(), (await db.answers.toArray()).map((r) => r.assessmentId)]).toEqual([0, ['draft', 'inbox']]);
  expect(await answersOf(db, keys, Object.keys(expected))).toEqual(expected);
});
