import { describe, expect, it } from 'vitest';
import { freshVault } from '../../tests/support/vault.ts';
import { startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { createAssessment, getAssessment, updateAssessment } from './assessment-repository.ts';
import { openJson, sealJson } from './crypto-envelope.ts';
import { createPatient, getPatient } from './patient-repository.ts';
import { sealLabel } from './records.ts';
import { restoreAssessmentSealed, restorePatientSealed } from './sealed-readers.ts';

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

describe('restoreAssessmentSealed', () => {
  it('reads version 1 written before the effort task shipped (no v, no effortTask) with no effort task', () => {
    expect(restoreAssessmentSealed(assessmentV1)).toEqual({ ok: true, value: { ...assessmentV1, effortTask: null } });
  });

  it('reads version 1 written after the effort task shipped (no v) with its effort task', () => {
    expect(restoreAssessmentSealed({ ...assessmentV1, effortTask })).toEqual({ ok: true, value: { ...assessmentV1, effortTask } });
  });

  it('reads the current version, returning the payload without its version marker', () => {
    expect(restoreAssessmentSealed({ v: 2, ...assessmentV1, effortTask: null })).toEqual({ ok: true, value: { ...assessmentV1, effortTask: null } });
  });

  it('keeps fields it does not know, from a newer version too', () => {
    const read = restoreAssessmentSealed({ v: 3, ...assessmentV1, effortTask: null, futureField: { kept: true } });
    expect(read.ok && read.value).toEqual({ ...assessmentV1, effortTask: null, futureField: { kept: true } });
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
  ])('refuses %s as undecryptable, not as an assessment', (_, raw) => {
    const read = restoreAssessmentSealed(raw);
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

  it('keeps a newer build’s sealed assessment field through a read-modify-write, and writes version 2', async () => {
    const vault = await freshVault();
    const data = vault.keys.working!.data;
    await createAssessment(vault, newAssessment);
    const row = (await vault.db.assessments.get('a1'))!;
    await vault.db.assessments.put({ ...row, sealed: await sealJson(data, { v: 3, ...assessmentV1, effortTask: null, futureField: 'kept' }, sealLabel.assessment('a1')) });

    const read = await getAssessment(vault, asAssessmentId('a1'));
    if (!read.ok) throw new Error(read.error.code);
    expect(read.value.alerts).toEqual(assessmentV1.alerts);
    await updateAssessment(vault, { ...read.value, alertsAcknowledgedAt: '2026-01-02T09:00:00.000Z' });

    const opened = await openJson(data, (await vault.db.assessments.get('a1'))!.sealed, sealLabel.assessment('a1'));
    expect(opened.ok && opened.value).toMatchObject({ v: 2, futureField: 'kept', alertsAcknowledgedAt: '2026-01-02T09:00:00.000Z' });
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
