import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readInstrument } from '../cli/instrument-folder.ts';
import { recordAnswer, startAssessment } from '../domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../domain/ids.ts';
import type { InstrumentDefinition } from '../domain/instrument-schema.ts';
import {
  createAssessment,
  getAssessment,
  listAssessmentsForPatient,
  listUnacknowledgedAlerts,
  saveAnswer,
  updateAssessment,
} from './assessment-repository.ts';
import { isClinicLockSet, setClinicPassphrase, verifyClinicPassphrase } from './clinic-lock.ts';
import { openDatabase, type AppDatabase } from './database.ts';
import { createPatient, getPatient, listPatients } from './patient-repository.ts';
import { DEFAULT_PREFERENCES, readHandover, readPreferences, saveHandover, savePreferences } from './settings-repository.ts';

let counter = 0;
const opened: AppDatabase[] = [];
function freshDb(): AppDatabase {
  counter += 1;
  const db = openDatabase(`test-${counter}-${Date.now()}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

function phq9(): InstrumentDefinition {
  const r = readInstrument('phq-9');
  if (!r.ok) throw new Error(r.error.join('\n'));
  return r.value.definition;
}

const patient = { code: 'P-001', displayName: null, birthYear: 1960, sex: 'female' as const, mrn: null };

describe('patient repository (real Dexie on fake-indexeddb)', () => {
  it('creates a patient and lists it', async () => {
    const db = freshDb();
    const created = await createPatient(db, patient, 'p1', '2026-01-01T09:00:00.000Z');
    expect(created.ok).toBe(true);
    const listed = await listPatients(db);
    expect(listed.ok && listed.value.map((p) => p.code)).toEqual(['P-001']);
    const found = await getPatient(db, asPatientId('p1'));
    expect(found.ok && found.value.birthYear).toBe(1960);
  });

  it('refuses a second active patient with the same code, whatever its case, and changes nothing', async () => {
    const db = freshDb();
    await createPatient(db, patient, 'p1', '2026-01-01T09:00:00.000Z');
    const again = await createPatient(db, { ...patient, code: 'p-001' }, 'p2', '2026-01-01T09:05:00.000Z');
    expect(again.ok ? 'created' : again.error.code).toBe('conflict');
    const listed = await listPatients(db);
    expect(listed.ok && listed.value).toHaveLength(1);
  });

  it('reports an unknown patient as not-found', async () => {
    const found = await getPatient(freshDb(), asPatientId('nobody'));
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
    const db = freshDb();
    await createAssessment(db, draft());
    let assessment = draft();
    for (const [i, itemId] of ['phq-9-1', 'phq-9-2'].entries()) {
      const answer = { code: 'several-days', answeredAt: `2026-01-01T09:0${i + 1}:00.000Z`, durationMs: 3000 };
      assessment = recordAnswer(assessment, def, itemId, answer);
      expect((await saveAnswer(db, assessment, def.id, itemId, answer)).ok).toBe(true);
    }
    db.close();
    const reopened = openDatabase(db.name);
    opened.push(reopened);
    const read = await getAssessment(reopened, asAssessmentId('a1'));
    expect(read.ok && read.value.answers).toEqual({
      'phq-9': {
        'phq-9-1': { code: 'several-days', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 3000 },
        'phq-9-2': { code: 'several-days', answeredAt: '2026-01-01T09:02:00.000Z', durationMs: 3000 },
      },
    });
    expect(read.ok && read.value.updatedAt).toBe('2026-01-01T09:02:00.000Z');
  });

  it('replaces a changed answer rather than keeping two', async () => {
    const db = freshDb();
    await createAssessment(db, draft());
    const first = { code: 'several-days', answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 2000 };
    const second = { code: 'not-at-all', answeredAt: '2026-01-01T09:02:00.000Z', durationMs: 1500 };
    await saveAnswer(db, recordAnswer(draft(), def, 'phq-9-1', first), def.id, 'phq-9-1', first);
    await saveAnswer(db, recordAnswer(draft(), def, 'phq-9-1', second), def.id, 'phq-9-1', second);
    expect(await db.answers.count()).toBe(1);
  });

  it('keeps a safety alert until a clinician acknowledges it', async () => {
    const db = freshDb();
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
    const db = freshDb();
    await createAssessment(db, draft());
    await createAssessment(db, { ...draft(), id: asAssessmentId('a2'), createdAt: '2026-02-01T09:00:00.000Z' });
    await createAssessment(db, { ...draft(), id: asAssessmentId('a3'), createdAt: '2026-03-01T09:00:00.000Z', status: 'discarded' });
    await createAssessment(db, { ...draft(), id: asAssessmentId('b1'), patientId: asPatientId('p2') });
    const listed = await listAssessmentsForPatient(db, asPatientId('p1'));
    expect(listed.ok && listed.value.map((a) => a.id)).toEqual(['a2', 'a1']);
  });

  it('turns a database that cannot be opened into an error value', async () => {
    const db = freshDb();
    db.close({ disableAutoOpen: true });
    const result = await getAssessment(db, asAssessmentId('a1'));
    expect(result.ok ? 'ok' : result.error.code).toBe('unavailable');
  });
});

describe('settings', () => {
  it('returns defaults before anything is saved, and what was saved after', async () => {
    const db = freshDb();
    const before = await readPreferences(db);
    expect(before.ok && before.value).toEqual(DEFAULT_PREFERENCES);
    await savePreferences(db, { language: 'zh-CN', helpText: 'Call 555', inactivityMinutes: 3 });
    const after = await readPreferences(db);
    expect(after.ok && after.value).toEqual({ language: 'zh-CN', helpText: 'Call 555', inactivityMinutes: 3 });
  });

  it('falls back to defaults for a damaged stored value instead of failing', async () => {
    const db = freshDb();
    await db.settings.put({ key: 'preferences', value: { language: 'klingon', inactivityMinutes: -4 } });
    const read = await readPreferences(db);
    expect(read.ok && read.value).toEqual(DEFAULT_PREFERENCES);
  });

  it('remembers a handover across reopening so a reload stays in patient mode', async () => {
    const db = freshDb();
    await saveHandover(db, { assessmentId: 'a1', startedAt: '2026-01-01T09:00:00.000Z' });
    db.close();
    const reopened = openDatabase(db.name);
    opened.push(reopened);
    const read = await readHandover(reopened);
    expect(read.ok && read.value).toEqual({ assessmentId: 'a1', startedAt: '2026-01-01T09:00:00.000Z' });
  });
});

describe('clinic passphrase', () => {
  const random = (bytes: Uint8Array) => crypto.getRandomValues(bytes);

  it('unlocks with the right passphrase and refuses a wrong one, changing nothing else', async () => {
    const db = freshDb();
    expect((await isClinicLockSet(db)).ok && (await isClinicLockSet(db))).toEqual({ ok: true, value: false });
    await setClinicPassphrase(db, 'correct horse', random, 1000);
    expect((await verifyClinicPassphrase(db, 'correct horse', 0)).ok).toBe(true);
    const wrong = await verifyClinicPassphrase(db, 'Correct horse', 0);
    expect(wrong.ok ? 'ok' : wrong.error).toEqual({ code: 'wrong-passphrase', failures: 1 });
  });

  it('stores no passphrase, only a salted verifier', async () => {
    const db = freshDb();
    await setClinicPassphrase(db, 'correct horse', random, 1000);
    expect(JSON.stringify(await db.settings.toArray())).not.toContain('correct horse');
  });

  it('refuses a passphrase shorter than 6 characters', async () => {
    const result = await setClinicPassphrase(freshDb(), 'abc', random, 1000);
    expect(result.ok ? 'ok' : result.error.code).toBe('too-short');
  });

  it('makes repeated failures wait longer, and the right passphrase resets the count', async () => {
    const db = freshDb();
    await setClinicPassphrase(db, 'correct horse', random, 1000);
    for (let i = 0; i < 3; i += 1) await verifyClinicPassphrase(db, 'nope', 10_000);
    const blocked = await verifyClinicPassphrase(db, 'correct horse', 10_500);
    expect(blocked.ok ? 'ok' : blocked.error).toEqual({ code: 'wait', seconds: 1 });
    const fourth = await verifyClinicPassphrase(db, 'nope', 11_000);
    expect(fourth.ok ? 'ok' : fourth.error).toEqual({ code: 'wrong-passphrase', failures: 4 });
    const longer = await verifyClinicPassphrase(db, 'correct horse', 12_000);
    expect(longer.ok ? 'ok' : longer.error).toEqual({ code: 'wait', seconds: 1 });
    expect((await verifyClinicPassphrase(db, 'correct horse', 13_000)).ok).toBe(true);
    const again = await verifyClinicPassphrase(db, 'nope', 12_200);
    expect(again.ok ? 'ok' : again.error).toEqual({ code: 'wrong-passphrase', failures: 1 });
  });
});
