import { describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment } from '../src/domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import { createAssessment, saveAnswer, sealAnswer, updateAssessment } from '../src/storage/assessment-repository.ts';
import { sealAnswerSetAsVersion7, sealAssessmentAsVersion7 } from './support/earlier-shapes.ts';
import { collectBackupData, createBackup, MAX_BACKUP_BYTES, readBackup, restoreBackup, type BackupError } from '../src/storage/backup.ts';
import { enqueueExport } from '../src/storage/outbox-repository.ts';
import { sha256Hex } from '../src/storage/crypto-envelope.ts';
import { listPackRecords } from '../src/storage/pack-repository.ts';
import { markPackRemoved, savePack } from '../src/storage/pack-writes.ts';
import { createPatient } from '../src/storage/patient-repository.ts';
import { derivePassphraseBits, fromBase64, importSealingKey, openBytes, sealBytes, toBase64 } from '../src/storage/crypto-envelope.ts';
import { readPatientCodeSystem, saveCustomBatteries, savePatientCodeSystem, savePreferences } from '../src/storage/settings-repository.ts';
import type { Vault } from '../src/storage/vault.ts';
import { appendAudit, readAuditLog } from '../src/storage/audit-log.ts';
import { playEffortTask } from './support/effort-task.ts';
import { playRewardTask } from './support/reward-task.ts';
import { editedPack, TEST_PACK_HASH, TEST_PACK_TEXT } from './support/packs.ts';
import { loadInstrument } from './support/instruments.ts';
import { freshVault, TEST_ITERATIONS } from './support/vault.ts';

const phq9 = loadInstrument('phq-9').definition;
const KNOWN = [phq9, loadInstrument('shaps').definition];
const BACKUP_PASSPHRASE = 'backup phrase 1';
const meta = { appVersion: '0.2.0', now: '2026-03-01T12:00:00.000Z' };

/** A tablet with two patients, a completed PHQ-9 with a safety alert, a draft, preferences and a battery. */
async function clinicWithData(): Promise<Vault> {
  const vault = await freshVault();
  await createPatient(vault, { code: 'W7-001', displayName: 'Grace Hopper', birthYear: 1941, sex: 'female', mrn: 'MRN-4711' }, 'p1', '2026-01-01T09:00:00.000Z');
  await createPatient(vault, { code: 'W7-002', displayName: null, birthYear: null, sex: null, mrn: null }, 'p2', '2026-01-02T09:00:00.000Z');
  // With a completed effort task, so its trials travel with the backup.
  let a = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions: [phq9], mode: 'patient', language: 'en', now: '2026-01-01T09:00:00.000Z', effortTask: playEffortTask((reward, effort) => reward > effort) });
  await createAssessment(vault, a);
  for (const item of phq9.items) {
    // Valid codes only: a restore checks every answer against the instrument (phq-9-difficulty has its own options).
    const code = item.id === 'phq-9-9' ? 'several-days' : item.id === 'phq-9-difficulty' ? 'somewhat-difficult' : 'more-than-half-the-days';
    const answer = { code, answeredAt: '2026-01-01T09:01:00.000Z', durationMs: 2500 };
    a = recordAnswer(a, phq9, item.id, answer);
    await saveAnswer(vault, a, 'phq-9', item.id, answer);
  }
  await updateAssessment(vault, completeAssessment(a, [phq9], () => ({}), '2026-01-01T09:05:00.000Z'));
  await createAssessment(vault, startAssessment({ id: asAssessmentId('a2'), patientId: asPatientId('p2'), batteryName: 'PHQ-9', definitions: [phq9], mode: 'patient', language: 'en', now: '2026-01-02T09:00:00.000Z' }));
  await savePreferences(vault.db, { language: 'zh-CN', helpTexts: { en: 'Call 555-0100' }, inactivityMinutes: 3 });
  await saveCustomBatteries(vault.db, [{ id: 'b1', name: 'Mood', instrumentIds: ['phq-9'] }]);
  await appendAudit(vault, 'log-1', { at: '2026-01-01T09:00:00.000Z', actor: { id: 'c-wang', name: 'Dr Wang Li', role: 'Psychiatrist' }, action: 'start-assessment', patientId: 'p1', assessmentId: 'a1' });
  await appendAudit(vault, 'log-2', { at: '2026-01-01T09:06:00.000Z', actor: { id: 'administrator', name: '' }, action: 'acknowledge-alert', patientId: 'p1', assessmentId: 'a1' });
  return vault;
}

/**
 * The same backup file with its payload edited (as an older or another build may have written it): opened and sealed
 * again with the file's own passphrase and header, so it reads as authentic.
 */
async function editPayload(text: string, edit: (data: { assessments: Record<string, unknown>[] }) => void): Promise<string> {
  const file = JSON.parse(text) as { format: string; formatVersion: number; appVersion: string; createdAt: string; kdf: { name: string; salt: string; iterations: number }; payload: string };
  const label = JSON.stringify([file.format, file.formatVersion, file.appVersion, file.createdAt, file.kdf.name, file.kdf.salt, file.kdf.iterations]);
  const key = await importSealingKey((await derivePassphraseBits(BACKUP_PASSPHRASE, fromBase64(file.kdf.salt)!, file.kdf.iterations, 512)).subarray(0, 32));
  const opened = await openBytes(key, fromBase64(file.payload)!, label);
  if (!opened.ok) throw new Error('the backup did not open');
  const data = JSON.parse(new TextDecoder().decode(opened.value)) as { assessments: Record<string, unknown>[] };
  edit(data);
  return JSON.stringify({ ...file, payload: toBase64(await sealBytes(key, new TextEncoder().encode(JSON.stringify(data)), label)) });
}

const asFile = (text: string) => ({ size: new TextEncoder().encode(text).length, text: () => Promise.resolve(text) });

async function backupText(vault: Vault): Promise<string> {
  const made = await createBackup(vault, BACKUP_PASSPHRASE, meta, TEST_ITERATIONS);
  if (!made.ok) throw new Error(made.error.code);
  return made.value;
}

async function snapshot(vault: Vault) {
  const data = await collectBackupData(vault);
  if (!data.ok) throw new Error(data.error.code);
  return { data: data.value, rows: [await vault.db.patients.count(), await vault.db.assessments.count(), await vault.db.answers.count()] };
}

describe('backup and restore', () => {
  it('gives identical data on a new tablet with another passphrase: backup, restore, compare', async () => {
    const source = await clinicWithData();
    const text = await backupText(source);
    const target = await freshVault();
    const checked = await readBackup(asFile(text), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    expect(checked.value.header).toEqual({ format: 'motivation-profile-backup', formatVersion: 1, appVersion: '0.2.0', createdAt: meta.now });
    const restored = await restoreBackup(target, checked.value, 'replace');
    expect(restored).toEqual({ ok: true, value: { patients: 2, assessments: 2, kept: 0 } });
    expect((await snapshot(target)).data).toEqual((await snapshot(source)).data);
    expect((await snapshot(target)).data.assessments[0]?.results?.['phq-9']).toBeDefined();
    expect((await snapshot(target)).data.assessments[0]?.effortTask?.trials).toHaveLength(64);
  });

  it('carries a reward task with every trial, and refuses a file whose reward task was tampered with, naming it', async () => {
    const source = await clinicWithData();
    const read = await collectBackupData(source);
    if (!read.ok) throw new Error(read.error.code);
    const a2 = read.value.assessments.find((a) => a.id === 'a2');
    if (!a2) throw new Error('no draft');
    await updateAssessment(source, { ...a2, rewardTask: playRewardTask(3) });
    const text = await backupText(source);
    const checked = await readBackup(asFile(text), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    const target = await freshVault();
    expect((await restoreBackup(target, checked.value, 'replace')).ok).toBe(true);
    const restored = (await snapshot(target)).data.assessments.find((a) => a.id === 'a2');
    expect(restored?.rewardTask).toEqual(playRewardTask(3));

    // A trial marked correct whose answer is not the mouth shown: the record no longer matches its schedule.
    const tampered = await editPayload(text, (data) => {
      const task = data.assessments.find((a) => a['id'] === 'a2')?.['rewardTask'] as { trials: { correct: boolean }[] };
      const first = task.trials[0];
      if (first) first.correct = !first.correct;
    });
    const refused = await readBackup(asFile(tampered), BACKUP_PASSPHRASE, KNOWN);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('invalid');
    expect(refused.ok ? '' : JSON.stringify(refused.error)).toContain('rewardTask');
  });

  it('carries the audit log: a restore adds the file’s lines and keeps the tablet’s own, never one twice, whatever the mode', async () => {
    const source = await clinicWithData();
    const checked = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    expect(checked.value.data.audit?.map((e) => [e.id, e.actor.name, e.action])).toEqual([['log-1', 'Dr Wang Li', 'start-assessment'], ['log-2', '', 'acknowledge-alert']]);
    const target = await freshVault();
    await appendAudit(target, 'own-1', { at: '2026-02-01T09:00:00.000Z', actor: { id: 'administrator', name: 'Dr Zhao' }, action: 'export', detail: 'backup' });
    expect((await restoreBackup(target, checked.value, 'replace')).ok).toBe(true);
    expect((await restoreBackup(target, checked.value, 'merge')).ok).toBe(true);
    const log = await readAuditLog(target);
    expect(log.ok && log.value.entries.map((e) => e.id)).toEqual(['own-1', 'log-2', 'log-1']);
  });

  it("carries the clinic's patient-code system: Replace takes it, Merge keeps a tablet's own and fills one that has none", async () => {
    const FIRST = 'https://motivation-profile.app/fhir/patient-code/11111111-2222-4333-8444-555555555555';
    const OWN = 'https://motivation-profile.app/fhir/patient-code/99999999-8888-4777-8666-555555555555';
    const source = await clinicWithData();
    await savePatientCodeSystem(source.db, FIRST);
    const checked = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    const system = async (v: Vault) => {
      const read = await readPatientCodeSystem(v.db);
      return read.ok ? read.value : 'unreadable';
    };
    const replaced = await freshVault();
    await savePatientCodeSystem(replaced.db, OWN);
    expect((await restoreBackup(replaced, checked.value, 'replace')).ok).toBe(true);
    expect(await system(replaced)).toBe(FIRST);
    const mergedWithOwn = await freshVault();
    await savePatientCodeSystem(mergedWithOwn.db, OWN);
    expect((await restoreBackup(mergedWithOwn, checked.value, 'merge')).ok).toBe(true);
    expect(await system(mergedWithOwn)).toBe(OWN);
    const mergedNew = await freshVault();
    expect((await restoreBackup(mergedNew, checked.value, 'merge')).ok).toBe(true);
    expect(await system(mergedNew)).toBe(FIRST);
  });

  it('empties the EHR outbox on Replace, so no export of a replaced assessment is ever sent', async () => {
    const source = await clinicWithData();
    const checked = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(checked.error.code);
    const target = await clinicWithData();
    await enqueueExport(target, 'a1', [{ resourceType: 'Bundle', type: 'transaction', entry: [] }], '2026-03-01T10:00:00.000Z');
    expect(await target.db.outbox.count()).toBe(1);
    expect((await restoreBackup(target, checked.value, 'replace')).ok).toBe(true);
    expect(await target.db.outbox.count()).toBe(0);
  });

  it('writes no name, MRN, code or answer in the clear', async () => {
    const text = await backupText(await clinicWithData());
    for (const secret of ['Grace Hopper', 'MRN-4711', 'W7-001', 'more-than-half-the-days', 'suicidalIdeation', 'Call 555']) expect(text).not.toContain(secret);
  });

  const cases: [string, (text: string) => { size: number; text: () => Promise<string> }, string, BackupError['code']][] = [
    ['a truncated file', (t) => asFile(t.slice(0, Math.floor(t.length / 2))), BACKUP_PASSPHRASE, 'not-a-backup'],
    ['an empty file', () => asFile(''), BACKUP_PASSPHRASE, 'not-a-backup'],
    ['plain JSON pretending to be a backup', () => asFile(JSON.stringify({ format: 'motivation-profile-backup', patients: [{ id: 'x' }] })), BACKUP_PASSPHRASE, 'not-a-backup'],
    ['a file from a newer app version', (t) => asFile(t.replace('"formatVersion":1', '"formatVersion":2')), BACKUP_PASSPHRASE, 'newer-version'],
    ['the wrong passphrase', (t) => asFile(t), 'not the phrase', 'wrong-passphrase'],
    ['an edited payload byte', (t) => asFile(t.replace(/"payload":"(.{40})(.)/, (_m, head: string, c: string) => `"payload":"${head}${c === 'A' ? 'B' : 'A'}`)), BACKUP_PASSPHRASE, 'damaged'],
    ['an edited header (app version)', (t) => asFile(t.replace('"appVersion":"0.2.0"', '"appVersion":"9.9.9"')), BACKUP_PASSPHRASE, 'damaged'],
    ['a payload that is not base64', (t) => asFile(t.replace(/"payload":"[^"]*"/, '"payload":"%%%"')), BACKUP_PASSPHRASE, 'damaged'],
    ['a 200 MB file (refused before it is read)', () => ({ size: 200 * 1024 * 1024, text: () => Promise.reject(new Error('must not be read')) }), BACKUP_PASSPHRASE, 'too-large'],
  ];

  it.each(cases)('refuses %s with a clear reason, and the tablet is exactly as before', async (_name, damage, passphrase, code) => {
    const text = await backupText(await clinicWithData());
    const target = await freshVault();
    await createPatient(target, { code: 'KEEP-1', displayName: 'Kept', birthYear: null, sex: null, mrn: null }, 'k1', '2026-02-01T09:00:00.000Z');
    const before = await snapshot(target);
    const read = await readBackup(damage(text), passphrase, KNOWN);
    expect(read.ok ? 'ok' : read.error.code).toBe(code);
    expect(await snapshot(target)).toEqual(before);
  });

  it('names the limit for a file that is too large', async () => {
    const read = await readBackup({ size: MAX_BACKUP_BYTES + 1, text: () => Promise.resolve('') }, BACKUP_PASSPHRASE, KNOWN);
    expect(read.ok ? 'ok' : read.error).toEqual({ code: 'too-large', bytes: MAX_BACKUP_BYTES + 1, limit: MAX_BACKUP_BYTES });
  });

  it('names an instrument this version of the app does not know', async () => {
    const text = await backupText(await clinicWithData());
    const read = await readBackup(asFile(text), BACKUP_PASSPHRASE, [loadInstrument('shaps').definition]);
    expect(read.ok ? 'ok' : read.error).toEqual({ code: 'unknown-instrument', ids: ['phq-9'] });
  });

  it.each([
    ['an answer code the item does not offer', 'phq-9-3', 'sometimes', '"sometimes" is not an answer option of phq-9-3'],
    ['an item the instrument does not have', 'phq-9-99', 'not-at-all', 'phq-9 has no item "phq-9-99"'],
  ])('refuses the whole file when an assessment holds %s, naming it, and writes nothing', async (_what, itemId, code, named) => {
    const source = await clinicWithData();
    const made = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    if (!made.ok) throw new Error(made.error.code);
    const [first] = made.value.data.assessments;
    if (!first) throw new Error('no assessment');
    const answer = { code, answeredAt: '2026-01-01T09:02:00.000Z', durationMs: 1000 };
    await saveAnswer(source, first, 'phq-9', itemId, answer);
    const target = await freshVault();
    const before = await snapshot(target);
    const read = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    expect(read.ok ? 'ok' : read.error).toEqual({ code: 'invalid', detail: `assessment a1: ${named}` });
    expect(await snapshot(target)).toEqual(before);
  });

  it('carries each questionnaire’s recorded text (language, pack version and hash, reading) through backup and restore', async () => {
    const source = await clinicWithData();
    const read = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    if (!read.ok) throw new Error(read.error.code);
    expect(read.value.data.assessments.map((a) => a.texts['phq-9'])).toEqual([
      { language: 'en', version: '1.0.0', packHash: null, reading: 'respondent' },
      { language: 'en', version: '1.0.0', packHash: null, reading: 'respondent' },
    ]);
    const hash = 'b'.repeat(64);
    const edited = await editPayload(await backupText(source), (data) => {
      for (const a of data.assessments) a.texts = { 'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: hash, reading: 'clinician-read' } };
    });
    const withTexts = await readBackup(asFile(edited), BACKUP_PASSPHRASE, KNOWN);
    if (!withTexts.ok) throw new Error(withTexts.error.code);
    const target = await freshVault();
    await restoreBackup(target, withTexts.value, 'replace');
    const restored = await collectBackupData(target);
    expect(restored.ok && restored.value.assessments.map((a) => a.texts['phq-9']?.packHash)).toEqual([hash, hash]);
  });

  it('restores a file made by a tablet that stored finished answers as rows (before answer sets): the same data, now sealed inside each finished assessment', async () => {
    // As a build before answer sets left the tablet: the finished assessment's answers as one row each.
    const source = await clinicWithData();
    const packed = await collectBackupData(source);
    if (!packed.ok) throw new Error(packed.error.code);
    const a1 = packed.value.assessments.find((a) => a.id === 'a1')!;
    await source.db.assessments.put(await sealAssessmentAsVersion7(source.keys, a1));
    await source.db.answers.bulkPut(await Promise.all(Object.entries(a1.answers['phq-9'] ?? {}).map(([itemId, answer]) => sealAnswer(source.keys, 'a1', 'phq-9', itemId, answer))));
    const before = await snapshot(source);
    expect(before.data).toEqual(packed.value);
    expect(before.rows[2]).toBe(phq9.items.length);

    const read = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    if (!read.ok) throw new Error(read.error.code);
    const target = await freshVault();
    expect((await restoreBackup(target, read.value, 'replace')).ok).toBe(true);
    const after = await snapshot(target);
    expect(after.data).toEqual(packed.value);
    expect([after.rows[2], await target.db.answerSets.count()]).toEqual([0, 0]);
  });

  it('backs up a tablet that stored finished answers as an answer set (database versions 6–7): the same file as one with them inside', async () => {
    const source = await clinicWithData();
    const inside = await collectBackupData(source);
    if (!inside.ok) throw new Error(inside.error.code);
    const a1 = inside.value.assessments.find((a) => a.id === 'a1')!;
    await source.db.assessments.put(await sealAssessmentAsVersion7(source.keys, a1));
    await source.db.answerSets.put(await sealAnswerSetAsVersion7(source.keys, a1, a1.answers));
    expect((await snapshot(source)).data).toEqual(inside.value);

    const read = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    if (!read.ok) throw new Error(read.error.code);
    const target = await freshVault();
    // Merged into an empty tablet (the merge path; it keeps the tablet's own preferences).
    expect((await restoreBackup(target, read.value, 'merge')).ok).toBe(true);
    expect((await snapshot(target)).data.assessments).toEqual(inside.value.assessments);
    expect([await target.db.answers.count(), await target.db.answerSets.count()]).toEqual([0, 0]);
  });

  it('reads a file written before texts were recorded: each questionnaire in the assessment’s language, its pack not recorded', async () => {
    const old = await editPayload(await backupText(await clinicWithData()), (data) => {
      for (const a of data.assessments) delete a.texts;
    });
    const read = await readBackup(asFile(old), BACKUP_PASSPHRASE, KNOWN);
    expect(read.ok && read.value.data.assessments.map((a) => a.texts)).toEqual([
      { 'phq-9': { language: 'en', version: '1.0.0', packHash: null, reading: 'respondent' } },
      { 'phq-9': { language: 'en', version: '1.0.0', packHash: null, reading: 'respondent' } },
    ]);
  });

  it.each([
    ['a text for a questionnaire the assessment did not give', { shaps: { language: 'en', version: '1.0.0', packHash: null, reading: 'respondent' } }, 'assessment a1: a text for shaps, which the assessment does not include'],
    ['a text of another version', { 'phq-9': { language: 'en', version: '2.0.0', packHash: null, reading: 'respondent' } }, 'assessment a1: the phq-9 text is version 2.0.0, the instrument 1.0.0'],
  ])('refuses a file with %s, naming it', async (_what, texts, detail) => {
    const edited = await editPayload(await backupText(await clinicWithData()), (data) => {
      const first = data.assessments[0];
      if (first) first.texts = texts;
    });
    const read = await readBackup(asFile(edited), BACKUP_PASSPHRASE, KNOWN);
    expect(read.ok ? 'ok' : read.error).toEqual({ code: 'invalid', detail });
  });

  it('merges: adds new records, keeps the newer of two, keeps the tablet’s preferences, joins batteries', async () => {
    const source = await clinicWithData();
    const text = await backupText(source);
    const target = await freshVault();
    await createPatient(target, { code: 'OWN-1', displayName: null, birthYear: null, sex: null, mrn: null }, 'own', '2026-02-01T09:00:00.000Z');
    await savePreferences(target.db, { language: 'en', helpTexts: {}, inactivityMinutes: 10 });
    await saveCustomBatteries(target.db, [{ id: 'b9', name: 'Own', instrumentIds: ['shaps'] }]);
    const checked = await readBackup(asFile(text), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(checked.error.code);
    expect(await restoreBackup(target, checked.value, 'merge')).toEqual({ ok: true, value: { patients: 2, assessments: 2, kept: 0 } });
    // Merging the same file again changes nothing: every record is already there and not older.
    expect(await restoreBackup(target, checked.value, 'merge')).toEqual({ ok: true, value: { patients: 0, assessments: 0, kept: 4 } });
    const after = await snapshot(target);
    expect(after.data.patients.map((p) => p.code)).toEqual(['OWN-1', 'W7-001', 'W7-002']);
    expect(after.data.settings.preferences).toMatchObject({ inactivityMinutes: 10 });
    expect((after.data.settings.batteries as { id: string }[]).map((b) => b.id)).toEqual(['b9', 'b1']);
  });

  it('refuses a merge where one patient code belongs to a different patient on each side, changing nothing', async () => {
    const text = await backupText(await clinicWithData());
    const target = await freshVault();
    await createPatient(target, { code: 'w7-001', displayName: 'Someone else', birthYear: null, sex: null, mrn: null }, 'other', '2026-02-01T09:00:00.000Z');
    const before = await snapshot(target);
    const checked = await readBackup(asFile(text), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(checked.error.code);
    const merged = await restoreBackup(target, checked.value, 'merge');
    expect(merged.ok ? 'ok' : merged.error).toEqual({ code: 'code-conflict', codes: ['W7-001'] });
    expect(await snapshot(target)).toEqual(before);
  });

  it('replaces everything on the tablet with the file, keeping the tablet’s own passphrase', async () => {
    const text = await backupText(await clinicWithData());
    const target = await freshVault();
    await createPatient(target, { code: 'GONE-1', displayName: null, birthYear: null, sex: null, mrn: null }, 'gone', '2026-02-01T09:00:00.000Z');
    const checked = await readBackup(asFile(text), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(checked.error.code);
    await restoreBackup(target, checked.value, 'replace');
    expect((await snapshot(target)).data.patients.map((p) => p.code)).toEqual(['W7-001', 'W7-002']);
  });

  it('cannot be made without the clinician’s keys', async () => {
    const vault = await clinicWithData();
    const made = await createBackup({ db: vault.db, keys: { working: null, session: null } }, BACKUP_PASSPHRASE, meta, TEST_ITERATIONS);
    expect(made.ok ? 'ok' : made.error).toMatchObject({ code: 'storage', error: { code: 'locked' } });
  });
});

describe('backup and restore of parts left out as not applicable (CBI)', () => {
  const cbi = loadInstrument('cbi').definition;
  const WITH_CBI = [...KNOWN, cbi];

  /** The clinic, plus a CBI draft a3 for p1 that asks every part or leaves some out, with an answer to cbi-p1 and, asked or not, cbi-c1. */
  async function clinicWithCbi(notAsked: readonly string[], answerClient: boolean): Promise<Vault> {
    const vault = await clinicWithData();
    let a = startAssessment({ id: asAssessmentId('a3'), patientId: asPatientId('p1'), batteryName: 'Burnout', definitions: [cbi], mode: 'patient', language: 'en', now: '2026-01-03T09:00:00.000Z', notAsked: { cbi: notAsked } });
    await createAssessment(vault, a);
    for (const [itemId, code] of [['cbi-p1', 'often'], ...(answerClient ? [['cbi-c1', 'to-a-high-degree']] : [])] as const) {
      const answer = { code, answeredAt: '2026-01-03T09:01:00.000Z', durationMs: 2000 };
      a = recordAnswer(a, cbi, itemId, answer);
      await saveAnswer(vault, a, 'cbi', itemId, answer);
    }
    return vault;
  }

  /** Refuses the file, with this reason, and leaves a tablet that read it exactly as before. */
  async function expectRefused(text: string, detail: string) {
    const target = await freshVault();
    await createPatient(target, { code: 'KEEP-1', displayName: 'Kept', birthYear: null, sex: null, mrn: null }, 'k1', '2026-02-01T09:00:00.000Z');
    const before = await snapshot(target);
    const read = await readBackup(asFile(text), BACKUP_PASSPHRASE, WITH_CBI);
    expect(read.ok ? 'ok' : read.error).toEqual({ code: 'invalid', detail });
    expect(await snapshot(target)).toEqual(before);
  }

  it('carries the parts left out through backup and restore', async () => {
    const source = await clinicWithCbi(['client'], false);
    const checked = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, WITH_CBI);
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    expect(checked.value.data.assessments.find((a) => a.id === 'a3')?.instruments).toEqual([{ id: 'cbi', version: cbi.version, notAsked: ['client'] }]);
    const target = await freshVault();
    expect((await restoreBackup(target, checked.value, 'replace')).ok).toBe(true);
    const restored = (await snapshot(target)).data.assessments.find((a) => a.id === 'a3');
    expect([restored?.instruments, Object.keys(restored?.answers['cbi'] ?? {})]).toEqual([[{ id: 'cbi', version: cbi.version, notAsked: ['client'] }], ['cbi-p1']]);
  });

  it('refuses a file whose assessment answers an item of a part it says was left out, naming the item, and writes nothing', async () => {
    // Made with every part asked and cbi-c1 answered; the file then says the client part was not asked.
    const text = await backupText(await clinicWithCbi([], true));
    expect((await readBackup(asFile(text), BACKUP_PASSPHRASE, WITH_CBI)).ok).toBe(true);
    const tampered = await editPayload(text, (data) => {
      const a3 = data.assessments.find((a) => a['id'] === 'a3');
      if (a3) a3['instruments'] = [{ id: 'cbi', version: cbi.version, notAsked: ['client'] }];
    });
    await expectRefused(tampered, 'assessment a3: cbi-c1 is answered, but its part of cbi was left out as not applicable');
  });

  it('refuses a file naming a part the instrument does not have, and writes nothing', async () => {
    const text = await backupText(await clinicWithCbi([], false));
    const hobbies = await editPayload(text, (data) => {
      const a3 = data.assessments.find((a) => a['id'] === 'a3');
      if (a3) a3['instruments'] = [{ id: 'cbi', version: cbi.version, notAsked: ['hobbies'] }];
    });
    await expectRefused(hobbies, 'assessment a3: cbi has no part "hobbies" to leave out');
  });

  it('refuses a file leaving a part out of an instrument that has no parts', async () => {
    const text = await backupText(await clinicWithData());
    const edited = await editPayload(text, (data) => {
      const a1 = data.assessments.find((a) => a['id'] === 'a1');
      if (a1) a1['instruments'] = [{ id: 'phq-9', version: phq9.version, notAsked: ['client'] }];
    });
    await expectRefused(edited, 'assessment a1: phq-9 has no part "client" to leave out');
  });
});

describe('backup and restore of imported translation packs', () => {
  const meta5 = { instrumentId: 'phq-9', language: 'zh-CN', version: '1.0.0' };
  const older = editedPack((p) => (p.title = '[TEST PACK — not a translation] older'));

  /** A tablet with the test pack offered and an older zh-CN pack removed (kept for the assessments given in it). */
  async function clinicWithPacks(): Promise<Vault> {
    const vault = await clinicWithData();
    await savePack(vault.db, { text: older, ...meta5 }, '2026-02-01T09:00:00.000Z');
    await savePack(vault.db, { text: TEST_PACK_TEXT, ...meta5 }, '2026-02-02T09:00:00.000Z');
    return vault;
  }

  const packRows = async (vault: Vault) => {
    const rows = await listPackRecords(vault.db);
    if (!rows.ok) throw new Error(rows.error.code);
    return rows.value;
  };

  it('carries every pack, removed ones too, with its text exactly as imported', async () => {
    const source = await clinicWithPacks();
    const checked = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    const target = await freshVault();
    expect((await restoreBackup(target, checked.value, 'replace')).ok).toBe(true);
    expect(await packRows(target)).toEqual(await packRows(source));
    expect((await packRows(target)).map((r) => [r.hash, r.removedAt === null])).toEqual([[await sha256Hex(older), false], [TEST_PACK_HASH, true]]);
    expect((await snapshot(target)).data).toEqual((await snapshot(source)).data);
  });

  it.each([
    ['text that no longer matches its hash', (text: string) => text.replace('item 4', 'item four'), 'its text does not match its hash (changed or damaged)'],
    ['a missing item (hash recomputed)', () => editedPack((p) => delete p.items['phq-9-4']), 'Item phq-9-4 has no text'],
    ['another instrument version (hash recomputed)', () => editedPack((p) => (p.version = '2.0.0')), 'Written for version 2.0.0; this app has 1.0.0'],
  ])('refuses a backup holding a pack with %s, naming it, and changes nothing', async (_what, damage, named) => {
    const source = await clinicWithData();
    const text = damage(TEST_PACK_TEXT);
    const hash = named.startsWith('its text') ? TEST_PACK_HASH : await sha256Hex(text);
    await source.db.packs.put({ schemaVersion: 5, hash, ...meta5, text, importedAt: '2026-02-01T09:00:00.000Z', removedAt: null });
    const target = await freshVault();
    await savePack(target.db, { text: older, ...meta5 }, '2026-02-01T09:00:00.000Z');
    const before = await snapshot(target);
    const read = await readBackup(asFile(await backupText(source)), BACKUP_PASSPHRASE, KNOWN);
    expect(read.ok ? 'ok' : read.error).toEqual({ code: 'invalid', detail: `translation pack ${hash.slice(0, 12)}: ${named}` });
    expect(await snapshot(target)).toEqual(before);
  });

  it('merges: keeps the tablet’s packs and the one it offers; adds the file’s others, archived where the tablet already offers that language', async () => {
    const checked = await readBackup(asFile(await backupText(await clinicWithPacks())), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(checked.error.code);
    const target = await freshVault();
    const own = editedPack((p) => (p.title = '[TEST PACK — not a translation] own'));
    await savePack(target.db, { text: own, ...meta5 }, '2026-02-03T09:00:00.000Z');
    expect((await restoreBackup(target, checked.value, 'merge', '2026-03-01T10:00:00.000Z')).ok).toBe(true);
    const rows = await packRows(target);
    expect(rows.map((r) => [r.hash, r.removedAt])).toEqual([
      [await sha256Hex(older), '2026-02-02T09:00:00.000Z'],
      [TEST_PACK_HASH, '2026-03-01T10:00:00.000Z'],
      [await sha256Hex(own), null],
    ]);
  });

  it('keeps the tablet’s packs when a file from before packs replaces its data', async () => {
    const checked = await readBackup(asFile(await backupText(await clinicWithData())), BACKUP_PASSPHRASE, KNOWN);
    if (!checked.ok) throw new Error(checked.error.code);
    const target = await freshVault();
    await savePack(target.db, { text: TEST_PACK_TEXT, ...meta5 }, '2026-02-01T09:00:00.000Z');
    await markPackRemoved(target.db, TEST_PACK_HASH, '2026-02-02T09:00:00.000Z');
    const before = await packRows(target);
    expect((await restoreBackup(target, { ...checked.value, data: { ...checked.value.data, packs: null } }, 'replace')).ok).toBe(true);
    expect(await packRows(target)).toEqual(before);
    // A file that has packs (none) replaces them.
    expect((await restoreBackup(target, checked.value, 'replace')).ok).toBe(true);
    expect(await packRows(target)).toEqual([]);
  });
});
