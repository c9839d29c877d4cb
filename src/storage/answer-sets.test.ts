import { describe, expect, it } from 'vitest';
import { freshVault } from '../../tests/support/vault.ts';
import { readInstrument } from '../cli/instrument-folder.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import type { InstrumentDefinition } from '../domain/instrument-schema.ts';
import { sealAnswerSetAsVersion7, sealAssessmentAsVersion7 } from '../../tests/support/earlier-shapes.ts';
import { createAssessment, getAssessment, listAssessmentsForPatient, listCompletedAssessments, saveAnswer, sealAnswer, updateAssessment } from './assessment-repository.ts';
import { sealLabel } from './records.ts';
import { openJson } from './crypto-envelope.ts';
import { createPatient } from './patient-repository.ts';
import type { Vault } from './vault.ts';

const phq9: InstrumentDefinition = (() => {
  const r = readInstrument('phq-9');
  if (!r.ok) throw new Error(r.error.join('\n'));
  return r.value.definition;
})();

const codeOf = (itemId: string) => (itemId === 'phq-9-difficulty' ? 'somewhat-difficult' : itemId === 'phq-9-9' ? 'not-at-all' : 'several-days');

/** A PHQ-9 draft with every item answered through the app's own write path (one row per answer, as given). */
async function answeredDraft(vault: Vault, id = 'a1'): Promise<Assessment> {
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9], mode: 'patient', language: 'en', now: '2026-01-01T09:00:00.000Z' });
  await createAssessment(vault, a);
  for (const [i, item] of phq9.items.entries()) {
    const answer = { code: codeOf(item.id), answeredAt: `2026-01-01T09:01:${String(i).padStart(2, '0')}.000Z`, durationMs: 1000 + i };
    a = recordAnswer(a, phq9, item.id, answer);
    const saved = await saveAnswer(vault, a, 'phq-9', item.id, answer);
    if (!saved.ok) throw new Error(saved.error.code);
  }
  return a;
}

async function clinic(): Promise<Vault> {
  const vault = await freshVault();
  await createPatient(vault, { code: 'P-1', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', '2026-01-01T08:00:00.000Z');
  return vault;
}

describe('a completed assessment’s answers sealed inside it; a draft’s one row each; earlier shapes still read', () => {
  it('keeps one sealed row per answer while the assessment is a draft', async () => {
    const vault = await clinic();
    await answeredDraft(vault);
    expect(await vault.db.answers.count()).toBe(phq9.items.length);
    expect(await vault.db.answerSets.count()).toBe(0);
  });

  it('seals a finished assessment’s answers inside it under the record key, no row or set left, and reads back every answer as given', async () => {
    const vault = await clinic();
    const draft = await answeredDraft(vault);
    const done = completeAssessment(draft, [phq9], () => ({}), '2026-01-01T09:05:00.000Z');
    expect((await updateAssessment(vault, done)).ok).toBe(true);

    expect([await vault.db.answers.count(), await vault.db.answerSets.count()]).toEqual([0, 0]);
    const row = (await vault.db.assessments.get('a1'))!;
    // Sealed where it lives: nothing of an answer is in the clear row; the payload (version 4) holds them all.
    expect(JSON.stringify({ ...row, sealed: null })).not.toContain('several-days');
    const opened = await openJson(vault.keys.working!.data, row.sealed, sealLabel.assessment('a1'));
    expect(opened.ok && opened.value).toMatchObject({ v: 4, answers: draft.answers });

    const read = await getAssessment(vault, asAssessmentId('a1'));
    expect(read.ok && read.value.answers).toEqual(draft.answers);
    const listed = await listAssessmentsForPatient(vault, asPatientId('p1'));
    expect(listed.ok && listed.value[0]?.answers).toEqual(draft.answers);
    const completed = await listCompletedAssessments(vault);
    expect(completed.ok && completed.value.map((a) => [a.id, a.answers])).toEqual([['a1', draft.answers]]);
  });

  it('reads what earlier builds left: answers as rows; as an answer set; inside, under a set, under a row (a row is never older)', async () => {
    const vault = await clinic();
    const rowsOnly = completeAssessment(await answeredDraft(vault, 'b1'), [phq9], () => ({}), '2026-01-01T09:06:00.000Z');
    await vault.db.assessments.put(await sealAssessmentAsVersion7(vault.keys, rowsOnly));
    const asSet = completeAssessment(await answeredDraft(vault, 'c1'), [phq9], () => ({}), '2026-01-01T09:07:00.000Z');
    await vault.db.answers.where('assessmentId').equals('c1').delete();
    await vault.db.assessments.put(await sealAssessmentAsVersion7(vault.keys, asSet));
    await vault.db.answerSets.put(await sealAnswerSetAsVersion7(vault.keys, asSet, asSet.answers));
    // All three at once: the set changes item 1, a row written after it changes item 1 again and item 2.
    const draft = await answeredDraft(vault, 'a1');
    expect((await updateAssessment(vault, completeAssessment(draft, [phq9], () => ({}), '2026-01-01T09:05:00.000Z'))).ok).toBe(true);
    const inSet = { code: 'not-at-all', answeredAt: '2026-01-01T09:06:00.000Z', durationMs: 4 };
    const inRow = { code: 'nearly-every-day', answeredAt: '2026-01-01T09:07:00.000Z', durationMs: 5 };
    await vault.db.answerSets.put(await sealAnswerSetAsVersion7(vault.keys, draft, { 'phq-9': { 'phq-9-1': inSet, 'phq-9-2': inSet } }));
    await vault.db.answers.put(await sealAnswer(vault.keys, 'a1', 'phq-9', 'phq-9-1', inRow));

    const all = await listCompletedAssessments(vault);
    if (!all.ok) throw new Error(all.error.code);
    expect(all.value.map((a) => [a.id, a.answers])).toEqual([
      ['a1', { 'phq-9': { ...draft.answers['phq-9'], 'phq-9-1': inRow, 'phq-9-2': inSet } }],
      ['b1', rowsOnly.answers],
      ['c1', asSet.answers],
    ]);
  });

  it('keeps every answer when a completed assessment is stored again from a copy holding fewer, and folds what is left of earlier shapes into it', async () => {
    const vault = await clinic();
    const done = completeAssessment(await answeredDraft(vault, 'b1'), [phq9], () => ({}), '2026-01-01T09:06:00.000Z');
    // As an earlier build left it: its answers still rows.
    await vault.db.assessments.put(await sealAssessmentAsVersion7(vault.keys, done));
    expect((await updateAssessment(vault, { ...done, answers: {}, alertsAcknowledgedAt: '2026-01-01T10:00:00.000Z' })).ok).toBe(true);
    expect([await vault.db.answers.count(), await vault.db.answerSets.count()]).toEqual([0, 0]);
    // Again, once they are inside it: still none dropped.
    expect((await updateAssessment(vault, { ...done, answers: {}, alertsAcknowledgedAt: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-01T11:00:00.000Z' })).ok).toBe(true);
    const read = await getAssessment(vault, asAssessmentId('b1'));
    expect(read.ok && [read.value.answers, read.value.alertsAcknowledgedAt, read.value.updatedAt]).toEqual([done.answers, '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z']);
  });

  it('leaves a draft’s rows alone when its state is saved (a draft’s answers are never sealed inside it)', async () => {
    const vault = await clinic();
    const draft = await answeredDraft(vault);
    expect((await updateAssessment(vault, { ...draft, updatedAt: '2026-01-01T09:10:00.000Z' })).ok).toBe(true);
    expect([await vault.db.answers.count(), await vault.db.answerSets.count()]).toEqual([phq9.items.length, 0]);
    const opened = await openJson(vault.keys.working!.data, (await vault.db.assessments.get('a1'))!.sealed, sealLabel.assessment('a1'));
    expect(opened.ok && 'answers' in (opened.value as object)).toBe(false);
  });
});
