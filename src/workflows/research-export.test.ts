import { describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault } from '../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { toResearchCsv } from '../export/csv/research-csv.ts';
import { toRewardTrialsCsv } from '../export/csv/reward-trials-csv.ts';
import { playRewardTask } from '../../tests/support/reward-task.ts';
import { readAuditLog } from '../storage/audit-log.ts';
import { sealAnswerSetAsVersion7, sealAssessmentAsVersion7 } from '../../tests/support/earlier-shapes.ts';
import { createAssessment, saveAnswer, updateAssessment } from '../storage/assessment-repository.ts';
import { forEachPatientsCompleted, type PatientVisits } from '../storage/completed-by-patient.ts';
import { createPatient, getPatient, sealPatient } from '../storage/patient-repository.ts';
import type { Vault } from '../storage/vault.ts';
import { prepareResearchCsv, prepareRewardTrialsCsv } from './research-export.ts';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9, loadInstrument('shaps')], broken: [] };

/** A PHQ-9 visit answered item by item as the app saves it; finished (`done`) or left a draft. */
async function visit(vault: Vault, id: string, patientId: string, day: number, done = true): Promise<Assessment> {
  const at = `2026-02-${String(day).padStart(2, '0')}T09:00:00.000Z`;
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId(patientId), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: at });
  await createAssessment(vault, a);
  for (const item of phq9.definition.items) {
    const answer = { code: item.id === 'phq-9-difficulty' ? 'very-difficult' : day % 2 ? 'several-days' : 'not-at-all', answeredAt: at, durationMs: day * 100 };
    a = recordAnswer(a, phq9.definition, item.id, answer);
    await saveAnswer(vault, a, 'phq-9', item.id, answer);
  }
  if (!done) return a;
  const completed = completeAssessment(a, [phq9.definition], () => ({}), at.replace('09:00', '09:10'));
  await updateAssessment(vault, completed);
  return completed;
}

/**
 * Three patients: P-1 with five visits (one, a3, as builds of database version 6–7 stored it: its answers an answer
 * set), P-2 with one finished by a build before answer sets (its answers still rows) and a draft, P-3 deleted.
 */
async function clinic() {
  const vault = await freshVault();
  for (const [id, code] of [['p1', 'P-1'], ['p2', 'P-2'], ['p3', 'P-3']] as const) await createPatient(vault, { code, displayName: 'Name', birthYear: 1950, sex: null, mrn: 'MRN-1' }, id, '2026-01-01T09:00:00.000Z');
  const p1 = await Promise.all([5, 3, 1, 4, 2].map((day) => visit(vault, `a${day}`, 'p1', day)));
  const a3 = p1[1]!;
  await vault.db.assessments.put(await sealAssessmentAsVersion7(vault.keys, a3));
  await vault.db.answerSets.put(await sealAnswerSetAsVersion7(vault.keys, a3, a3.answers));
  const early = await visit(vault, 'b1', 'p2', 6, false);
  const b1 = completeAssessment(early, [phq9.definition], () => ({}), '2026-02-06T09:10:00.000Z');
  // As an earlier build stored a finished assessment: its answer rows left as they were.
  await vault.db.assessments.put(await sealAssessmentAsVersion7(vault.keys, b1));
  await visit(vault, 'b2', 'p2', 7, false);
  await visit(vault, 'c1', 'p3', 8);
  const p3 = await getPatient(vault, asPatientId('p3'));
  if (!p3.ok) throw new Error(p3.error.code);
  await vault.db.patients.put(await sealPatient(vault.keys, p3.value, '2026-03-01T09:00:00.000Z'));
  return { vault, p1, b1 };
}

describe('research CSV, written a page of patients at a time', () => {
  it('is the same file as the whole dataset’s CSV: every completed visit of every patient on the tablet, every stored shape, no draft', async () => {
    const { vault, p1, b1 } = await clinic();
    expect([await vault.db.answers.where('assessmentId').equals('b1').count(), await vault.db.answerSets.count()]).toEqual([phq9.definition.items.length, 1]);
    const file = await prepareResearchCsv({ vault, env: testEnvironment(), catalogue });
    if (!file.ok) throw new Error(file.error.code);
    const whole = toResearchCsv([...p1.map((assessment) => ({ patientCode: 'P-1', assessment })), { patientCode: 'P-2', assessment: b1 }], catalogue.instruments);
    expect(file.value.count).toBe(6);
    expect(file.value.parts.join('')).toBe(whole);
    expect(file.value.parts.join('')).not.toContain('MRN-1');
    expect(file.value.parts.join('')).not.toContain('P-3');
  });

  it.each([1, 2, 3, 100])('hands over each patient whole, once, in pages of %i assessments', async (pageSize) => {
    const { vault } = await clinic();
    const pages: PatientVisits[][] = [];
    const read = await forEachPatientsCompleted(vault, (page) => pages.push([...page]), pageSize);
    expect(read.ok && read.value).toBe(6);
    const seen = pages.flat().map((p) => `${p.patientCode}: ${p.assessments.map((a) => a.id).sort().join(' ')}`);
    expect(seen).toEqual(['P-1: a1 a2 a3 a4 a5', 'P-2: b1']);
    expect(pages.flat().flatMap((p) => p.assessments).every((a) => Object.keys(a.answers['phq-9'] ?? {}).length === phq9.definition.items.length)).toBe(true);
  });
});

describe('reward-task trials CSV', () => {
  it('holds the trials of every completed visit with a reward task, counts those visits, and is audited as its own export', async () => {
    const { vault, p1 } = await clinic();
    const rewardTask = playRewardTask(4);
    const a1 = p1.find((a) => a.id === 'a1');
    if (!a1) throw new Error('no a1');
    await updateAssessment(vault, { ...a1, rewardTask });
    const file = await prepareRewardTrialsCsv({ vault, env: testEnvironment() });
    if (!file.ok) throw new Error(file.error.code);
    expect(file.value.count).toBe(1);
    expect(file.value.fileName).toMatch(/^motivation-profile-reward-trials-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.value.parts.join('')).toBe(toRewardTrialsCsv([{ patientCode: 'P-1', assessment: { ...a1, rewardTask } }]));
    const log = await readAuditLog(vault);
    expect(log.ok && log.value.entries.map((e) => [e.action, e.detail])).toEqual([['export', 'reward-trials-csv']]);
  });
});
