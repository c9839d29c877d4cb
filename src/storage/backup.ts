import { z } from 'zod';
import * as zm from 'zod/mini';
import { askedItems, notAskedOf, textsRecordedBefore } from '../domain/assessment.ts';
import { assessmentSchema, type Assessment } from '../domain/assessment-schema.ts';
import { effortTaskRecordSchema } from '../domain/effort-task/task-record.ts';
import { rewardTaskRecordSchema } from '../domain/prt/task-record.ts';
import { patientSchema, type Patient } from '../domain/patient.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { openAssessment, sealAnswer, sealAssessment } from './assessment-repository.ts';
import { derivePassphraseBits, equalBytes, fromBase64, importSealingKey, openBytes, PBKDF2_ITERATIONS, randomBytes, sealBytes, toBase64 } from './crypto-envelope.ts';
import { openPatient, patientCodeHash, sealPatient } from './patient-repository.ts';
import type { AnswerRow, AssessmentRecord, AuditRecord, PatientRecord } from './records.ts';
import { PATIENT_CODE_SYSTEM_KEY, readCustomBatteries } from './settings-repository.ts';
import { attempt, type StorageError } from './storage-error.ts';
import { requireWorkingKeys, type Vault } from './vault.ts';
import type { InstrumentDefinition, TranslationPackText } from '../domain/instrument-schema.ts';
import { shortHash } from '../domain/imported-packs.ts';
import { checkPackText, describePackProblem } from '../domain/translation-pack.ts';
import { sha256Hex } from './crypto-envelope.ts';
import type { PackRecord } from './records.ts';
import type { AuditEntry } from '../domain/clinician.ts';
import { actorSchema } from '../domain/assessment-schema.ts';
import { readAuditLog, sealAuditRow } from './audit-log.ts';

/**
 * Encrypted backup files: everything needed to rebuild a tablet (patients, assessments with raw answers,
 * preferences, batteries, imported translation packs), never the keys. The file is JSON: a small clear header and one AES-256-GCM sealed
 * payload under a key derived from a backup passphrase (PBKDF2-SHA-256, 600 000 iterations). The header is
 * authenticated with the payload, so an edited header does not open. A second derived value, `check`, tells a
 * wrong passphrase apart from a damaged file.
 *
 * Reading validates everything before anything is written; restoring writes in one transaction.
 */
export const BACKUP_FORMAT = 'motivation-profile-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** The largest file accepted, checked before it is read: about 25 000 assessments. */
export const MAX_BACKUP_BYTES = 100 * 1024 * 1024;

/**
 * Upgrades from each older format version to the next, applied in order. Format 1 is the first released
 * format, so there is nothing to upgrade yet; format 2 adds `2: (v1) => v2` here, with a fixture test.
 */
const UPGRADES: Readonly<Record<number, (data: unknown) => unknown>> = {};

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  appVersion: z.string(),
  createdAt: z.string(),
  kdf: z.object({ name: z.literal('PBKDF2-SHA-256'), salt: z.string(), iterations: z.number().int().min(1000).max(10_000_000) }),
  check: z.string(),
  payload: z.string(),
});
type Header = z.infer<typeof headerSchema>;

// The domain's own schemas (zod/mini), extended with what only a backup holds or checks.
const backupPatientSchema = zm.extend(patientSchema, { deletedAt: zm.nullable(zm.string()) });
const backupAssessmentSchema = zm.extend(assessmentSchema, {
  instruments: assessmentSchema.shape.instruments.check(zm.minLength(1)),
  // A file comes from outside the tablet: its effort task is checked in depth. Absent from files written before
  // the effort task existed.
  effortTask: zm.optional(zm.nullable(effortTaskRecordSchema)),
  // Checked in depth too; absent from files written before the reward task existed.
  rewardTask: zm.optional(zm.nullable(rewardTaskRecordSchema)),
  // Absent from files written before each instrument's text was recorded: read as `textsRecordedBefore`.
  texts: zm.optional(assessmentSchema.shape.texts),
});
/** An imported translation pack as stored: the file's text exactly as imported, so its hash can be checked. */
const backupPackSchema = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
  text: z.string(),
  importedAt: z.string(),
  removedAt: z.string().nullable(),
});
/** One audit-log line as the administrator reads it (see `AuditEntry`), with its id. */
const backupAuditSchema = z.object({
  id: z.string().min(1),
  at: z.string(),
  actor: actorSchema,
  action: z.string().min(1),
  patientId: z.string().optional(),
  assessmentId: z.string().optional(),
  instrumentId: z.string().optional(),
  detail: z.string().optional(),
});
const dataSchema = z.object({
  patients: z.array(backupPatientSchema),
  assessments: z.array(backupAssessmentSchema),
  // patientCodeSystem: absent from files written before each clinic had its own (still format 1).
  settings: z.object({ preferences: z.unknown(), batteries: z.unknown(), patientCodeSystem: z.string().min(1).nullable().optional() }),
  // Absent from files written before translation packs could be imported (still format 1: an older app reading a
  // newer file leaves the packs out, as it has no use for them).
  packs: z.array(backupPackSchema).optional(),
  // Absent from files written before the audit log existed (still format 1).
  audit: z.array(backupAuditSchema).optional(),
});
type BackupPatient = z.infer<typeof backupPatientSchema>;
export type BackupPack = z.infer<typeof backupPackSchema>;
/** What a backup holds: patients (with their deletion mark) and assessments as the domain knows them. */
export type BackupData = {
  readonly patients: readonly BackupPatient[];
  readonly assessments: readonly Assessment[];
  /** `patientCodeSystem`: the clinic's identifier system for patient codes on FHIR (null or absent: none yet). */
  readonly settings: { readonly preferences: unknown; readonly batteries: unknown; readonly patientCodeSystem?: string | null };
  /** The tablet's imported translation packs, removed ones included; null for a file from before packs existed. */
  readonly packs: readonly BackupPack[] | null;
  /** The tablet's audit log (lines that opened); null for a file from before the log existed. */
  readonly audit: readonly (AuditEntry & { readonly id: string })[] | null;
};

export type BackupError =
  | { readonly code: 'too-large'; readonly bytes: number; readonly limit: number }
  | { readonly code: 'not-a-backup' }
  | { readonly code: 'newer-version'; readonly found: number; readonly supported: number }
  | { readonly code: 'wrong-passphrase' }
  | { readonly code: 'damaged' }
  | { readonly code: 'invalid'; readonly detail: string }
  | { readonly code: 'unknown-instrument'; readonly ids: readonly string[] }
  | { readonly code: 'code-conflict'; readonly codes: readonly string[] }
  | { readonly code: 'too-short' }
  | { readonly code: 'storage'; readonly error: StorageError };

/** A backup that has been opened and checked in full, ready to restore. */
export type CheckedBackup = { readonly header: Omit<Header, 'payload' | 'check' | 'kdf'>; readonly data: BackupData };

export type RestoreMode = 'replace' | 'merge';
export type RestoreSummary = { readonly patients: number; readonly assessments: number; readonly kept: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Everything the header says, in a fixed order: authenticated with the payload. */
function headerLabel(h: Omit<Header, 'payload' | 'check'>): string {
  return JSON.stringify([h.format, h.formatVersion, h.appVersion, h.createdAt, h.kdf.name, h.kdf.salt, h.kdf.iterations]);
}

async function deriveBackupKeys(passphrase: string, salt: Uint8Array, iterations: number): Promise<{ key: CryptoKey; check: Uint8Array }> {
  const bits = await derivePassphraseBits(passphrase, salt, iterations, 512);
  return { key: await importSealingKey(bits.subarray(0, 32)), check: bits.slice(32) };
}

/** Reads everything on the tablet (clinician keys needed) into backup data, sorted by id. */
export async function collectBackupData(vault: Vault): Promise<Result<BackupData, StorageError>> {
  const { db } = vault;
  return attempt(async () => {
    requireWorkingKeys(vault.keys);
    const [patients, assessments, answers, sets, packs] = await db.transaction('r', [db.patients, db.assessments, db.answers, db.answerSets, db.packs], () =>
      Promise.all([db.patients.toArray(), db.assessments.toArray(), db.answers.toArray(), db.answerSets.toArray(), db.packs.toArray()]),
    );
    const byAssessment = new Map<string, AnswerRow[]>();
    for (const row of answers) {
      const list = byAssessment.get(row.assessmentId);
      if (list) list.push(row);
      else byAssessment.set(row.assessmentId, [row]);
    }
    const setOf = new Map(sets.map((s) => [s.assessmentId, s]));
    const openedPatients = await Promise.all(patients.map(async (r) => ({ ...(await openPatient(vault.keys, r)), deletedAt: r.deletedAt })));
    // Every shape: a completed assessment's answers sealed inside it, or in an answer set or rows an unlock has not
    // folded yet; a draft's rows.
    const openedAssessments = await Promise.all(assessments.map((r) => openAssessment(vault.keys, r, byAssessment.get(r.id) ?? [], setOf.get(r.id))));
    const [preferences, batteries, codeSystem] = await Promise.all(['preferences', 'batteries', PATIENT_CODE_SYSTEM_KEY].map((key) => db.settings.get(key)));
    const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const data: BackupData = {
      patients: openedPatients.sort(byId),
      assessments: openedAssessments.sort(byId),
      settings: { preferences: preferences?.value ?? null, batteries: batteries?.value ?? null, patientCodeSystem: typeof codeSystem?.value === 'string' ? codeSystem.value : null },
      packs: packs.map(({ hash, text, importedAt, removedAt }) => ({ hash, text, importedAt, removedAt })).sort((a, b) => (a.hash < b.hash ? -1 : 1)),
      audit: [...(await readAuditLogOrThrow(vault))].reverse(),
    };
    return data;
  });
}

/** Every audit line that opens, newest first (a storage failure fails the backup). */
async function readAuditLogOrThrow(vault: Vault): Promise<readonly (AuditEntry & { readonly id: string })[]> {
  const read = await readAuditLog(vault);
  if (!read.ok) throw new Error(`the audit log does not read: ${read.error.code}`);
  return read.value.entries;
}

/** Makes the backup file's text. `iterations` is lowered only by tests. */
export async function createBackup(
  vault: Vault,
  passphrase: string,
  meta: { readonly appVersion: string; readonly now: string },
  iterations = PBKDF2_ITERATIONS,
): Promise<Result<string, BackupError>> {
  if (passphrase.length < 6) return err({ code: 'too-short' });
  const data = await collectBackupData(vault);
  if (!data.ok) return err({ code: 'storage', error: data.error });
  const salt = randomBytes(16);
  const { key, check } = await deriveBackupKeys(passphrase, salt, iterations);
  const head = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, appVersion: meta.appVersion, createdAt: meta.now, kdf: { name: 'PBKDF2-SHA-256', salt: toBase64(salt), iterations } } as const;
  const payload = await sealBytes(key, encoder.encode(JSON.stringify(data.value)), headerLabel(head));
  const file: Header = { ...head, check: toBase64(check), payload: toBase64(payload) };
  return ok(JSON.stringify(file));
}

/**
 * Opens and checks a backup file in full without writing anything: size, format, version (upgrading older
 * ones step by step), passphrase, integrity, structure, references and instruments.
 */
export async function readBackup(
  file: { readonly size: number; readonly text: () => Promise<string> },
  passphrase: string,
  instruments: readonly InstrumentDefinition[],
): Promise<Result<CheckedBackup, BackupError>> {
  if (file.size > MAX_BACKUP_BYTES) return err({ code: 'too-large', bytes: file.size, limit: MAX_BACKUP_BYTES });
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    // Not JSON at all (another file, or cut short): the message names that, the parser's detail adds nothing.
    return err({ code: 'not-a-backup' });
  }
  const header = headerSchema.safeParse(json);
  if (!header.success) return err({ code: 'not-a-backup' });
  const h = header.data;
  if (h.formatVersion > BACKUP_FORMAT_VERSION) return err({ code: 'newer-version', found: h.formatVersion, supported: BACKUP_FORMAT_VERSION });
  const salt = fromBase64(h.kdf.salt);
  const check = fromBase64(h.check);
  const payload = fromBase64(h.payload);
  if (!salt || !check || !payload) return err({ code: 'damaged' });
  const keys = await deriveBackupKeys(passphrase, salt, h.kdf.iterations);
  if (!equalBytes(keys.check, check)) return err({ code: 'wrong-passphrase' });
  const opened = await openBytes(keys.key, payload, headerLabel(h));
  if (!opened.ok) return err({ code: 'damaged' });
  let data: unknown;
  try {
    data = JSON.parse(decoder.decode(opened.value));
  } catch {
    // Authenticated but not JSON: written by something that is not this app.
    return err({ code: 'damaged' });
  }
  for (let version = h.formatVersion + 1; version <= BACKUP_FORMAT_VERSION; version += 1) {
    const upgrade = UPGRADES[version];
    if (upgrade) data = upgrade(data);
  }
  const parsed = dataSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({ code: 'invalid', detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}` });
  }
  const checked: BackupData = { ...parsed.data, assessments: parsed.data.assessments.map(toAssessment), packs: parsed.data.packs ?? null, audit: (parsed.data.audit ?? null) as BackupData['audit'] };
  const definitions = new Map(instruments.map((d) => [d.id, d]));
  const references = checkReferences(checked, new Set(definitions.keys()));
  if (!references.ok) return references;
  const answers = checkAnswers(checked, definitions);
  if (!answers.ok) return answers;
  const packs = await checkPacks(checked.packs ?? [], definitions);
  if (!packs.ok) return packs;
  const { format, formatVersion, appVersion, createdAt } = h;
  return ok({ header: { format, formatVersion, appVersion, createdAt }, data: checked });
}

function checkReferences(data: BackupData, known: ReadonlySet<string>): Result<void, BackupError> {
  const patientIds = new Set(data.patients.map((p) => p.id));
  if (patientIds.size !== data.patients.length) return err({ code: 'invalid', detail: 'a patient id appears twice' });
  if (new Set(data.assessments.map((a) => a.id)).size !== data.assessments.length) return err({ code: 'invalid', detail: 'an assessment id appears twice' });
  const orphan = data.assessments.find((a) => !patientIds.has(a.patientId));
  if (orphan) return err({ code: 'invalid', detail: `assessment ${orphan.id} refers to patient ${orphan.patientId}, who is not in the file` });
  const unknown = [...new Set(data.assessments.flatMap((a) => a.instruments.map((i) => i.id)).filter((id) => !known.has(id)))];
  if (unknown.length > 0) return err({ code: 'unknown-instrument', ids: unknown.sort() });
  const active = data.patients.filter((p) => p.deletedAt === null).map((p) => p.code.trim().toLowerCase());
  const twice = active.filter((code, i) => active.indexOf(code) !== i);
  if (twice.length > 0) return err({ code: 'code-conflict', codes: [...new Set(twice)] });
  return ok(undefined);
}

/**
 * Every answer in the file against the instrument definitions: each assessment's instruments in the version this
 * app scores, answers only for instruments the assessment gave, known item ids, and option codes valid for that
 * item. The first bad value refuses the whole file, named, before anything is written.
 */
function checkAnswers(data: BackupData, definitions: ReadonlyMap<string, InstrumentDefinition>): Result<void, BackupError> {
  const invalid = (detail: string) => err<BackupError>({ code: 'invalid', detail });
  for (const a of data.assessments) {
    for (const given of a.instruments) {
      const def = definitions.get(given.id);
      if (def && def.version !== given.version) return invalid(`assessment ${a.id}: ${given.id} version ${given.version} is not the version this app scores (${def.version})`);
      const unknownPart = (given.notAsked ?? []).find((part) => !def?.parts?.some((p) => p.id === part));
      if (unknownPart !== undefined) return invalid(`assessment ${a.id}: ${given.id} has no part "${unknownPart}" to leave out`);
    }
    for (const [instrumentId, text] of Object.entries(a.texts)) {
      const given = a.instruments.find((i) => i.id === instrumentId);
      if (!given) return invalid(`assessment ${a.id}: a text for ${instrumentId}, which the assessment does not include`);
      if (text.version !== given.version) return invalid(`assessment ${a.id}: the ${instrumentId} text is version ${text.version}, the instrument ${given.version}`);
    }
    for (const [instrumentId, items] of Object.entries(a.answers)) {
      const def = definitions.get(instrumentId);
      if (!def || !a.instruments.some((i) => i.id === instrumentId)) return invalid(`assessment ${a.id}: answers for ${instrumentId}, which the assessment does not include`);
      for (const [itemId, answer] of Object.entries(items)) {
        const item = def.items.find((i) => i.id === itemId);
        if (!item) return invalid(`assessment ${a.id}: ${instrumentId} has no item "${itemId}"`);
        if (!askedItems(def, notAskedOf(a, instrumentId)).includes(item)) return invalid(`assessment ${a.id}: ${itemId} is answered, but its part of ${instrumentId} was left out as not applicable`);
        if (!def.optionSets[item.optionSet]?.options.includes(answer.code)) return invalid(`assessment ${a.id}: "${answer.code}" is not an answer option of ${itemId}`);
      }
    }
  }
  return ok(undefined);
}

/**
 * Every translation pack in the file as strictly as an import checks one: its text hashes to its hash, and it is a
 * complete pack of an instrument version this app scores; at most one is offered per instrument and language. The
 * first bad pack refuses the whole file, named by its short hash, instrument and language.
 */
async function checkPacks(packs: readonly BackupPack[], definitions: ReadonlyMap<string, InstrumentDefinition>): Promise<Result<void, BackupError>> {
  const offered = new Set<string>();
  const seen = new Set<string>();
  for (const pack of packs) {
    const invalid = (why: string) => err<BackupError>({ code: 'invalid', detail: `translation pack ${shortHash(pack.hash)}: ${why}` });
    if (seen.has(pack.hash)) return invalid('appears twice');
    seen.add(pack.hash);
    if ((await sha256Hex(pack.text)) !== pack.hash) return invalid('its text does not match its hash (changed or damaged)');
    let json: unknown;
    try {
      json = JSON.parse(pack.text);
    } catch {
      return invalid('its text is not JSON');
    }
    const checked = checkPackText((id) => definitions.get(id), json);
    if (!checked.ok) return invalid(checked.error.map(describePackProblem).join('; '));
    const language = `${checked.value.instrument} ${checked.value.language}`;
    if (pack.removedAt === null && offered.has(language)) return invalid(`a second pack offered for ${language}`);
    if (pack.removedAt === null) offered.add(language);
  }
  return ok(undefined);
}

/** The stored row of a checked pack; `removedAt` overrides the file's (a merge may keep it from being offered). */
function toPackRecord(pack: BackupPack, removedAt: string | null = pack.removedAt): PackRecord {
  // Checked by `checkPacks` before anything is written.
  const text = JSON.parse(pack.text) as TranslationPackText;
  return { schemaVersion: 5, hash: pack.hash, instrumentId: text.instrument, language: text.language, version: text.version, text: pack.text, importedAt: pack.importedAt, removedAt };
}

function toPatient(p: BackupPatient): Patient {
  return { id: p.id, code: p.code, displayName: p.displayName, birthYear: p.birthYear, sex: p.sex, mrn: p.mrn, createdAt: p.createdAt, updatedAt: p.updatedAt };
}

function toAssessment(a: z.infer<typeof backupAssessmentSchema>): Assessment {
  // As the sealed reader does: an instrument without a recorded text was given in the assessment's language, its
  // pack not recorded.
  return { ...a, texts: { ...textsRecordedBefore(a.instruments, a.language), ...a.texts }, effortTask: a.effortTask ?? null };
}

/**
 * Writes a checked backup in one transaction. `replace` makes the tablet's data exactly the file's (keys and
 * passphrase stay; translation packs too, unless the file predates them). `merge` adds what is new and, where a
 * record exists on both sides, keeps the more recently updated one; the tablet's own preferences and translation
 * packs stay, batteries are joined, and the file's other packs are added (archived as removed at `now` where the
 * tablet already offers a pack in that language). A patient code used by a different active patient on each side
 * is refused, naming the codes, and nothing is written.
 */
export async function restoreBackup(vault: Vault, backup: CheckedBackup, mode: RestoreMode, now: string = new Date().toISOString()): Promise<Result<RestoreSummary, BackupError>> {
  const { db } = vault;
  const sealed = await attempt(async () => {
    // Restored data goes under the record key, whatever hand-over may be running.
    const keys = { working: requireWorkingKeys(vault.keys), session: null };
    const patients = await Promise.all(backup.data.patients.map((p) => sealPatient(keys, toPatient(p), p.deletedAt)));
    const assessments = await Promise.all(
      backup.data.assessments.map(async (a) => {
        const record = await sealAssessment(keys, a);
        // Stored as the app stores it: a completed assessment's answers sealed inside it, a draft's as rows.
        if (a.status === 'completed') return { record, rows: [] };
        const rows = await Promise.all(
          Object.entries(a.answers).flatMap(([instrumentId, items]) => Object.entries(items).map(([itemId, answer]) => sealAnswer(keys, a.id, instrumentId, itemId, answer))),
        );
        return { record, rows };
      }),
    );
    const codeOf = new Map(await Promise.all(backup.data.patients.map(async (p) => [await patientCodeHash(keys, p.code), p.code] as const)));
    const audit = await Promise.all((backup.data.audit ?? []).map(({ id, ...entry }) => sealAuditRow(keys, id, entry)));
    return { patients, assessments, codeOf, audit };
  });
  if (!sealed.ok) return err({ code: 'storage', error: sealed.error });
  const { patients, assessments, codeOf, audit } = sealed.value;

  const batteries = await readCustomBatteries(db);
  if (!batteries.ok) return err({ code: 'storage', error: batteries.error });
  const written = await attempt(() =>
    db.transaction('rw', [db.patients, db.assessments, db.answers, db.answerSets, db.settings, db.outbox, db.packs, db.audit], async (): Promise<Result<RestoreSummary, BackupError>> => {
      if (mode === 'replace') {
        if (backup.data.packs !== null) {
          await db.packs.clear();
          await db.packs.bulkAdd(backup.data.packs.map((p) => toPackRecord(p)));
        }
        return addAuditLines(vault, audit, await replaceAll(vault, patients, assessments, backup.data.settings));
      }
      const merged = await mergeInto(vault, patients, assessments, codeOf, batteries.value, backup.data.settings.batteries);
      if (merged.ok) await mergePacks(vault, backup.data.packs ?? [], now);
      // A tablet keeps its own patient-code system (its exports already use it); one with none takes the clinic's.
      const fileSystem = backup.data.settings.patientCodeSystem;
      if (merged.ok && fileSystem && !(await db.settings.get(PATIENT_CODE_SYSTEM_KEY))) await db.settings.put({ key: PATIENT_CODE_SYSTEM_KEY, value: fileSystem });
      return addAuditLines(vault, audit, merged);
    }),
  );
  if (!written.ok) return err({ code: 'storage', error: written.error });
  return written.value;
}

/**
 * After a restore that went through: the audit log is append-only whatever the mode, so the file's lines this
 * tablet lacks are added and none is removed. A refused restore adds none (it changes nothing).
 */
async function addAuditLines<T, E>(vault: Vault, rows: readonly AuditRecord[], done: Result<T, E>): Promise<Result<T, E>> {
  if (!done.ok) return done;
  const have = new Set((await vault.db.audit.bulkGet(rows.map((r) => r.id))).flatMap((r) => (r ? [r.id] : [])));
  await vault.db.audit.bulkAdd(rows.filter((r) => !have.has(r.id)));
  return done;
}

type SealedAssessment = { readonly record: AssessmentRecord; readonly rows: readonly AnswerRow[] };

async function replaceAll(vault: Vault, patients: readonly PatientRecord[], assessments: readonly SealedAssessment[], settings: BackupData['settings']) {
  const { db } = vault;
  // The EHR outbox holds exports of the assessments being replaced: none of them may be sent afterwards.
  await Promise.all([db.patients.clear(), db.assessments.clear(), db.answers.clear(), db.answerSets.clear(), db.outbox.clear()]);
  await db.patients.bulkAdd([...patients]);
  await db.assessments.bulkAdd(assessments.map((a) => a.record));
  await db.answers.bulkAdd(assessments.flatMap((a) => a.rows));
  if (settings.preferences !== null) await db.settings.put({ key: 'preferences', value: settings.preferences });
  if (settings.batteries !== null) await db.settings.put({ key: 'batteries', value: settings.batteries });
  if (settings.patientCodeSystem) await db.settings.put({ key: PATIENT_CODE_SYSTEM_KEY, value: settings.patientCodeSystem });
  return ok({ patients: patients.length, assessments: assessments.length, kept: 0 });
}

/** Adds the file's packs the tablet lacks; one the tablet would then offer twice in a language is kept archived only. */
async function mergePacks(vault: Vault, packs: readonly BackupPack[], now: string): Promise<void> {
  const { db } = vault;
  const rows = await db.packs.toArray();
  const have = new Set(rows.map((r) => r.hash));
  const offered = new Set(rows.filter((r) => r.removedAt === null).map((r) => `${r.instrumentId} ${r.language}`));
  for (const pack of packs.filter((p) => !have.has(p.hash))) {
    const record = toPackRecord(pack);
    const language = `${record.instrumentId} ${record.language}`;
    const clash = record.removedAt === null && offered.has(language);
    if (record.removedAt === null) offered.add(language);
    await db.packs.add(clash ? { ...record, removedAt: now } : record);
  }
}

async function mergeInto(
  vault: Vault,
  patients: readonly PatientRecord[],
  assessments: readonly SealedAssessment[],
  codeOf: ReadonlyMap<string, string>,
  ownBatteries: readonly { id: string }[],
  fileBatteries: unknown,
): Promise<Result<RestoreSummary, BackupError>> {
  const { db } = vault;
  const existing = new Map((await db.patients.bulkGet(patients.map((p) => p.id))).flatMap((r) => (r ? [[r.id, r] as const] : [])));
  const conflicts: string[] = [];
  for (const p of patients.filter((r) => r.deletedAt === null)) {
    const sameCode = await db.patients.where('codeHash').equals(p.codeHash).toArray();
    if (sameCode.some((r) => r.id !== p.id && r.deletedAt === null)) conflicts.push(codeOf.get(p.codeHash) ?? p.id);
  }
  if (conflicts.length > 0) return err({ code: 'code-conflict' as const, codes: conflicts });
  const newerPatients = patients.filter((p) => (existing.get(p.id)?.updatedAt ?? '') < p.updatedAt || !existing.has(p.id));
  await db.patients.bulkPut([...newerPatients]);

  const current = new Map((await db.assessments.bulkGet(assessments.map((a) => a.record.id))).flatMap((r) => (r ? [[r.id, r] as const] : [])));
  const newer = assessments.filter((a) => !current.has(a.record.id) || (current.get(a.record.id)?.updatedAt ?? '') < a.record.updatedAt);
  for (const a of newer) {
    await db.answers.where('assessmentId').equals(a.record.id).delete();
    await db.answerSets.delete(a.record.id);
    await db.assessments.put(a.record);
    await db.answers.bulkPut([...a.rows]);
  }
  const incoming = z.array(z.object({ id: z.string() }).loose()).safeParse(fileBatteries);
  if (incoming.success) {
    const ids = new Set(ownBatteries.map((b) => b.id));
    await db.settings.put({ key: 'batteries', value: [...ownBatteries, ...incoming.data.filter((b) => !ids.has(b.id))] });
  }
  const kept = patients.length - newerPatients.length + assessments.length - newer.length;
  return ok({ patients: newerPatients.length, assessments: newer.length, kept });
}
