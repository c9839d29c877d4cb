import * as z from 'zod/mini';
import { textsRecordedBefore } from '../domain/assessment.ts';
import { assessmentSchema } from '../domain/assessment-schema.ts';
import { patientSchema } from '../domain/patient.ts';
import { err, ok, type Err, type Result } from '../domain/result.ts';
import type { AnswerSealed, AnswersSealed, AssessmentSealed, PatientSealed } from './records.ts';
import type { StorageError } from './storage-error.ts';

/**
 * One tolerant reader per kind of sealed payload (after Excalidraw's `data/restore.ts`): it takes whatever JSON a
 * row's ciphertext opened to, maps every older sealed version to the current one (each case says which build wrote
 * it), keeps fields it does not know (a newer build's; the repositories seal them back, so a read-modify-write by
 * this build does not drop them), and refuses what no build wrote as an `undecryptable` error value. AES-GCM has
 * already proved who wrote the bytes; the reader is what keeps an old or newer shape from reaching the domain as
 * if it were the current one. Readers return the payload without its version marker `v`.
 */

/** `v` as written: absent in version 1; any later version is a positive integer. */
const sealedVersionSchema = z.optional(z.int().check(z.positive()));

const assessment = assessmentSchema.shape;
const assessmentSealedSchema = z.looseObject({
  v: sealedVersionSchema,
  batteryName: assessment.batteryName,
  mode: assessment.mode,
  informantRelation: assessment.informantRelation,
  language: assessment.language,
  texts: z.optional(assessment.texts),
  results: assessment.results,
  qualityFlags: assessment.qualityFlags,
  alerts: assessment.alerts,
  alertsAcknowledgedAt: assessment.alertsAcknowledgedAt,
  effortTask: z.optional(assessment.effortTask),
  rewardTask: assessment.rewardTask,
  birthYear: assessment.birthYear,
  origin: assessment.origin,
  revision: assessment.revision,
  attribution: assessment.attribution,
});

const patient = patientSchema.shape;
const patientSealedSchema = z.looseObject({
  v: sealedVersionSchema,
  code: patient.code,
  displayName: patient.displayName,
  birthYear: patient.birthYear,
  sex: patient.sex,
  mrn: patient.mrn,
});

/** Every field this build knows on an assessment (clear, sealed or answers) and the version marker. */
const KNOWN_ASSESSMENT_FIELDS: ReadonlySet<string> = new Set([...Object.keys(assessmentSchema.shape), 'v']);
/** Every field this build knows on a patient, the version marker, and `deletedAt` (clear; backups add it). */
const KNOWN_PATIENT_FIELDS: ReadonlySet<string> = new Set([...Object.keys(patientSchema.shape), 'v', 'deletedAt']);

function unknownFields(value: object, known: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !known.has(key)));
}

/** The fields of an opened assessment that a newer build sealed and this one does not know: sealed back as found. */
export const unknownAssessmentFields = (a: object): Record<string, unknown> => unknownFields(a, KNOWN_ASSESSMENT_FIELDS);

/** The fields of an opened patient that a newer build sealed and this one does not know: sealed back as found. */
export const unknownPatientFields = (p: object): Record<string, unknown> => unknownFields(p, KNOWN_PATIENT_FIELDS);

function refused(kind: string, error: z.core.$ZodError): Err<StorageError> {
  const issue = error.issues[0];
  return err({ code: 'undecryptable', detail: `sealed ${kind} is not one this app wrote (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})` });
}

/**
 * Reads an assessment's sealed payload of any version. Version 1 has no `v` (every build before sealed versions,
 * and migration 0002 sealing version 1 rows at the first unlock); a later version than this build's is read as far
 * as its known fields go, its other fields kept. `instruments` are the row's own (in the clear): the instruments
 * given and their versions, which an older payload's texts are mapped from.
 */
export function restoreAssessmentSealed(raw: unknown, instruments: readonly { readonly id: string; readonly version: string }[]): Result<Omit<AssessmentSealed, 'v'>, StorageError> {
  const parsed = assessmentSealedSchema.safeParse(raw);
  if (!parsed.success) return refused('assessment', parsed.error);
  const d = parsed.data;
  // Version 4 (and any payload migration 0008 folded an answer set into): a completed assessment's answers, checked
  // by hand like an answer set's. Absent: a draft, or a payload whose answers are still in a set or rows.
  const answers = d['answers'] === undefined ? undefined : readAnswersSealed(d['answers']);
  if (answers && !answers.ok) return err({ code: 'undecryptable', detail: `sealed assessment is not one this app wrote (${answers.error})` });
  return ok({
    ...unknownAssessmentFields(d),
    batteryName: d.batteryName,
    mode: d.mode,
    informantRelation: d.informantRelation,
    language: d.language,
    // Versions 1 and 2 recorded one language for the whole assessment and no pack: each instrument was given in
    // that language (English: the only packs there were), read by the respondent, pack hash unknown (null). An
    // instrument a newer payload leaves out is read the same way.
    texts: { ...textsRecordedBefore(instruments, d.language), ...d.texts },
    results: d.results,
    qualityFlags: d.qualityFlags,
    alerts: d.alerts,
    alertsAcknowledgedAt: d.alertsAcknowledgedAt,
    // Version 1 payloads written before the effort task shipped (and by migration 0002) lack it: none was given.
    effortTask: d.effortTask ?? null,
    // Added without a new version: absent means no reward task was given.
    ...(d.rewardTask ? { rewardTask: d.rewardTask } : {}),
    // The birth year at the start (added without a new version: absent means recorded before it).
    ...(d.birthYear !== undefined ? { birthYear: d.birthYear } : {}),
    // Only on an assessment pulled from the clinic's server (added without a new version: absent means made here).
    ...(d.origin ? { origin: d.origin } : {}),
    // Only on a corrected version (added without a new version: absent means the visit's first version).
    ...(d.revision ? { revision: d.revision } : {}),
    // Who did what (added without a new version: absent means recorded before clinicians were named).
    ...(d.attribution ? { attribution: d.attribution } : {}),
    ...(answers ? { answers: answers.value } : {}),
  });
}

/**
 * Reads a patient's sealed payload of any version. Version 1 has no `v` (every build before sealed versions, and
 * migration 0002 sealing version 1 rows at the first unlock) and the same fields as version 2.
 */
export function restorePatientSealed(raw: unknown): Result<Omit<PatientSealed, 'v'>, StorageError> {
  const parsed = patientSealedSchema.safeParse(raw);
  if (!parsed.success) return refused('patient', parsed.error);
  const d = parsed.data;
  return ok({ ...unknownPatientFields(d), code: d.code, displayName: d.displayName, birthYear: d.birthYear, sex: d.sex, mrn: d.mrn });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an answer set's sealed payload (`answerSets`, version 6). Version 1 is the only one (written by migration
 * 0006 at an unlock and by completing an assessment, until migration 0008); a newer version is refused, since its
 * answers could mean something this build does not know.
 */
export function restoreAnswerSetSealed(raw: unknown): Result<AnswersSealed, StorageError> {
  const refuse = (where: string) => err<StorageError>({ code: 'undecryptable', detail: `sealed answer set is not one this app wrote (${where})` });
  if (!isRecord(raw) || raw['v'] !== 1) return refuse('v');
  const answers = readAnswersSealed(raw['answers']);
  return answers.ok ? answers : refuse(answers.error);
}

/**
 * Instrument id → item id → answer, checked by hand to the same rules as the domain's `answerRecordSchema` (a
 * non-empty code, a time, a duration ≥ 0; other fields of an answer dropped): the research export reads one per
 * assessment, and zod took as long as opening the ciphertext. The error value says where it failed.
 */
function readAnswersSealed(raw: unknown): Result<AnswersSealed, string> {
  if (!isRecord(raw)) return err('answers');
  const answers: Record<string, Record<string, AnswerSealed>> = {};
  for (const [instrumentId, items] of Object.entries(raw)) {
    if (!isRecord(items)) return err(`answers.${instrumentId}`);
    const read: Record<string, AnswerSealed> = {};
    for (const [itemId, a] of Object.entries(items)) {
      if (!isRecord(a)) return err(`answers.${instrumentId}.${itemId}`);
      const { code, answeredAt, durationMs } = a;
      if (typeof code !== 'string' || code === '' || typeof answeredAt !== 'string' || typeof durationMs !== 'number' || !(durationMs >= 0)) return err(`answers.${instrumentId}.${itemId}`);
      read[itemId] = { code, answeredAt, durationMs };
    }
    answers[instrumentId] = read;
  }
  return ok(answers);
}
