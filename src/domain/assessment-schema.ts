import * as z from 'zod/mini';
import type { EffortTaskRecord } from './effort-task/task-record.ts';
import type { RewardTaskRecord } from './prt/task-record.ts';
import { asAssessmentId, asPatientId } from './ids.ts';
import { importedEffortSchema } from './imported-effort.ts';
import { readActor, type Actor } from './clinician.ts';
import type { ScoreResult } from './score-assessment.ts';

/**
 * The assessment as a runtime validator that is also its type (tldraw's tlschema). Storage reads sealed rows and
 * backups through it, so a stored shape and the domain type cannot drift apart. `zod/mini`, because the storage
 * that reads assessments is on the start page; two parts are checked only shallowly here for that reason:
 * - `effortTask` and `rewardTask` are objects; `effortTaskRecordSchema` (full zod, loaded lazily) checks it in depth where the
 *   data comes from outside the tablet (backups extend this schema with it);
 * - each score result is an object: the engine's own output with its provenance, kept as written, never re-derived.
 */
export const assessmentStatusSchema = z.enum(['draft', 'completed', 'discarded']);
export type AssessmentStatus = z.infer<typeof assessmentStatusSchema>;

/** Who keys the answers in: the patient on a handed-over tablet, or the clinician (interview, informant). */
export const administrationModeSchema = z.enum(['patient', 'clinician']);
export type AdministrationMode = z.infer<typeof administrationModeSchema>;

const isPlainObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One answer as given (see `AnswerRecord`): a semantic code, when, and how long the item was shown (ms). */
export const answerRecordSchema = z.object({ code: z.string().check(z.minLength(1)), answeredAt: z.string(), durationMs: z.number().check(z.nonnegative()) });

export const qualityFlagSchema = z.union([
  z.object({ code: z.literal('straightLining'), option: z.string() }),
  z.object({ code: z.literal('tooFast'), items: z.readonly(z.array(z.string())) }),
]);

export const assessmentAlertSchema = z.object({ instrumentId: z.string(), flag: z.string() });

/**
 * How the respondent met an instrument's text: `respondent` when they read it (or heard it read) as written, in its
 * language; `clinician-read` when the tablet had no text in the patient's language and the clinician read the items
 * aloud, interpreting them into it (the assessment's `language`), and keyed the answers in. An interpreted
 * administration is not the validated instrument in that language: exports and reports say so.
 */
export const textReadingSchema = z.enum(['respondent', 'clinician-read']);
export type TextReading = z.infer<typeof textReadingSchema>;

/**
 * The text an instrument was actually given in: its translation pack's language, version (= the instrument's
 * version) and SHA-256 hash (null: not recorded, assessments stored before packs were recorded), and the reading.
 */
export const administeredTextSchema = z.object({
  language: z.string().check(z.minLength(1)),
  version: z.string(),
  packHash: z.nullable(z.string()),
  reading: textReadingSchema,
});
export type AdministeredText = z.infer<typeof administeredTextSchema>;

/**
 * Where an assessment came from when another tablet of the clinic gave it, pulled from the clinic's FHIR server: the
 * server, when it was pulled, each instrument's QuestionnaireResponse (resource id and version), and every score the
 * server stated that differs from this tablet's re-score of the same answers (never trusted; shown on the result).
 * Imported assessments are read-only and never pushed back.
 */
export const assessmentOriginSchema = z.object({
  server: z.string(),
  pulledAt: z.string(),
  responses: z.readonly(z.array(z.object({ instrumentId: z.string(), resourceId: z.nullable(z.string()), versionId: z.nullable(z.string()) }))),
  mismatches: z.readonly(
    z.array(z.object({ instrumentId: z.string(), key: z.string(), source: z.string(), reported: z.number(), engine: z.nullable(z.number()) })),
  ),
  /** The effort task's result as the server holds it (parameters, no trials): see `ImportedEffort`. */
  effort: z.optional(importedEffortSchema),
});
export type AssessmentOrigin = z.infer<typeof assessmentOriginSchema>;

/**
 * A corrected version of a completed assessment (issue 18, point 4). Completed assessments are never overwritten: a
 * correction is a new assessment record, the next version of the same visit, and every version is kept.
 * - `root`: the first version's id, which names the visit everywhere (FHIR identifiers `<root>/<instrument>`);
 * - `number`: 2, 3, … (the first version has no `revision`); the highest number is the visit's current version;
 * - `kind`: `amended` (a wrong answer corrected, re-scored) or `entered-in-error` (given to the wrong patient, or
 *   entered in error: out of the profile, trend and report, kept in the history with its reason);
 * - `reason`, the clinician's `note`, when (`at`) and by whom (`by`: "" = a clinician of this clinic; a name when
 *   the server's Provenance gives one), and which instruments' answers `changed`.
 */
export const revisionReasonSchema = z.enum(['wrong-answer', 'wrong-patient', 'entered-in-error']);
export type RevisionReason = z.infer<typeof revisionReasonSchema>;
export const assessmentRevisionSchema = z.object({
  root: z.string().check(z.minLength(1)),
  number: z.number().check(z.int(), z.gte(2)),
  kind: z.enum(['amended', 'entered-in-error']),
  reason: revisionReasonSchema,
  note: z.string(),
  at: z.string(),
  by: z.string(),
  changed: z.readonly(z.array(z.string())),
});
export type AssessmentRevision = z.infer<typeof assessmentRevisionSchema>;

/**
 * Who did what to this visit on this tablet (issue 19), each recorded with the data it made or changed: who
 * `startedBy` it, keyed in each clinician-entered instrument's answers (`enteredBy`: instrument id → the clinician
 * who saved its last answer), took the tablet back, acknowledged its alerts, made this version (a correction).
 * Absent on assessments recorded before clinicians were named, and on those pulled from the server.
 */
export const actorSchema = z.custom<Actor>((value) => readActor(value) !== undefined);
export const attributionSchema = z.object({
  startedBy: z.optional(actorSchema),
  enteredBy: z.optional(z.readonly(z.record(z.string(), actorSchema))),
  takenBackBy: z.optional(actorSchema),
  acknowledgedBy: z.optional(actorSchema),
  correctedBy: z.optional(actorSchema),
});
export type Attribution = z.infer<typeof attributionSchema>;

/** One administration of a battery to one patient (FHIR: one QuestionnaireResponse per instrument). */
export const assessmentSchema = z.object({
  id: z.pipe(z.string().check(z.minLength(1)), z.transform(asAssessmentId)),
  patientId: z.pipe(z.string().check(z.minLength(1)), z.transform(asPatientId)),
  batteryName: z.string(),
  /**
   * Instrument ids and the versions they were given in, in order, with the parts the clinician left out as not
   * applicable (`notAsked`, instrument.json `parts`; absent: every part asked). In the row's clear list, as the
   * instruments are: patient mode must know which items to ask after a reload.
   */
  instruments: z.readonly(z.array(z.object({ id: z.string(), version: z.string(), notAsked: z.optional(z.readonly(z.array(z.string()))) }))),
  mode: administrationModeSchema,
  /** For informant versions (AES-I): the informant's relation to the patient. */
  informantRelation: z.nullable(z.string()),
  /** The language the patient reads, chosen at the start (each instrument's own text is in `texts`). */
  language: z.string(),
  /** Instrument id → the text it was given in (see `AdministeredText`), one per instrument given. */
  texts: z.readonly(z.record(z.string(), administeredTextSchema)),
  status: assessmentStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.nullable(z.string()),
  /** Instrument id → item id → answer. */
  answers: z.readonly(z.record(z.string(), z.readonly(z.record(z.string(), answerRecordSchema)))),
  /** Scored on completion; recomputable from the answers. */
  results: z.nullable(z.readonly(z.record(z.string(), z.custom<ScoreResult>(isPlainObject)))),
  qualityFlags: z.readonly(z.record(z.string(), z.readonly(z.array(qualityFlagSchema)))),
  /** Safety alert flags raised by any answer (e.g. PHQ-9 item 9), kept until a clinician acknowledges them. */
  alerts: z.readonly(z.array(assessmentAlertSchema)),
  alertsAcknowledgedAt: z.nullable(z.string()),
  /** The optional effort-based decision task (a research measure), given after the questionnaires. */
  effortTask: z.nullable(z.custom<EffortTaskRecord>(isPlainObject)),
  /**
   * The optional Probabilistic Reward Task (a research measure), given after the effort task. Added without a new
   * sealed version: absent (every record written before it) means none was given.
   */
  rewardTask: z.optional(z.nullable(z.custom<RewardTaskRecord>(isPlainObject))),
  /** The patient's birth year when the visit started, for scores converted by age group (absent: recorded before it). */
  birthYear: z.optional(z.nullable(z.int())),
  /** Set only on an assessment pulled from the clinic's FHIR server (absent: made on this tablet). */
  origin: z.optional(assessmentOriginSchema),
  /** Set only on a corrected version (see `assessmentRevisionSchema`; absent: the visit's first version). */
  revision: z.optional(assessmentRevisionSchema),
  /** Who did what on this tablet (see `attributionSchema`; absent: recorded before clinicians were named). */
  attribution: z.optional(attributionSchema),
});
export type Assessment = Readonly<z.infer<typeof assessmentSchema>>;
