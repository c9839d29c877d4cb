import { describe, expect, it } from 'vitest';
import { freshVault, reopen } from '../../tests/support/vault.ts';
import { readInstrument } from '../cli/instrument-folder.ts';
import { recordAnswer, startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { createAssessment, getAssessment, saveAnswer } from './assessment-repository.ts';
import { readHandover, resumeHandover } from './handover-record.ts';
import { beginHandover, endHandover } from './handover-repository.ts';
import { createPatient, listPatients } from './patient-repository.ts';

const shaps = (() => {
  const r = readInstrument('shaps');
  if (!r.ok) throw new Error(r.error.join('\n'));
  return r.value.definition;
})();

async function handedOver() {
  const vault = await freshVault();
  await createPatient(vault, { code: 'P-1', displayName: 'Ada', birthYear: null, sex: null, mrn: null }, 'p1', '2026-01-01T09:00:00.000Z');
  const draft = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'SHAPS', definitions: [shaps], mode: 'patient', language: 'en', now: '2026-01-01T09:00:00.000Z' });
  await createAssessment(vault, draft);
  const first = { code: 'agree', answeredAt: '2026-01-01T09:00:30.000Z', durationMs: 3000 };
  const withFirst = recordAnswer(draft, shaps, 'shaps-1', first);
  await saveAnswer(vault, withFirst, 'shaps', 'shaps-1', first);
  const begun = await beginHandover(vault, 'a1', '2026-01-01T09:01:00.000Z', () => 'k1');
  if (!begun.ok) throw new Error(begun.error.code);
  return { vault, begun: begun.value, withFirst };
}

describe('hand-over to the patient', () => {
  it('after a reload, opens only the handed-over assessment with the session secret: no patient, nothing else', async () => {
    const { vault, begun } = await handedOver();
    const db = reopen(vault);
    const handover = await readHandover(db);
    if (!handover.ok || !handover.value) throw new Error('no handover');
    const keys = await resumeHandover(handover.value, begun.sessionSecret);
    if (!keys.ok) throw new Error(keys.error);
    const patientMode = { db, keys: keys.value };
    const read = await getAssessment(patientMode, asAssessmentId('a1'));
    expect(read.ok && read.value.answers).toEqual({ shaps: { 'shaps-1': { code: 'agree', answeredAt: '2026-01-01T09:00:30.000Z', durationMs: 3000 } } });
    const patients = await listPatients(patientMode);
    expect(patients.ok ? 'ok' : patients.error.code).toBe('locked');
  });

  it('saves answers in patient mode that the clinician reads after taking the tablet back', async () => {
    const { vault, begun, withFirst } = await handedOver();
    const patientMode = { db: vault.db, keys: { working: null, session: begun.keys.session } };
    const second = { code: 'strongly-disagree', answeredAt: '2026-01-01T09:02:00.000Z', durationMs: 2000 };
    const saved = await saveAnswer(patientMode, recordAnswer(withFirst, shaps, 'shaps-2', second), 'shaps', 'shaps-2', second);
    expect(saved.ok).toBe(true);
    expect((await vault.db.answers.toArray()).map((r) => r.keyId)).toEqual([begun.keys.session?.keyId, begun.keys.session?.keyId]);

    // The clinician unlocks in a new page: the record key only; the session key comes from its wrapped copy.
    const ended = await endHandover({ db: vault.db, keys: { working: vault.keys.working, session: null } });
    if (!ended.ok) throw new Error(ended.error.code);
    expect((await vault.db.answers.toArray()).map((r) => r.keyId)).toEqual(['data', 'data']);
    expect((await readHandover(vault.db)).ok && (await readHandover(vault.db))).toEqual({ ok: true, value: null });
    const read = await getAssessment({ db: vault.db, keys: ended.value }, asAssessmentId('a1'));
    expect(read.ok && Object.keys(read.value.answers['shaps'] ?? {})).toEqual(['shaps-1', 'shaps-2']);
  });

  it('refuses a damaged session secret', async () => {
    const { vault } = await handedOver();
    const handover = await readHandover(vault.db);
    if (!handover.ok || !handover.value) throw new Error('no handover');
    expect((await resumeHandover(handover.value, 'bm90IGEga2V5')).ok).toBe(false);
  });
});
