import { describe, expect, it } from 'vitest';
import { freshVault } from '../../tests/support/vault.ts';
import { readInstrument } from '../cli/instrument-folder.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import type { InstrumentDefinition } from '../domain/instrument-schema.ts';
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

describe('answer sets: a completed assessment’s answers sealed as one value', () => {
  it('keeps one sealed row per answer while the assessment is a draft', async () => {
    const vault = await clinic();
    await answeredDraft(vault);
    expect(await vault.db.answers.count()).toBe(phq9.items.length);
    expect(await vault.db.answerSets.count()).toBe(0);
  });

  it('stores a finished assessment’s answers as one value under the record key, no row left, and reads back every answer as given', async () => {
    const vault = await clinic();
    const draft = await answeredDraft(vault);
    const done = completeAssessment(draft, [phq9], () => ({}), '2026-01-01T09:05:00.000Z');
    expect((await updateAssessment(vault, done)).ok).toBe(true);

    expect(await vault.db.answers.count()).toBe(0);
    const sets = await vault.db.answerSets.toArray();
    expect(sets.map(({ assessmentId, patientId, keyId, schemaVersion }) => ({ assessmentId, patientId, keyId, schemaVersion }))).toEqual([{ assessmentId: 'a1', patientId: 'p1', keyId: 'data', schemaVersion: 6 }]);
    // Sealed where it lives: it opens under its own label only, and nothing of an answer is in the clear.
    const set = sets[0]!;
    expect(Object.keys(set).sort()).toEqual(['assessmentId', 'keyId', 'patientId', 'schemaVersion', 'sealed']);
    expect((await openJson(vault.keys.working!.data, set.sealed, sealLabel.answerSet('a2'))).ok).toBe(false);
    expect((await openJson(vault.keys.working!.data, set.sealed, sealLabel.answerSet('a1'))).ok).toBe(true);

    const read = await getAssessment(vault, asAssessmentId('a1'));
    expect(read.ok && read.value.answers).toEqual(draft.answers);
    const listed = await listAssessmentsForPatient(vault, asPatientId('p1'));
    expect(listed.ok && listed.value[0]?.answers).toEqual(draft.answers);
    const completed = await listCompletedAssessments(vault);
    expect(completed.ok && completed.value.map((a) => [a.id, a.answers])).toEqual([['a1', draft.answers]]);
  });

  it('reads a completed assessment an earlier build left as rows, and one with a set and a row written after it (the row wins)', async () => {
    const vault = await clinic();
    const draft = await answeredDraft(vault, 'a1');
    const done = completeAssessment(draft, [phq9], () => ({}), '2026-01-01T09:05:00.000Z');
    // As an earlier build stored a finished assessment: its state, its rows untouched.
    const b = await answeredDraft(vault, 'b1');
    await vault.db.assessments.put({ ...(await vault.db.assessments.get('b1'))!, status: 'completed', completedAt: '2026-01-01T09:06:00.000Z' });
    expect((await updateAssessment(vault, done)).ok).toBe(true);
    const changed = { code: 'nearly-every-day', answeredAt: '2026-01-01T09:07:00.000Z', durationMs: 5 };
    await vault.db.answers.put(await sealAnswer(vault.keys, 'a1', 'phq-9', 'phq-9-1', changed));

    const both = await listCompletedAssessments(vault);
    if (!both.ok) throw new Error(both.error.code);
    expect(both.value.map((a) => a.id)).toEqual(['a1', 'b1']);
    expect(both.value[1]?.answers).toEqual(b.answers);
    expect(both.value[0]?.answers['phq-9']).toEqual({ ...draft.answers['phq-9'], 'phq-9-1': changed });
  });

  it('leaves a draft’s rows alone when its state is saved (a draft is never packed)', async () => {
    const vault = await clinic();
    const draft = await answeredDraft(vault);
    expect((await updateAssessment(vault, { ...draft, updatedAt: '2026-01-01T09:10:00.000Z' })).ok).toBe(true);
    expect([await vault.db.answers.count(), await vault.db.answerSets.count()]).toEqual([phq9.items.length, 0]);
  });
});
