import { describe, expect, it } from 'vitest';
import { sealAnswerSetAsVersion7, sealAssessmentAsVersion7 } from '../../tests/support/earlier-shapes.ts';
import { testEnvironment } from '../../tests/support/environment.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault } from '../../tests/support/vault.ts';
import type { AssessmentAnswers } from '../domain/answer.ts';
import { startAssessment, type Assessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { toResearchCsv } from '../export/csv/research-csv.ts';
import { createAssessment, getAssessment } from '../storage/assessment-repository.ts';
import { storeImportedAssessments } from '../storage/imported-assessments.ts';
import { attachImportedEfforts } from '../storage/imported-effort.ts';
import { createPatient } from '../storage/patient-repository.ts';
import { createAnswerWriter, openAssessmentForAnswers } from './answer-writer.ts';
import { correctAssessment } from './correct-assessment.ts';
import { prepareResearchCsv } from './research-export.ts';
import { acknowledgeAlert, finishAndScoreDraft } from './review-assessment.ts';

/**
 * A completed visit's answers are sealed inside it (sealed version 4). Every later write of it (acknowledging an
 * alert, a correction, an imported effort result, finishing) seals it again: none may drop an answer. Each case goes
 * through the clinic's own workflow, re-reads the visit and exports the research CSV.
 */
const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };

/** Every PHQ-9 item answered; item 9 "several days" raises the safety alert. */
const codeFor = (itemId: string) => (itemId === 'phq-9-difficulty' ? 'somewhat-difficult' : itemId === 'phq-9-9' ? 'several-days' : 'more-than-half-the-days');

async function clinic() {
  const vault = await freshVault();
  const env = testEnvironment({ newId: () => crypto.randomUUID() });
  await createPatient(vault, { code: 'P-1', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', env.now());
  const ctx = { vault, env, catalogue };
  return { vault, env, ctx };
}
type Clinic = Awaited<ReturnType<typeof clinic>>;

/** A clinician keys in every item (each answer saved as given); `finish` scores and stores it completed. */
async function keyedIn(c: Clinic, id: string, finish: boolean): Promise<AssessmentAnswers> {
  await createAssessment(c.vault, startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'clinician', language: 'en', now: c.env.now() }));
  const opened = await openAssessmentForAnswers(c.ctx, id);
  if (!opened.ok) throw new Error(opened.error.code);
  const writer = createAnswerWriter(c.ctx, opened.value, () => undefined);
  for (const item of phq9.definition.items) {
    c.env.advance(1000);
    writer.answer(phq9, item.id, codeFor(item.id), 1000);
  }
  if (finish) expect((await writer.finish()).ok).toBe(true);
  else expect((await writer.flush()).ok).toBe(true);
  const read = await read1(c, id);
  expect(Object.keys(read.answers['phq-9'] ?? {})).toHaveLength(phq9.definition.items.length);
  return read.answers;
}

async function read1(c: Clinic, id: string): Promise<Assessment> {
  const read = await getAssessment(c.vault, asAssessmentId(id));
  if (!read.ok) throw new Error(read.error.code);
  return read.value;
}

/** The research CSV as exported, and as written from these very visits with these answers. */
async function csvHolds(c: Clinic, visits: readonly Assessment[]) {
  const file = await prepareResearchCsv(c.ctx);
  if (!file.ok) throw new Error(file.error.code);
  expect(file.value.parts.join('')).toBe(toResearchCsv(visits.map((assessment) => ({ patientCode: 'P-1', assessment })), catalogue.instruments));
}

describe('a completed visit keeps every answer through every later write', () => {
  it('a clinician acknowledges the alert on a completed visit; re-read, every answer is there, and the exported CSV has every one', async () => {
    const c = await clinic();
    const given = await keyedIn(c, 'a1', true);
    expect((await read1(c, 'a1')).alerts).toEqual([{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]);
    const acknowledged = await acknowledgeAlert(c.ctx, 'a1');
    expect(acknowledged.ok).toBe(true);

    const after = await read1(c, 'a1');
    expect([after.status, after.alertsAcknowledgedAt !== null, after.answers]).toEqual(['completed', true, given]);
    expect([await c.vault.db.answers.count(), await c.vault.db.answerSets.count()]).toEqual([0, 0]);
    await csvHolds(c, [after]);
  });

  it('acknowledging the alert on a visit an earlier build stored (its answers an answer set) keeps them, now inside it', async () => {
    const c = await clinic();
    const given = await keyedIn(c, 'a1', true);
    const done = await read1(c, 'a1');
    await c.vault.db.assessments.put(await sealAssessmentAsVersion7(c.vault.keys, done));
    await c.vault.db.answerSets.put(await sealAnswerSetAsVersion7(c.vault.keys, done, given));
    expect((await acknowledgeAlert(c.ctx, 'a1')).ok).toBe(true);

    const after = await read1(c, 'a1');
    expect([after.alertsAcknowledgedAt !== null, after.answers]).toEqual([true, given]);
    expect(await c.vault.db.answerSets.count()).toBe(0);
    await csvHolds(c, [after]);
  });

  it('finishing a draft from review seals its answers inside it and deletes its rows', async () => {
    const c = await clinic();
    const given = await keyedIn(c, 'a1', false);
    expect(await c.vault.db.answers.count()).toBe(phq9.definition.items.length);
    const finished = await finishAndScoreDraft(c.ctx, 'a1');
    expect(finished.ok).toBe(true);
    const after = await read1(c, 'a1');
    expect([after.status, after.answers]).toEqual(['completed', given]);
    expect([await c.vault.db.answers.count(), await c.vault.db.answerSets.count()]).toEqual([0, 0]);
    await csvHolds(c, [after]);
  });

  it('after the alert is acknowledged, a correction stores the new version with every answer (one changed) and leaves the first version’s as they were', async () => {
    const c = await clinic();
    const given = await keyedIn(c, 'a1', true);
    expect((await acknowledgeAlert(c.ctx, 'a1')).ok).toBe(true);
    const corrected = await correctAssessment(c.ctx, { assessmentId: 'a1', request: { kind: 'amend', changes: { 'phq-9': { 'phq-9-1': 'not-at-all' } }, note: 'misheard' } });
    if (!corrected.ok) throw new Error(corrected.error.kind);
    const next = await read1(c, corrected.value.id);
    const { 'phq-9-1': changed, ...others } = next.answers['phq-9'] ?? {};
    const unchanged = Object.fromEntries(Object.entries(given['phq-9'] ?? {}).filter(([itemId]) => itemId !== 'phq-9-1'));
    expect([changed?.code, others]).toEqual(['not-at-all', unchanged]);
    const first = await read1(c, 'a1');
    expect(first.answers).toEqual(given);
    // The research CSV holds each visit's current version: the corrected one, every answer.
    await csvHolds(c, [next]);
  });

  it('an effort result pulled for an imported visit is put on it with every answer kept', async () => {
    const c = await clinic();
    const given = await keyedIn(c, 'a1', true);
    const origin = { server: 'https://fhir.example', pulledAt: c.env.now(), responses: [{ instrumentId: 'phq-9', resourceId: 'qr-1', versionId: '1' }], mismatches: [] };
    const imported: Assessment = { ...(await read1(c, 'a1')), id: asAssessmentId('server-visit'), effortTask: null, origin };
    const stored = await storeImportedAssessments(c.vault, [imported]);
    expect(stored.ok && stored.value.stored).toBe(1);
    const effort = { status: 'skipped' as const, phase: 'main' as const, reason: 'declined' as const, resources: ['Observation/1/_history/1'] };
    const attached = await attachImportedEfforts(c.vault, asPatientId('p1'), [{ assessmentId: 'server-visit', effort }]);
    expect(attached.ok && attached.value.stored).toBe(1);
    const after = await read1(c, 'server-visit');
    expect([after.origin?.effort, after.answers]).toEqual([effort, given]);
  });
});
