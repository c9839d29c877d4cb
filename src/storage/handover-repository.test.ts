import { describe, expect, it } from 'vitest';
import { freshVault, reopen } from '../../tests/support/vault.ts';
import { readInstrument } from '../cli/instrument-folder.ts';
import { completeAssessment, recordAnswer, startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import { createAssessment, getAssessment, saveAnswer } from './assessment-repository.ts';
import { generateInboxKeyPair, importInboxPrivateKey, importInboxPublicKey, openWithPrivateKey, sealToPublicKey } from './crypto-envelope.ts';
import type { HandoverV2 } from './handover-record.ts';
import { beginHandover, closeHandover, openHandover } from './handover-repository.ts';
import { ensureInboxKey } from './inbox-key.ts';
import { patientSealOf, readHandedOver, savePatientAnswer, savePatientFinished } from './patient-inbox.ts';
import { createPatient } from './patient-repository.ts';
import { NO_KEYS } from './vault.ts';

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
  await saveAnswer(vault, recordAnswer(draft, shaps, 'shaps-1', first), 'shaps', 'shaps-1', first);
  const sealTo = await ensureInboxKey(vault);
  if (!sealTo.ok) throw new Error(sealTo.error.code);
  const handover: HandoverV2 = { v: 2, assessmentId: 'a1', startedAt: '2026-01-01T09:01:00.000Z', sealTo: sealTo.value, language: 'en', texts: draft.texts, effortTask: { kind: 'none' }, finishedAt: null };
  expect((await beginHandover(vault, handover)).ok).toBe(true);
  const seal = await patientSealOf(handover);
  if (!seal.ok) throw new Error(seal.error.code);
  return { vault, seal: seal.value, draft };
}

describe('sealing to the clinic inbox key', () => {
  it('opens only with the private key and the same label; each value has its own ephemeral key', async () => {
    const pair = await generateInboxKeyPair();
    const publicKey = await importInboxPublicKey(pair.publicRaw);
    if (!publicKey.ok) throw new Error('bad key');
    const privateKey = await importInboxPrivateKey(pair.privatePkcs8);
    const plain = new TextEncoder().encode('{"code":"agree"}');
    const a = await sealToPublicKey(publicKey.value, plain, 'answers/a1/shaps/shaps-2');
    const b = await sealToPublicKey(publicKey.value, plain, 'answers/a1/shaps/shaps-2');
    expect(Buffer.from(a.subarray(0, 65)).equals(Buffer.from(b.subarray(0, 65)))).toBe(false);
    const opened = await openWithPrivateKey(privateKey, a, 'answers/a1/shaps/shaps-2');
    expect(opened.ok && new TextDecoder().decode(opened.value)).toBe('{"code":"agree"}');
    expect((await openWithPrivateKey(privateKey, a, 'answers/a1/shaps/shaps-3')).ok).toBe(false);
    const other = await importInboxPrivateKey((await generateInboxKeyPair()).privatePkcs8);
    expect((await openWithPrivateKey(other, a, 'answers/a1/shaps/shaps-2')).ok).toBe(false);
    expect((await openWithPrivateKey(privateKey, a.subarray(0, 70), 'answers/a1/shaps/shaps-2')).ok).toBe(false);
  });
});

describe('hand-over to the patient', () => {
  it('after a reload, patient mode reads only the plan and which items were answered: no answer, no patient', async () => {
    const { vault } = await handedOver();
    const db = reopen(vault);
    const read = await readHandedOver(db, 'a1');
    if (!read.ok) throw new Error(read.error.code);
    expect([read.value.answered, read.value.alertOpen, read.value.instruments]).toEqual([{ shaps: ['shaps-1'] }, false, [{ id: 'shaps', version: shaps.version }]]);
    expect((await getAssessment({ db, keys: NO_KEYS }, asAssessmentId('a1'))).ok).toBe(false);
    expect(JSON.stringify(read.value)).not.toContain('agree');
  });

  it('saves answers in patient mode that the clinician reads after taking the tablet back, all under the record key', async () => {
    const { vault, seal } = await handedOver();
    const second = { code: 'strongly-disagree', answeredAt: '2026-01-01T09:02:00.000Z', durationMs: 2000 };
    expect((await savePatientAnswer(vault.db, seal, 'shaps', 'shaps-2', second, false)).ok).toBe(true);
    expect((await savePatientFinished(vault.db, seal, '2026-01-01T09:03:00.000Z')).ok).toBe(true);
    expect((await vault.db.answers.toArray()).map((r) => r.keyId)).toEqual(['data', 'inbox']);

    // The record key alone does not open the patient's row; the take-back opens it with the inbox private key.
    expect((await getAssessment(vault, asAssessmentId('a1'))).ok).toBe(false);
    const opened = await openHandover(vault);
    if (!opened.ok || !opened.value) throw new Error('not opened');
    expect(Object.keys(opened.value.assessment.answers['shaps'] ?? {})).toEqual(['shaps-1', 'shaps-2']);
    expect(opened.value.handover).toMatchObject({ finishedAt: '2026-01-01T09:03:00.000Z' });
    const closed = await closeHandover(vault, opened.value.assessment);
    if (!closed.ok) throw new Error(closed.error.code);
    expect((await vault.db.answers.toArray()).map((r) => r.keyId)).toEqual(['data', 'data']);
    const read = await getAssessment({ db: vault.db, keys: closed.value }, asAssessmentId('a1'));
    expect(read.ok && read.value.answers['shaps']?.['shaps-2']?.code).toBe('strongly-disagree');

    // Once taken back, a write still queued in patient mode is refused: nothing sealed to the inbox lands afterwards.
    const late = await savePatientAnswer(vault.db, seal, 'shaps', 'shaps-3', second, false);
    expect(late.ok ? 'ok' : late.error.code).toBe('not-found');
    expect(await vault.db.answers.count()).toBe(2);
  });

  it('seals a finished hand-over’s answers inside the assessment under the record key when taken back: no row left under any key, no answer set', async () => {
    const { vault, seal } = await handedOver();
    const second = { code: 'strongly-disagree', answeredAt: '2026-01-01T09:02:00.000Z', durationMs: 2000 };
    expect((await savePatientAnswer(vault.db, seal, 'shaps', 'shaps-2', second, false)).ok).toBe(true);
    const opened = await openHandover(vault);
    if (!opened.ok || !opened.value) throw new Error('not opened');
    const done = completeAssessment(opened.value.assessment, [shaps], () => ({}), '2026-01-01T09:03:00.000Z');
    const closed = await closeHandover(vault, done);
    if (!closed.ok) throw new Error(closed.error.code);
    expect([await vault.db.answers.count(), await vault.db.answerSets.count()]).toEqual([0, 0]);
    expect((await vault.db.assessments.get('a1'))?.keyId).toBe('data');
    const read = await getAssessment({ db: vault.db, keys: closed.value }, asAssessmentId('a1'));
    expect(read.ok && read.value.answers['shaps']).toEqual({ 'shaps-1': { code: 'agree', answeredAt: '2026-01-01T09:00:30.000Z', durationMs: 3000 }, 'shaps-2': second });
  });

  it('sets the clear alert bit with an answer that raises an alert, in the same write', async () => {
    const { vault, seal } = await handedOver();
    await savePatientAnswer(vault.db, seal, 'shaps', 'shaps-2', { code: 'agree', answeredAt: '2026-01-01T09:02:00.000Z', durationMs: 1 }, true);
    expect((await vault.db.assessments.get('a1'))?.alertOpen).toBe(1);
  });

  it('keeps one inbox key: a second hand-over seals to the same public key', async () => {
    const vault = await freshVault();
    const a = await ensureInboxKey(vault);
    const b = await ensureInboxKey(vault);
    expect(a.ok && b.ok && a.value === b.value).toBe(true);
    const locked = await ensureInboxKey({ db: vault.db, keys: NO_KEYS });
    expect(locked.ok ? 'ok' : locked.error.code).toBe('locked');
  });
});
