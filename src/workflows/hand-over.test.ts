// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault, reopen } from '../../tests/support/vault.ts';
import { startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { createAssessment, getAssessment } from '../storage/assessment-repository.ts';
import { unlockClinic } from '../storage/clinic-lock.ts';
import { readHandover } from '../storage/handover-record.ts';
import { NO_KEYS } from '../storage/vault.ts';
import { handOver, takeBack } from './hand-over.ts';
import { lockPatientMode, resumePatientMode } from './patient-mode-on-open.ts';

const phq9 = loadInstrument('phq-9');
afterEach(() => sessionStorage.clear());

async function draft() {
  const env = testEnvironment();
  const vault = await freshVault();
  await createAssessment(vault, startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now: env.now() }));
  return { env, vault };
}

describe('hand over and take back', () => {
  it('leaves patient mode with the session key alone, which opens only the handed-over assessment', async () => {
    const { env, vault } = await draft();
    const keys = await handOver({ vault, env }, 'a1');
    if (!keys.ok) throw new Error(keys.error.code);
    expect(keys.value.working).toBeNull();
    expect(keys.value.session?.keyId).toBe('session:id-1');
    const opened = await getAssessment({ db: vault.db, keys: keys.value }, asAssessmentId('a1'));
    expect(opened.ok).toBe(true);
  });

  it('resumes patient mode after a reload in the same tab, and waits for staff once the tab’s secret is gone', async () => {
    const { env, vault } = await draft();
    await handOver({ vault, env }, 'a1');
    const db = reopen(vault);
    const resumed = await resumePatientMode(db);
    expect(resumed.ok && resumed.value.kind).toBe('resumed');
    lockPatientMode();
    const waiting = await resumePatientMode(db);
    expect(waiting.ok && waiting.value).toEqual({ kind: 'waiting-for-staff', assessmentId: 'a1' });
  });

  it('takes the tablet back with the passphrase: the hand-over ends and the patient to open is named', async () => {
    const { env, vault } = await draft();
    const patientKeys = await handOver({ vault, env }, 'a1');
    if (!patientKeys.ok) throw new Error(patientKeys.error.code);
    const unlocked = await unlockClinic(vault.db, 'correct horse', env.nowMs());
    if (!unlocked.ok) throw new Error(unlocked.error.code);
    const back = await takeBack({ vault: { db: vault.db, keys: patientKeys.value } }, unlocked.value, 'a1');
    expect(back.ok && back.value.patientId).toBe('p1');
    expect(back.ok && back.value.keys.session).toBeNull();
    const handover = await readHandover(vault.db);
    expect(handover.ok && handover.value).toBeNull();
    expect((await resumePatientMode(vault.db)).ok && sessionStorage.length).toBe(0);
    const opened = await getAssessment({ db: vault.db, keys: unlocked.value }, asAssessmentId('a1'));
    expect(opened.ok).toBe(true);
    expect(lockPatientMode()).toEqual(NO_KEYS);
  });
});
