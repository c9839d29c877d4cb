// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { readAsClinician } from '../../tests/support/hand-over.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault, reopen } from '../../tests/support/vault.ts';
import { startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { createAssessment, getAssessment, saveAnswer, sealAnswer } from '../storage/assessment-repository.ts';
import { unlockClinic } from '../storage/clinic-lock.ts';
import { importSealingKey, randomBytes, sealBytes, toBase64 } from '../storage/crypto-envelope.ts';
import { HANDOVER_KEY, readHandover, sessionLabel } from '../storage/handover-record.ts';
import { createPatient, listPatients } from '../storage/patient-repository.ts';
import { NO_KEYS } from '../storage/vault.ts';
import { handOver, takeBack } from './hand-over.ts';
import { createPatientWriter, openPatientSession } from './patient-answers.ts';
import { resumePatientMode } from './patient-mode-on-open.ts';
import { createRewardTaskRecord } from '../domain/prt/task-record.ts';
import { applyRewardTaskEvent } from '../domain/prt/task-events.ts';
import { TEST_DEVICE } from '../../tests/support/effort-task.ts';

const phq9 = loadInstrument('phq-9');
const catalogue = { instruments: [phq9], broken: [] };
const answer = (code: string, at: string) => ({ code, answeredAt: at, durationMs: 2000 });

async function draft(withRewardTask = false) {
  const env = testEnvironment();
  const vault = await freshVault();
  const rewardTask = withRewardTask ? createRewardTaskRecord({ seed: 9, startedAt: 0, device: TEST_DEVICE }) : null;
  const a = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: env.now(), rewardTask });
  await createAssessment(vault, a);
  return { env, vault, draft: a };
}

/** Patient mode after a reload: the database alone, no keys, nothing in memory. */
async function patientAfterReload(db: ReturnType<typeof reopen>) {
  const opened = await openPatientSession({ db, catalogue }, 'a1', null);
  if (!opened.ok) throw new Error(opened.error.code);
  return opened.value;
}

describe('hand over and take back', () => {
  it('leaves no secret anywhere: what the hand-over stores opens no answer, and patient mode reads no patient', async () => {
    const { env, vault, draft: a } = await draft();
    await createPatient(vault, { code: 'P-1', displayName: 'Ada', birthYear: null, sex: null, mrn: null }, 'p1', env.now());
    await saveAnswer(vault, a, 'phq-9', 'phq-9-1', answer('several-days', env.now()));
    const begun = await handOver({ vault, env, catalogue }, 'a1');
    if (!begun.ok) throw new Error(begun.error.code);
    // In memory, patient mode starts from what the clinician had open: every answer known.
    expect(begun.value.session.answers['phq-9']?.['phq-9-1']?.code).toBe('several-days');
    expect(sessionStorage.length + localStorage.length).toBe(0);
    const stored = await readHandover(vault.db);
    expect(stored.ok && stored.value && Object.keys(stored.value).sort()).toEqual(['assessmentId', 'effortTask', 'finishedAt', 'language', 'rewardTask', 'sealTo', 'startedAt', 'texts', 'v']);
    const patientMode = { db: vault.db, keys: NO_KEYS };
    expect((await getAssessment(patientMode, asAssessmentId('a1'))).ok).toBe(false);
    const patients = await listPatients(patientMode);
    expect(patients.ok ? 'ok' : patients.error.code).toBe('locked');
  });

  it('resumes patient mode after a reload (or a restart) with nothing but the database, at the first unanswered item', async () => {
    const { env, vault } = await draft();
    const begun = await handOver({ vault, env, catalogue }, 'a1');
    if (!begun.ok) throw new Error(begun.error.code);
    const writer = createPatientWriter({ db: vault.db, env }, { seal: begun.value.seal, session: begun.value.session, instruments: [phq9] }, () => undefined);
    writer.answer(phq9, 'phq-9-1', 'not-at-all', 1500);
    writer.answer(phq9, 'phq-9-2', 'nearly-every-day', 1500);
    expect((await writer.flush()).ok).toBe(true);

    const db = reopen(vault);
    // The app loads only the instruments handed over: the plan names them.
    expect(await resumePatientMode(db)).toEqual({ ok: true, value: { kind: 'resumed', assessmentId: 'a1', instrumentIds: ['phq-9'] } });
    const resumed = await patientAfterReload(db);
    expect(resumed.session.answers).toEqual({});
    expect(resumed.session.answeredEarlier).toEqual({ 'phq-9': ['phq-9-1', 'phq-9-2'] });
    expect(resumed.session.alertOpen).toBe(false);
  });

  it('refuses, by name, a hand-over whose questionnaire the loaded catalogue lacks, rather than leave it out', async () => {
    const { env, vault } = await draft();
    const begun = await handOver({ vault, env, catalogue }, 'a1');
    if (!begun.ok) throw new Error(begun.error.code);
    const opened = await openPatientSession({ db: reopen(vault), catalogue: { instruments: [], broken: [] } }, 'a1', null);
    expect(opened.ok ? 'opened' : opened.error).toEqual({ code: 'unknown', detail: 'the hand-over gives phq-9, which this build does not have' });
  });

  it('takes the tablet back with the passphrase: the answers go back under the record key, scored when the patient finished', async () => {
    const { env, vault } = await draft();
    await createPatient(vault, { code: 'P-1', displayName: null, birthYear: null, sex: null, mrn: null }, 'p1', '2026-01-01T08:00:00.000Z');
    const begun = await handOver({ vault, env, catalogue }, 'a1');
    if (!begun.ok) throw new Error(begun.error.code);
    const writer = createPatientWriter({ db: vault.db, env }, { seal: begun.value.seal, session: begun.value.session, instruments: [phq9] }, () => undefined);
    for (const item of phq9.definition.items) writer.answer(phq9, item.id, item.id === 'phq-9-9' ? 'several-days' : item.id === 'phq-9-difficulty' ? 'somewhat-difficult' : 'more-than-half-the-days', 1500);
    expect((await writer.finish()).ok).toBe(true);
    // Before the take-back the answers open only with the inbox private key, which only the passphrase opens.
    expect(new Set((await vault.db.answers.toArray()).map((r) => r.keyId))).toEqual(new Set(['inbox']));
    expect((await readAsClinician(vault)).answers['phq-9']?.['phq-9-9']?.code).toBe('several-days');

    const unlocked = await unlockClinic(vault.db, 'correct horse', env.nowMs());
    if (!unlocked.ok) throw new Error(unlocked.error.code);
    const back = await takeBack({ vault: { db: vault.db, keys: NO_KEYS }, catalogue, env }, unlocked.value);
    expect(back.ok && back.value.patientId).toBe('p1');
    expect(back.ok && back.value.keys.inbox).toBeUndefined();
    expect((await readHandover(vault.db)).ok && (await readHandover(vault.db))).toEqual({ ok: true, value: null });
    // Finished: its answers are sealed inside it under the record key; no row is left under any key, no answer set.
    expect([await vault.db.answers.count(), await vault.db.answerSets.count(), (await vault.db.assessments.get('a1'))?.keyId]).toEqual([0, 0, 'data']);
    const read = await getAssessment({ db: vault.db, keys: unlocked.value }, asAssessmentId('a1'));
    if (!read.ok) throw new Error(read.error.code);
    expect([read.value.status, read.value.results?.['phq-9']?.scores['total'], read.value.alerts]).toEqual(['completed', 17, [{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]]);
    // The patient list shows the patient as active when they finished, not when the assessment was started.
    expect((await vault.db.patients.get('p1'))?.updatedAt ?? '').toBe(read.value.completedAt);
  });

  it('keeps the reward task in the clear only until its first answer, then sealed; after a reload staff continue it with every trial', async () => {
    const { env, vault } = await draft(true);
    const begun = await handOver({ vault, env, catalogue }, 'a1');
    if (!begun.ok) throw new Error(begun.error.code);
    const fresh = begun.value.session.rewardTask;
    if (!fresh) throw new Error('no reward task handed over');
    const clear = async () => JSON.stringify((await vault.db.settings.get(HANDOVER_KEY))?.value);
    expect(JSON.parse(await clear()).rewardTask.kind).toBe('fresh');
    expect((await patientAfterReload(vault.db)).session.rewardTask?.seed).toBe(9);

    const writer = createPatientWriter({ db: vault.db, env }, { seal: begun.value.seal, session: begun.value.session, instruments: [phq9] }, () => undefined);
    const step = applyRewardTaskEvent(fresh, { type: 'answer', phase: 'practice', index: 0, response: 'long', rtMs: 612.5, display: { frames: 6, shownMs: 100, frameMs: 16.7 }, at: 5 });
    if (!step.ok) throw new Error(step.error);
    writer.saveRewardTask(step.value);
    expect((await writer.flush()).ok).toBe(true);
    // Begun: sealed to the inbox key; nothing the patient did is readable in the clear.
    const stored = JSON.parse(await clear()).rewardTask;
    expect([stored.kind, typeof stored.sealed]).toEqual(['begun', 'string']);
    expect(await clear()).not.toContain('612.5');
    const reloaded = (await patientAfterReload(vault.db)).session;
    expect([reloaded.rewardTask, reloaded.rewardTaskWithStaff]).toEqual([null, true]);

    const unlocked = await unlockClinic(vault.db, 'correct horse', env.nowMs());
    if (!unlocked.ok) throw new Error(unlocked.error.code);
    const back = await takeBack({ vault: { db: vault.db, keys: NO_KEYS }, catalogue, env }, unlocked.value);
    if (!back.ok) throw new Error(back.error.code);
    const read = await getAssessment({ db: vault.db, keys: unlocked.value }, asAssessmentId('a1'));
    if (!read.ok) throw new Error(read.error.code);
    expect(read.value.rewardTask?.practice.map((p) => p.rtMs)).toEqual([612.5]);
  });

  it('takes back an earlier build’s hand-over (a session key wrapped by the record key) and removes its secret from the tab', async () => {
    const { env, vault, draft: a } = await draft();
    const raw = randomBytes(32);
    const keyId = 'session:old' as const;
    const session = { assessmentId: 'a1', keyId, key: await importSealingKey(raw) };
    const row = await sealAnswer({ working: null, session }, 'a1', 'phq-9', 'phq-9-1', answer('several-days', env.now()));
    await vault.db.answers.put(row);
    const working = vault.keys.working;
    if (!working) throw new Error('locked');
    await vault.db.settings.put({ key: HANDOVER_KEY, value: { assessmentId: 'a1', startedAt: a.createdAt, keyId, wrappedKey: toBase64(await sealBytes(working.data, raw, sessionLabel(keyId))) } });
    sessionStorage.setItem('motivation-profile.handover-secret', JSON.stringify({ keyId, secret: toBase64(raw) }));

    expect(await resumePatientMode(vault.db)).toEqual({ ok: true, value: { kind: 'waiting-for-staff', assessmentId: 'a1' } });
    expect(sessionStorage.length).toBe(0);
    const back = await takeBack({ vault: { db: vault.db, keys: NO_KEYS }, catalogue, env: testEnvironment() }, vault.keys);
    expect(back.ok).toBe(true);
    const read = await getAssessment(vault, asAssessmentId('a1'));
    expect(read.ok && read.value.answers['phq-9']?.['phq-9-1']?.code).toBe('several-days');
  });
});
