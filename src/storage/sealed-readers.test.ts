import { describe, expect, it } from 'vitest';
import { freshVault } from '../../tests/support/vault.ts';
import { startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { createAssessment, getAssessment, updateAssessment } from './assessment-repository.ts';
import { openJson, sealJson } from './crypto-envelope.ts';
import { createPatient, getPatient } from './patient-repository.ts';
import { ASSESSMENT_SEALED_VERSION, sealLabel } from './records.ts';
import { restoreAnswerSetSealed, restoreAssessmentSealed, restorePatientSealed } from './sealed-readers.ts';

/** An assessment's sealed payload exactly as migration 0002 and every build before sealed versions wrote it. */
const assessmentV1 = {
  batteryName: 'PHQ-9',
  mode: 'patient',
  informantRelation: null,
  language: 'en',
  results: null,
  qualityFlags: {},
  alerts: [{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }],
  alertsAcknowledgedAt: null,
};
/** A patient's sealed payload as every build before sealed versions wrote it. */
const patientV1 = { code: 'Ward-7', displayName: 'Grace Hopper', birthYear: 1941, sex: 'female', mrn: 'MRN-4711' };
const effortTask = { taskVersion: 1, seed: 7 };
/** The row's instruments (in the clear), which an older payload's texts are mapped from. */
const given = [{ id: 'phq-9', version: '1.0.0' }];
/** What versions 1 and 2 mean: PHQ-9 in the assessment's one language, read by the patient, its pack not recorded. */
const textsBefore = { 'phq-9': { language: 'en', version: '1.0.0', packHash: null, reading: 'respondent' } };
const HASH = 'a3f2'.padEnd(62, '0') + 'c9';
const textsV3 = { 'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: HASH, reading: 'respondent' as const } };

describe('restoreAssessmentSealed', () => {
  it('reads version 1 written before the effort task shipped (no v, no effortTask) with no effort task', () => {
    expect(restoreAssessmentSealed(assessmentV1, given)).toEqual({ ok: true, value: { ...assessmentV1, texts: textsBefore, effortTask: null } });
  });

  it('reads version 1 written after the effort task shipped (no v) with its effort task', () => {
    expect(restoreAssessmentSealed({ ...assessmentV1, effortTask }, given)).toEqual({ ok: true, value: { ...assessmentV1, texts: textsBefore, effortTask } });
  });

  it('reads version 2 (no texts) as every instrument given in the assessment’s language, read by the patient, its pack unknown', () => {
    const read = restoreAssessmentSealed({ v: 2, ...assessmentV1, language: 'en', effortTask: null }, [...given, { id: 'shaps', version: '1.0.0' }]);
    expect(read.ok && read.value.texts).toEqual({ ...textsBefore, shaps: { language: 'en', version: '1.0.0', packHash: null, reading: 'respondent' } });
  });

  it('reads version 3 (no answers inside: a draft, or a completed one whose answers are in a set or rows), returning the payload without its version marker', () => {
    expect(restoreAssessmentSealed({ v: 3, ...assessmentV1, texts: textsV3, effortTask: null }, given)).toEqual({ ok: true, value: { ...assessmentV1, texts: textsV3, effortTask: null } });
  });

  it('reads version 4 with a completed assessment’s answers inside, each answer its three fields only', () => {
    const answer = { code: 'several-days', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 1200 };
    const read = restoreAssessmentSealed({ v: 4, ...assessmentV1, texts: textsV3, effortTask: null, answers: { 'phq-9': { 'phq-9-1': { ...answer, stray: 1 } } } }, given);
    expect(read).toEqual({ ok: true, value: { ...assessmentV1, texts: textsV3, effortTask: null, answers: { 'phq-9': { 'phq-9-1': answer } } } });
  });

  it('reads answers an unlock folded into an older payload (migration 0008 leaves its version)', () => {
    const answers = { 'phq-9': { 'phq-9-1': { code: 'not-at-all', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 0 } } };
    const read = restoreAssessmentSealed({ v: 2, ...assessmentV1, effortTask: null, answers }, given);
    expect(read.ok && read.value.answers).toEqual(answers);
  });

  it('reads an instrument missing from a version 3 payload’s texts as not recorded', () => {
    const read = restoreAssessmentSealed({ v: 3, ...assessmentV1, texts: textsV3, effortTask: null }, [...given, { id: 'ami', version: '1.0.0' }]);
    expect(read.ok && read.value.texts).toEqual({ ...textsV3, ami: { language: 'en', version: '1.0.0', packHash: null, reading: 'respondent' } });
  });

  it('reads the birth year recorded at the start, and a payload written before it without one', () => {
    const read = restoreAssessmentSealed({ v: 4, ...assessmentV1, texts: textsV3, effortTask: null, birthYear: 1970 }, given);
    expect(read.ok && read.value.birthYear).toBe(1970);
    const before = restoreAssessmentSealed({ v: 4, ...assessmentV1, texts: textsV3, effortTask: null }, given);
    expect(before.ok && 'birthYear' in before.value).toBe(false);
    expect(restoreAssessmentSealed({ v: 4, ...assessmentV1, texts: textsV3, effortTask: null, birthYear: 'nineteen' }, given).ok).toBe(false);
  });

  it('keeps fields it does not know, from a newer version too', () => {
    const read = restoreAssessmentSealed({ v: 5, ...assessmentV1, texts: textsV3, effortTask: null, futureField: { kept: true } }, given);
    expect(read.ok && read.value).toEqual({ ...assessmentV1, texts: textsV3, effortTask: null, futureField: { kept: true } });
  });

  it.each([
    ['null', null],
    ['a string', 'PHQ-9'],
    ['an array', [assessmentV1]],
    ['a payload without its battery', { ...assessmentV1, batteryName: undefined }],
    ['an unknown mode', { ...assessmentV1, mode: 'telepathy' }],
    ['alerts that are not a list', { ...assessmentV1, alerts: 'suicidalIdeation' }],
    ['an effort task that is not an object', { ...assessmentV1, effortTask: 'done' }],
    ['a version that is not a positive integer', { ...assessmentV1, v: 'two' }],
    ['texts that are not by instrument', { ...assessmentV1, v: 3, texts: ['zh-CN'] }],
    ['a text with an unknown reading', { ...assessmentV1, v: 3, texts: { 'phq-9': { ...textsV3['phq-9'], reading: 'telepathy' } } }],
    ['a text without its language', { ...assessmentV1, v: 3, texts: { 'phq-9': { ...textsV3['phq-9'], language: '' } } }],
    ['answers that are not by instrument', { ...assessmentV1, v: 4, answers: ['several-days'] }],
    ['an answer without its code', { ...assessmentV1, v: 4, answers: { 'phq-9': { 'phq-9-1': { code: '', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 1 } } } }],
    ['an answer with a negative duration', { ...assessmentV1, v: 4, answers: { 'phq-9': { 'phq-9-1': { code: 'x', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: -1 } } } }],
  ])('refuses %s as undecryptable, not as an assessment', (_, raw) => {
    const read = restoreAssessmentSealed(raw, given);
    expect(read.ok ? 'read' : read.error.code).toBe('undecryptable');
  });
});

describe('restorePatientSealed', () => {
  it('reads version 1 (no v): the same fields as version 2', () => {
    expect(restorePatientSealed(patientV1)).toEqual({ ok: true, value: patientV1 });
  });

  it('reads the current version, returning the payload without its version marker', () => {
    expect(restorePatientSealed({ v: 2, ...patientV1 })).toEqual({ ok: true, value: patientV1 });
  });

  it('keeps fields it does not know, from a newer version too', () => {
    expect(restorePatientSealed({ v: 3, ...patientV1, pronouns: 'she/her' })).toEqual({ ok: true, value: { ...patientV1, pronouns: 'she/her' } });
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a payload without its code', { ...patientV1, code: undefined }],
    ['an empty code', { ...patientV1, code: '' }],
    ['a birth year that is not a whole number', { ...patientV1, birthYear: 1941.5 }],
    ['an unknown sex', { ...patientV1, sex: 'x' }],
  ])('refuses %s as undecryptable, not as a patient', (_, raw) => {
    const read = restorePatientSealed(raw);
    expect(read.ok ? 'read' : read.error.code).toBe('undecryptable');
  });
});

describe('the repositories read through the readers and write the current version', () => {
  const newAssessment = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [], mode: 'patient', language: 'en', now: '2026-01-01T09:00:00.000Z' });

  it('keeps a newer build’s sealed assessment field through a read-modify-write, and writes the current version', async () => {
    const vault = await freshVault();
    const data = vault.keys.working!.data;
    await createAssessment(vault, newAssessment);
    const row = (await vault.db.assessments.get('a1'))!;
    await vault.db.assessments.put({ ...row, sealed: await sealJson(data, { v: 5, ...assessmentV1, texts: {}, effortTask: null, futureField: 'kept' }, sealLabel.assessment('a1')) });

    const read = await getAssessment(vault, asAssessmentId('a1'));
    if (!read.ok) throw new Error(read.error.code);
    expect(read.value.alerts).toEqual(assessmentV1.alerts);
    await updateAssessment(vault, { ...read.value, alertsAcknowledgedAt: '2026-01-02T09:00:00.000Z' });

    const opened = await openJson(data, (await vault.db.assessments.get('a1'))!.sealed, sealLabel.assessment('a1'));
    expect(opened.ok && opened.value).toMatchObject({ v: ASSESSMENT_SEALED_VERSION, futureField: 'kept', alertsAcknowledgedAt: '2026-01-02T09:00:00.000Z' });
  });

  it('reads a stored version 2 assessment with its texts mapped, and seals them back at the current version', async () => {
    const vault = await freshVault();
    const data = vault.keys.working!.data;
    await createAssessment(vault, { ...newAssessment, instruments: given });
    const row = (await vault.db.assessments.get('a1'))!;
    await vault.db.assessments.put({ ...row, sealed: await sealJson(data, { v: 2, ...assessmentV1, effortTask: null }, sealLabel.assessment('a1')) });

    const read = await getAssessment(vault, asAssessmentId('a1'));
    expect(read.ok && read.value.texts).toEqual(textsBefore);
    if (!read.ok) throw new Error(read.error.code);
    await updateAssessment(vault, read.value);
    const opened = await openJson(data, (await vault.db.assessments.get('a1'))!.sealed, sealLabel.assessment('a1'));
    expect(opened.ok && opened.value).toMatchObject({ v: ASSESSMENT_SEALED_VERSION, texts: textsBefore });
  });

  it('writes a new assessment’s texts into its sealed payload, not the clear row', async () => {
    const vault = await freshVault();
    await createAssessment(vault, { ...newAssessment, instruments: given, texts: textsV3 });
    const row = (await vault.db.assessments.get('a1'))!;
    expect(JSON.stringify(row.instruments)).not.toContain('zh-CN');
    const opened = await openJson(vault.keys.working!.data, row.sealed, sealLabel.assessment('a1'));
    expect(opened.ok && opened.value).toMatchObject({ v: ASSESSMENT_SEALED_VERSION, texts: textsV3 });
  });

  it('reads a version 1 patient and writes new patients as version 2', async () => {
    const vault = await freshVault();
    const data = vault.keys.working!.data;
    await createPatient(vault, { code: 'W7-001', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', '2026-01-01T09:00:00.000Z');
    const row = (await vault.db.patients.get('p1'))!;
    expect(await openJson(data, row.sealed, sealLabel.patient('p1'))).toEqual({ ok: true, value: { v: 2, code: 'W7-001', displayName: null, birthYear: null, sex: null, mrn: null } });

    await vault.db.patients.put({ ...row, sealed: await sealJson(data, patientV1, sealLabel.patient('p1')) });
    const read = await getPatient(vault, asPatientId('p1'));
    expect(read.ok && read.value).toMatchObject(patientV1);
  });

  it('reports a payload that opens but is no assessment as undecryptable, naming the row', async () => {
    const vault = await freshVault();
    await createAssessment(vault, newAssessment);
    const row = (await vault.db.assessments.get('a1'))!;
    await vault.db.assessments.put({ ...row, sealed: await sealJson(vault.keys.working!.data, { hello: 'world' }, sealLabel.assessment('a1')) });
    const read = await getAssessment(vault, asAssessmentId('a1'));
    expect(read.ok ? 'read' : read.error).toMatchObject({ code: 'undecryptable', detail: expect.stringContaining('assessments/a1') });
  });
});

describe('restoreAnswerSetSealed', () => {
  const answers = { 'phq-9': { 'phq-9-1': { code: 'several-days', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 1200 } } };

  it('reads version 1, the only one written so far, dropping what an answer does not have', () => {
    expect(restoreAnswerSetSealed({ v: 1, answers })).toEqual({ ok: true, value: answers });
    const extra = { 'phq-9': { 'phq-9-1': { ...answers['phq-9']['phq-9-1'], note: 'x' } } };
    expect(restoreAnswerSetSealed({ v: 1, answers: extra })).toEqual({ ok: true, value: answers });
  });

  it.each([
    ['a version this build does not know', { v: 2, answers }],
    ['no version', { answers }],
    ['an answer without its code', { v: 1, answers: { 'phq-9': { 'phq-9-1': { answeredAt: 'x', durationMs: 1 } } } }],
    ['an empty code', { v: 1, answers: { 'phq-9': { 'phq-9-1': { code: '', answeredAt: 'x', durationMs: 1 } } } }],
    ['a negative duration', { v: 1, answers: { 'phq-9': { 'phq-9-1': { code: 'a', answeredAt: 'x', durationMs: -1 } } } }],
    ['a duration that is no number', { v: 1, answers: { 'phq-9': { 'phq-9-1': { code: 'a', answeredAt: 'x', durationMs: '1' } } } }],
    ['answers that are a list', { v: 1, answers: [] }],
    ['an instrument that is no object', { v: 1, answers: { 'phq-9': 'several-days' } }],
  ])('refuses %s as undecryptable, never as answers', (_what, raw) => {
    const read = restoreAnswerSetSealed(raw);
    expect(read.ok ? 'read' : read.error.code).toBe('undecryptable');
  });
});
