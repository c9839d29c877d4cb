import type { AssessmentAnswers } from '../../src/domain/answer.ts';
import type { Assessment } from '../../src/domain/assessment.ts';
import { sealAnswer, sealAssessment } from '../../src/storage/assessment-repository.ts';
import { openJson, sealJson } from '../../src/storage/crypto-envelope.ts';
import { sealLabel, type AnswerRow, type AnswerSetRecord, type AssessmentRecord } from '../../src/storage/records.ts';
import { requireWorkingKeys, type KeyRing } from '../../src/storage/vault.ts';

/**
 * Completed assessments as earlier builds stored them (database version 7 and before), for tests that prove every
 * shape still reads and folds: the sealed payload at version 3 (no `answers` inside), the answers in an answer set
 * (migrations 0006–0007) or one row each (before 0006).
 */

/** The assessment's row with its sealed payload as version 3 wrote it: everything but the answers. */
export async function sealAssessmentAsVersion7(keys: KeyRing, a: Assessment): Promise<AssessmentRecord> {
  const record = await sealAssessment(keys, a);
  const data = requireWorkingKeys(keys).data;
  const opened = await openJson(data, record.sealed, sealLabel.assessment(a.id));
  if (!opened.ok) throw new Error('the assessment just sealed does not open');
  const payload = Object.fromEntries(Object.entries(opened.value as Record<string, unknown>).filter(([key]) => key !== 'answers'));
  return { ...record, sealed: await sealJson(data, { ...payload, v: 3 }, sealLabel.assessment(a.id)) };
}

/** An answer set (version 6 row, sealed version 1), as completing an assessment and migration 0006 wrote them (until migration 0008). */
export async function sealAnswerSetAsVersion7(keys: KeyRing, a: Pick<Assessment, 'id' | 'patientId'>, answers: AssessmentAnswers): Promise<AnswerSetRecord> {
  const sealed = await sealJson(requireWorkingKeys(keys).data, { v: 1, answers }, sealLabel.answerSet(a.id));
  return { schemaVersion: 6, assessmentId: a.id, patientId: a.patientId, keyId: 'data', sealed };
}

/** One row per answer, as a draft's (and, before answer sets, a completed assessment's). */
export async function sealAnswerRows(keys: KeyRing, id: string, answers: AssessmentAnswers): Promise<AnswerRow[]> {
  return Promise.all(Object.entries(answers).flatMap(([instrumentId, items]) => Object.entries(items).map(([itemId, answer]) => sealAnswer(keys, id, instrumentId, itemId, answer))));
}
