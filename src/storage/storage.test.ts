import { describe, expect, it } from 'vitest';
import { freshDb, freshVault, reopen } from '../../tests/support/vault.ts';
import { readInstrument } from '../cli/instrument-folder.ts';
import { recordAnswer, startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import type { InstrumentDefinition } from '../domain/instrument-schema.ts';
import {
  createAssessment,
  getAssessment,
  listAssessmentsForPatient,
  listCompletedAssessments,
  listUnacknowledgedAlerts,
  saveAnswer,
  updateAssessment,
} from './assessment-repository.ts';
import { createBackup, readBackup, restoreBackup } from './backup.ts';
import type { HandoverV2 } from './handover-record.ts';
import { beginHandover, closeHandover, openHandover } from './handover-repository.ts';
import { ensureInboxKey } from './inbox-key.ts';
import { patientSealOf, savePatientAnswer } from './patient-inbox.ts';
import { createPatient, getPatient, listPatients } from './patient-repository.ts';
import { DEFAULT_PREFERENCES, readPreferences, savePreferences } from './settings-repository.ts';
import { NO_KEYS, type Vault } from './vault.ts';

function phq9(): InstrumentDefinition {
  const r = readInstrument('phq-9');
  if (!r.ok) throw new Error(r.error.join('\n'));
  return r.value.definition;
}

const patient = { code: 'P-001', displayName: null, birthYear: 1960, sex: 'female' as const, mrn: null };

describe('patient repository (real Dexie on fake-indexeddb)', () => {
  it('creates a patient and lists it', async () => {
    const db = await freshVault();
    const created = await createPatient(db, patient, 'p1', '2026-01-01T09:00:00.000Z');
    expect(created.ok).toBe(true);
    const listed = await listPatients(db);
    expect(listed.ok && listed.value.map((p) => p.code)).toEqual(['P-001']);
    const found = await getPatient(db, asPatientId('p1'));
    expect(found.ok && found.value.birthYear).toBe(1960);
  });

  it('refuses a second active patient with the same code, whatever its case, and changes nothing', async () => {
    const db = await freshVault();
    await createPatient(db, patient, 'p1', '2026-01-01T09:00:00.000Z');
    const again = await createPatient(db, { ...patient, code: 'p-001' }, 'p2', '2026-01-01T09:05:00.000Z');
    expect(again.ok ? 'created' : again.error.code).toBe('conflict');
    const listed = await listPatients(db);
    expect(listed.ok && listed.value).toHaveLength(1);
  });

  it('reports an unknown patient as not-found', async () => {
    const found = await getPatient(await freshVault(), asPatientId('nobody'));
    expect(found.ok ? 'found' : found.error.code).toBe('not-found');
  });
});

describe('assessment repository', () => {
  const def = phq9();
  const draft = () =>
    startAssessment({
      id: asAssessmentId('a1'),
      patientId: asPatientId('p1'),
      batteryName: 'PHQ-9',
      definitions: [def],
      mode: 'patient',
      language: 'en',
      now: '2026-01-01T09:00:00.000Z',
    });

  it('saves each answer as it is given and reads it back after the database is reopened', async () => {
    const db = await freshVault();
    await createAssessment(db, draft());
    let assessment = draft();
    for (const [i, itemId] of ['phq-9-1', 'phq-9-2'].entries()) {
      const answer = { code: 'several-days', answeredAt: `2026-01-01T09:0${i + 1}:00.000Z`, durationMs: 3000 };
      assessment = recordAnswer(assessment, def, itemId, answer);
      expect((await saveAnswer(db, assessment, def.id, itemId, answer)).ok).toBe(true);
    }
    const read = await getAssessment({ db: reopen(db), keys: db.keys }, asAssessmentId('a1'));
    expect(read.ok && read.value.answers).toEqual({
      'phq-9': {
        'phq-9-1': { code: 'several-days', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 3000 },
        'phq-9-2': { code: 'several-days', answeredAt: '2026-01-01T09:02:00.000Z', durationMs: 3000 },
      },
    });
    expect(read.ok && read.value.updatedAt).toBe('2026-01-01T09:02:00.000Z');
  });

  it('replaces a changed answer rather than keeping two', async () => {
    const db = await freshVault();
    await createAssessment(db, draft());
    const first = { code: 'several-days', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 2000 };
    const second = { code: 'not-at-all', answeredAt: '2026-01-01T09:02:00.000Z', durationMs: 1500 };
    await saveAnswer(db, recordAnswer(draft(), def, 'phq-9-1', first), def.id, 'phq-9-1', first);
    await saveAnswer(db, recordAnswer(draft(), def, 'phq-9-1', second), def.id, 'phq-9-1', second);
    expect(await db.db.answers.count()).toBe(1);
  });

  it('keeps a safety alert until a clinician acknowledges it', async () => {
    const db = await freshVault();
    await createAssessment(db, draft());
    const answer = { code: 'more-than-half-the-days', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 4000 };
    const after = recordAnswer(draft(), def, 'phq-9-9', answer);
    expect(after.alerts).toEqual([{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]);
    await saveAnswer(db, after, def.id, 'phq-9-9', answer);
    const alerts = await listUnacknowledgedAlerts(db);
    expect(alerts.ok && alerts.value.map((a) => a.id)).toEqual(['a1']);
    await updateAssessment(db, { ...after, alertsAcknowledgedAt: '2026-01-01T10:00:00.000Z' });
    const none = await listUnacknowledgedAlerts(db);
    expect(none.ok && none.value).toEqual([]);
  });

  it('lists a patient\'s assessments newest first and leaves discarded drafts out', async () => {
    const db = await freshVault();
    await createAssessment(db, draft());
    await createAssessment(db, { ...draft(), id: asAssessmentId('a2'), createdAt: '2026-02-01T09:00:00.000Z' });
    await createAssessment(db, { ...draft(), id: asAssessmentId('a3'), createdAt: '2026-03-01T09:00:00.000Z', status: 'discarded' });
    await createAssessment(db, { ...draft(), id: asAssessmentId('b1'), patientId: asPatientId('p2') });
    const listed = await listAssessmentsForPatient(db, asPatientId('p1'));
    expect(listed.ok && listed.value.map((a) => a.id)).toEqual(['a2', 'a1']);
  });

  it('lists every completed assessment with its answers, oldest first, for the research export', async () => {
    const db = await freshVault();
    const answer = { code: 'several-days', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 4000 };
    const done = (id: string, completedAt: string, patientId = 'p1') => ({ ...recordAnswer({ ...draft(), id: asAssessmentId(id), patientId: asPatientId(patientId) }, def, 'phq-9-1', answer), status: 'completed' as const, completedAt });
    await createAssessment(db, draft());
    for (const a of [done('c2', '2026-02-01T09:00:00.000Z', 'p2'), done('c1', '2026-01-05T09:00:00.000Z')]) {
      await createAssessment(db, a);
      await saveAnswer(db, a, def.id, 'phq-9-1', answer);
    }
    const listed = await listCompletedAssessments(db);
    expect(listed.ok && listed.value.map((a) => [a.id, a.answers['phq-9']?.['phq-9-1']?.code])).toEqual([
      ['c1', 'several-days'],
      ['c2', 'several-days'],
    ]);
  });

  it('turns a database that cannot be opened into an error value', async () => {
    const db = await freshVault();
    db.db.close({ disableAutoOpen: true });
    const result = await getAssessment(db, asAssessmentId('a1'));
    expect(result.ok ? 'ok' : result.error.code).toBe('unavailable');
  });

  it('refuses to read or write personal data without the keys, as a locked error', async () => {
    const db = await freshVault();
    await createAssessment(db, draft());
    const locked = { db: db.db, keys: NO_KEYS };
    const read = await getAssessment(locked, asAssessmentId('a1'));
    expect(read.ok ? 'ok' : read.error.code).toBe('locked');
    const created = await createPatient(locked, patient, 'p9', '2026-01-01T09:00:00.000Z');
    expect(created.ok ? 'ok' : created.error.code).toBe('locked');
    expect(await db.db.patients.count()).toBe(0);
  });

  it('refuses a sealed value moved to another row, as undecryptable', async () => {
    const db = await freshVault();
    await createAssessment(db, draft());
    await createAssessment(db, { ...draft(), id: asAssessmentId('a2') });
    const a1 = await db.db.assessments.get('a1');
    if (!a1) throw new Error('a1 missing');
    await db.db.assessments.update('a2', { sealed: a1.sealed });
    const read = await getAssessment(db, asAssessmentId('a2'));
    expect(read.ok ? 'ok' : read.error.code).toBe('undecryptable');
  });
});

describe('the clear alertOpen flag (issue 8: the alerts list opens only rows that may have an open alert)', () => {
  const def = phq9();
  const draft = (id = 'a1') =>
    startAssessment({
      id: asAssessmentId(id),
      patientId: asPatientId('p1'),
      batteryName: 'PHQ-9',
      definitions: [def],
      mode: 'patient',
      language: 'en',
      now: '2026-01-01T09:00:00.000Z',
    });
  const item9 = { code: 'more-than-half-the-days', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 4000 };
  const ACK = '2026-01-01T10:00:00.000Z';
  const listed = async (vault: Vault) => {
    const alerts = await listUnacknowledgedAlerts(vault);
    if (!alerts.ok) throw new Error(alerts.error.code);
    return alerts.value.map((a) => a.id);
  };
  const flagOf = async (vault: Vault, id: string) => (await vault.db.assessments.get(id))?.alertOpen;
  /** A row as written before the flag existed: the same record without the field. */
  const asLegacy = async (vault: Vault, id: string) => {
    const row = await vault.db.assessments.get(id);
    if (!row) throw new Error(`${id} missing`);
    const legacy: Record<string, unknown> = { ...row };
    delete legacy['alertOpen'];
    await vault.db.assessments.put(legacy as never);
    expect('alertOpen' in ((await vault.db.assessments.get(id)) ?? {})).toBe(false);
  };

  it('is set in the same write that raises an alert, listed; cleared by the acknowledgement, not listed', async () => {
    const vault = await freshVault();
    await createAssessment(vault, draft());
    expect(await flagOf(vault, 'a1')).toBe(0);
    const raised = recordAnswer(draft(), def, 'phq-9-9', item9);
    await saveAnswer(vault, raised, def.id, 'phq-9-9', item9);
    expect(await flagOf(vault, 'a1')).toBe(1);
    expect(await listed(vault)).toEqual(['a1']);
    await updateAssessment(vault, { ...raised, alertsAcknowledgedAt: ACK });
    expect(await flagOf(vault, 'a1')).toBe(0);
    expect(await listed(vault)).toEqual([]);
  });

  it('still opens and lists a row written before the flag existed when its sealed alert is open', async () => {
    const vault = await freshVault();
    const raised = recordAnswer(draft(), def, 'phq-9-9', item9);
    await createAssessment(vault, raised);
    await createAssessment(vault, { ...raised, id: asAssessmentId('a2'), alertsAcknowledgedAt: ACK });
    await createAssessment(vault, draft('a3'));
    for (const id of ['a1', 'a2', 'a3']) await asLegacy(vault, id);
    expect(await listed(vault)).toEqual(['a1']);
    // Opened once, they now carry their flag, and the next list takes the index.
    expect([await flagOf(vault, 'a1'), await flagOf(vault, 'a2'), await flagOf(vault, 'a3')]).toEqual([1, 0, 0]);
    expect(await listed(vault)).toEqual(['a1']);
  });

  it('never overwrites a newer write when it flags a row it opened', async () => {
    const vault = await freshVault();
    await createAssessment(vault, draft());
    await asLegacy(vault, 'a1');
    const { db } = vault;
    const transaction = db.transaction.bind(db) as (...args: unknown[]) => unknown;
    let answeredMeanwhile = false;
    db.transaction = ((...args: unknown[]) => {
      if (args[0] !== 'rw' || answeredMeanwhile) return transaction(...args);
      answeredMeanwhile = true;
      // The patient raises an alert after the list has read and opened a1, before it flags it.
      const raised = recordAnswer(draft(), def, 'phq-9-9', item9);
      return saveAnswer(vault, raised, def.id, 'phq-9-9', item9).then(() => transaction(...args));
    }) as never;
    expect(await listed(vault)).toEqual([]);
    expect(answeredMeanwhile).toBe(true);
    expect(await flagOf(vault, 'a1')).toBe(1);
    expect(await listed(vault)).toEqual(['a1']);
  });

  it('falls back to reading every row while one lacks a valid flag, so that row is still opened', async () => {
    const vault = await freshVault();
    await createAssessment(vault, draft('a2'));
    await createAssessment(vault, recordAnswer(draft(), def, 'phq-9-9', item9));
    // A boolean (or any value but 0 or 1) is not in the index, like a missing flag: it must not hide the row.
    await vault.db.assessments.update('a1', { alertOpen: true as never });
    expect(await listed(vault)).toEqual(['a1']);
    expect(await flagOf(vault, 'a1')).toBe(1);
  });

  it('lets the sealed alerts decide: a row flagged open whose sealed alert is acknowledged is not listed', async () => {
    const vault = await freshVault();
    await createAssessment(vault, { ...recordAnswer(draft(), def, 'phq-9-9', item9), alertsAcknowledgedAt: ACK });
    await vault.db.assessments.update('a1', { alertOpen: 1 });
    expect(await listed(vault)).toEqual([]);
  });

  it('does not open rows flagged closed (what makes the list fast)', async () => {
    const vault = await freshVault();
    await createAssessment(vault, recordAnswer(draft(), def, 'phq-9-9', item9));
    await createAssessment(vault, draft('a2'));
    // a2's sealed value would not open (it is a1's); flagged closed, it is never opened, so the list still works.
    const a1 = await vault.db.assessments.get('a1');
    if (!a1) throw new Error('a1 missing');
    await vault.db.assessments.update('a2', { sealed: a1.sealed });
    expect(await listed(vault)).toEqual(['a1']);
  });

  it('is written by the hand-over and by a backup restore, which seal through the same function', async () => {
    const vault = await freshVault();
    await createPatient(vault, patient, 'p1', '2026-01-01T09:00:00.000Z');
    await createAssessment(vault, draft());
    const sealTo = await ensureInboxKey(vault);
    if (!sealTo.ok) throw new Error(sealTo.error.code);
    const handover: HandoverV2 = { v: 2, assessmentId: 'a1', startedAt: '2026-01-01T09:00:30.000Z', sealTo: sealTo.value, language: 'en', texts: {}, effortTask: { kind: 'none' }, finishedAt: null };
    await beginHandover(vault, handover);
    const seal = await patientSealOf(handover);
    if (!seal.ok) throw new Error(seal.error.code);
    // The patient raises the alert in patient mode, with no key: the answer sealed to the inbox key, the bit set.
    await savePatientAnswer(vault.db, seal.value, def.id, 'phq-9-9', item9, true);
    expect(await flagOf(vault, 'a1')).toBe(1);
    // Taken back: the workflow re-derives the alert from the answers (hand-over.ts); here, as it would.
    const opened = await openHandover(vault);
    if (!opened.ok || !opened.value) throw new Error('not opened');
    const closed = await closeHandover(vault, recordAnswer(opened.value.assessment, def, 'phq-9-9', item9));
    if (!closed.ok) throw new Error(closed.error.code);
    const ended = { value: closed.value };
    expect(await flagOf(vault, 'a1')).toBe(1);
    expect(await listed({ db: vault.db, keys: ended.value })).toEqual(['a1']);

    const made = await createBackup({ db: vault.db, keys: ended.value }, 'backup phrase 1', { appVersion: '0.2.0', now: '2026-03-01T12:00:00.000Z' }, 1000);
    if (!made.ok) throw new Error(made.error.code);
    const text = made.value;
    const checked = await readBackup({ size: text.length, text: () => Promise.resolve(text) }, 'backup phrase 1', [phq9()]);
    if (!checked.ok) throw new Error(checked.error.code);
    const target = await freshVault();
    expect((await restoreBackup(target, checked.value, 'replace')).ok).toBe(true);
    expect(await flagOf(target, 'a1')).toBe(1);
    expect(await listed(target)).toEqual(['a1']);
  });

  it('is the only new clear field: which alert, its answers and its acknowledgement stay sealed', async () => {
    const vault = await freshVault();
    const raised = recordAnswer(draft(), def, 'phq-9-9', item9);
    await createAssessment(vault, raised);
    await saveAnswer(vault, raised, def.id, 'phq-9-9', item9);
    await updateAssessment(vault, { ...raised, alertsAcknowledgedAt: ACK });
    const row = await vault.db.assessments.get('a1');
    if (!row) throw new Error('a1 missing');
    expect(Object.keys(row).sort()).toEqual(['alertOpen', 'completedAt', 'createdAt', 'id', 'instruments', 'keyId', 'patientId', 'schemaVersion', 'sealed', 'status', 'updatedAt']);
    expect(row.alertOpen).toBe(0);
    const clear = JSON.stringify([{ ...row, sealed: null }, ...(await vault.db.answers.toArray()).map((r) => ({ ...r, sealed: null }))]);
    for (const secret of ['suicidal', 'alerts', ACK, item9.code, 'PHQ-9']) expect(clear).not.toContain(secret);
    const sealedText = new TextDecoder('utf-8', { fatal: false }).decode(row.sealed);
    expect(sealedText).not.toContain('suicidal');
  });
});

describe('settings', () => {
  it('returns defaults before anything is saved, and what was saved after', async () => {
    const db = freshDb();
    const before = await readPreferences(db);
    expect(before.ok && before.value).toEqual(DEFAULT_PREFERENCES);
    await savePreferences(db, { language: 'zh-CN', helpTexts: { 'zh-CN': '请拨打 555', en: 'Call 555' }, inactivityMinutes: 3 });
    const after = await readPreferences(db);
    expect(after.ok && after.value).toEqual({ language: 'zh-CN', helpTexts: { 'zh-CN': '请拨打 555', en: 'Call 555' }, inactivityMinutes: 3 });
  });

  it('reads a help text saved before texts were per language as the text of the clinic language then', async () => {
    const db = freshDb();
    await db.settings.put({ key: 'preferences', value: { language: 'zh-CN', helpText: '请拨打 555', inactivityMinutes: 3 } });
    const read = await readPreferences(db);
    expect(read.ok && read.value).toEqual({ language: 'zh-CN', helpTexts: { 'zh-CN': '请拨打 555' }, inactivityMinutes: 3 });
  });

  it('uses the given fallback (the browser language on a new tablet) only while nothing is stored', async () => {
    const db = freshDb();
    const fresh = await readPreferences(db, { ...DEFAULT_PREFERENCES, language: 'zh-CN' });
    expect(fresh.ok && fresh.value.language).toBe('zh-CN');
    await savePreferences(db, { ...DEFAULT_PREFERENCES, language: 'en' });
    const stored = await readPreferences(db, { ...DEFAULT_PREFERENCES, language: 'zh-CN' });
    expect(stored.ok && stored.value.language).toBe('en');
  });

  it('falls back to defaults for a damaged stored value instead of failing', async () => {
    const db = freshDb();
    await db.settings.put({ key: 'preferences', value: { language: 'klingon', inactivityMinutes: -4 } });
    const read = await readPreferences(db);
    expect(read.ok && read.value).toEqual(DEFAULT_PREFERENCES);
  });

});
