import { expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault, TEST_PASSPHRASE } from '../../tests/support/vault.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { getAssessment } from '../storage/assessment-repository.ts';
import { readAuditLog } from '../storage/audit-log.ts';
import { addClinician, unlockAsClinician } from '../storage/clinician-access.ts';
import { createPatient } from '../storage/patient-repository.ts';
import { createAnswerWriter, openAssessmentForAnswers } from './answer-writer.ts';
import { correctAssessment } from './correct-assessment.ts';
import { acknowledgeAlert } from './review-assessment.ts';
import { startNewAssessment } from './start-assessment.ts';
import { takeBack } from './hand-over.ts';
import { handOverForTest } from '../../tests/support/hand-over.ts';
import { NO_KEYS } from '../storage/vault.ts';

const phq = loadInstrument('phq-9');
const catalogue = { instruments: [phq], broken: [] };
const wang = { name: 'Dr Wang Li', role: 'Psychiatrist', identifier: { system: 'https://clinic.example/staff', value: 'E1234' } };

/** One tablet, two named clinicians; `as(id)` is the workflow context of whoever unlocked with their credential. */
async function sharedTablet() {
  const env = testEnvironment();
  const vault = await freshVault();
  await addClinician(vault.db, { clinicPassphrase: TEST_PASSPHRASE, id: 'c-wang', profile: wang, credential: 'passphrase', secret: 'wang-own-words', at: env.now() }, env.nowMs());
  await addClinician(vault.db, { clinicPassphrase: TEST_PASSPHRASE, id: 'c-chen', profile: { name: 'Nurse Chen', role: 'Nurse' }, credential: 'pin', secret: '204857', at: env.now() }, env.nowMs());
  await createPatient(vault, { code: 'W7-042', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', env.now());
  const as = async (id: string, secret: string) => {
    const keys = await unlockAsClinician(vault.db, id, secret, env.nowMs());
    if (!keys.ok) throw new Error(keys.error.code);
    return { vault: { db: vault.db, keys: keys.value }, env, catalogue };
  };
  return { env, as };
}

it('records who started, keyed in, acknowledged and corrected a visit, with the data and in the audit log', async () => {
  const { env, as } = await sharedTablet();
  const wangCtx = await as('c-wang', 'wang-own-words');
  const started = await startNewAssessment(wangCtx, {
    patientId: asPatientId('p1'),
    request: { battery: { kind: 'chosen', instrumentIds: ['phq-9'], saveAs: '' }, mode: 'clinician', relation: '', effort: 'none', language: 'en' },
  });
  if (!started.ok) throw new Error('not started');
  const id = started.value.assessmentId;
  const opened = await openAssessmentForAnswers(wangCtx, id);
  if (!opened.ok) throw new Error('not opened');
  const writer = createAnswerWriter(wangCtx, opened.value, () => undefined);
  for (const item of phq.definition.items) {
    env.advance(1000);
    const options = phq.definition.optionSets[item.optionSet]?.options ?? [];
    writer.answer(phq, item.id, item.id === 'phq-9-9' ? (options[1] ?? '') : (options[0] ?? ''), 900);
  }
  const finished = await writer.finish();
  expect(finished.ok).toBe(true);

  env.advance(60_000);
  const chenCtx = await as('c-chen', '204857');
  expect((await acknowledgeAlert(chenCtx, id)).ok).toBe(true);
  env.advance(1000);
  const corrected = await correctAssessment(chenCtx, { assessmentId: id, request: { kind: 'void', reason: 'wrong-patient', note: 'Entered for the wrong patient' } });
  if (!corrected.ok) throw new Error(JSON.stringify(corrected.error));

  const first = await getAssessment(chenCtx.vault, asAssessmentId(id));
  const wangActor = { id: 'c-wang', name: 'Dr Wang Li', identifier: wang.identifier, role: 'Psychiatrist' };
  const chenActor = { id: 'c-chen', name: 'Nurse Chen', role: 'Nurse' };
  expect(first.ok && first.value.attribution).toEqual({ startedBy: wangActor, enteredBy: { 'phq-9': wangActor }, acknowledgedBy: chenActor });
  expect(corrected.value.attribution?.correctedBy).toEqual(chenActor);
  expect(corrected.value.revision?.by).toBe('Nurse Chen');

  const log = await readAuditLog(chenCtx.vault);
  if (!log.ok) throw new Error('no log');
  expect(log.value.entries.map((e) => [e.actor.name, e.action, e.instrumentId ?? ''])).toEqual([
    ['Nurse Chen', 'void', ''],
    ['Nurse Chen', 'acknowledge-alert', ''],
    ['Dr Wang Li', 'enter-answers', 'phq-9'],
    ['Dr Wang Li', 'start-assessment', ''],
  ]);
  expect(log.value.unreadable).toBe(0);
});

it('records who took the tablet back, and keeps them as the holder of the keys afterwards', async () => {
  const { as } = await sharedTablet();
  const wangCtx = await as('c-wang', 'wang-own-words');
  const started = await startNewAssessment(wangCtx, {
    patientId: asPatientId('p1'),
    request: { battery: { kind: 'chosen', instrumentIds: ['phq-9'], saveAs: '' }, mode: 'patient', relation: '', effort: 'none', language: 'en' },
  });
  if (!started.ok) throw new Error('not started');
  await handOverForTest(wangCtx.vault, wangCtx.env, catalogue, started.value.assessmentId);
  const chenCtx = await as('c-chen', '204857');
  const back = await takeBack({ vault: { db: chenCtx.vault.db, keys: NO_KEYS }, catalogue, env: chenCtx.env }, chenCtx.vault.keys);
  if (!back.ok) throw new Error(back.error.code);
  expect(back.value.keys.holder?.name).toBe('Nurse Chen');
  const read = await getAssessment({ db: chenCtx.vault.db, keys: back.value.keys }, started.value.assessmentId);
  expect(read.ok && read.value.attribution?.takenBackBy?.name).toBe('Nurse Chen');
  expect(read.ok && read.value.attribution?.startedBy?.name).toBe('Dr Wang Li');
  const log = await readAuditLog({ db: chenCtx.vault.db, keys: back.value.keys });
  expect(log.ok && log.value.entries[0] && [log.value.entries[0].actor.name, log.value.entries[0].action]).toEqual(['Nurse Chen', 'take-back']);
});
