import type { AdministeredText, AdministrationMode, AssessmentStatus } from '../domain/assessment.ts';
import type { AssessmentOrigin, AssessmentRevision, Attribution } from '../domain/assessment-schema.ts';
import type { PushFailure } from '../domain/ehr-push.ts';
import type { EffortTaskRecord } from '../domain/effort-task/task-record.ts';
import type { RewardTaskRecord } from '../domain/prt/task-record.ts';
import type { QualityFlag } from '../domain/quality-flags.ts';
import type { ScoreResult } from '../domain/score-assessment.ts';

/**
 * Persisted shapes (version 2: encrypted at rest). Only what a query or an index needs stays in the clear: random
 * ids, timestamps, instrument ids and versions, status, a keyed hash of the patient code, and whether an
 * assessment has a safety alert still open (`AssessmentRecord.alertOpen`). Everything else is
 * in `sealed` (see crypto-envelope.ts), opened with the key named by `keyId`: `data` (the clinic's record key),
 * `inbox` (sealed to the clinic's inbox public key by patient mode; only between a hand-over and taking the tablet
 * back) or `session:<uuid>` (an earlier build's hand-over key, likewise). A change to any shape is a new Dexie version with a numbered migration.
 */
export type DataKeyId = 'data' | 'inbox' | `session:${string}`;

export type PatientRecord = {
  readonly schemaVersion: 2;
  readonly id: string;
  /** HMAC of the lower-cased code: uniqueness and exact look-up without storing the code. */
  readonly codeHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
  readonly keyId: DataKeyId;
  readonly sealed: Uint8Array;
};

/**
 * Sealed JSON payloads carry their own version `v`, apart from the row's `schemaVersion` (a Dexie version changes
 * indexes; a sealed version changes only what is inside the ciphertext, so it needs no migration). Writing always
 * writes the current version; reading goes through one tolerant reader per kind (`sealed-readers.ts`), which maps
 * every older version. Version 1 is every payload without `v` (written before sealed payloads were versioned).
 */
export const PATIENT_SEALED_VERSION = 2;

export type PatientSealed = {
  readonly v: typeof PATIENT_SEALED_VERSION;
  readonly code: string;
  readonly displayName: string | null;
  readonly birthYear: number | null;
  readonly sex: 'female' | 'male' | 'other' | null;
  readonly mrn: string | null;
};

export type AssessmentRecord = {
  readonly schemaVersion: 2;
  readonly id: string;
  readonly patientId: string;
  readonly instruments: readonly { readonly id: string; readonly version: string; readonly notAsked?: readonly string[] }[];
  readonly status: AssessmentStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | null;
  /**
   * In the clear, deliberately, and indexed with `status` (version 4): 1 while the sealed `alerts` hold a safety
   * alert no clinician has acknowledged (`hasUnacknowledgedAlert`), else 0; written by `sealAssessment` in the same
   * put as them. A number because IndexedDB cannot index booleans. It lets the patients screen open only the few
   * assessments with an open alert instead of every one (issue 8: 10 000 assessments). The price is one bit
   * readable without the passphrase: that this (pseudonymous) assessment has an open alert; which alert, the
   * answers and the acknowledgement stay sealed. Only 0 ever rules a row out: rows written before the field
   * existed (earlier builds, and version 1 rows sealed by migration 0002 at the first unlock) lack it; while any
   * row of a status lacks it, the alerts list reads every row of that status, opens those not marked 0 and flags
   * the unflagged (`listUnacknowledgedAlerts`). Not authenticated, like `status`: whoever can write the database
   * could hide a row from the alerts list, as they already could by changing `status` or deleting the row; the
   * sealed alerts still show on the assessment itself.
   */
  readonly alertOpen?: 0 | 1;
  readonly keyId: DataKeyId;
  readonly sealed: Uint8Array;
};

/**
 * See `PATIENT_SEALED_VERSION`. Version 2 always holds `effortTask` (version 1 may lack it); version 3 adds `texts`
 * (versions 1 and 2 lack it: the reader maps them, see `restoreAssessmentSealed`); version 4 holds a completed
 * assessment's `answers` (older ones keep them in an answer set or rows, until an unlock folds them in: migration
 * 0008, which adds `answers` to a payload of any version and leaves its `v`).
 */
export const ASSESSMENT_SEALED_VERSION = 4;

/** Instrument id → item id → the answer: an answer set's, and a completed assessment's sealed `answers`. */
export type AnswersSealed = Readonly<Record<string, Readonly<Record<string, AnswerSealed>>>>;

export type AssessmentSealed = {
  readonly v: typeof ASSESSMENT_SEALED_VERSION;
  readonly batteryName: string;
  readonly mode: AdministrationMode;
  readonly informantRelation: string | null;
  readonly language: string;
  /**
   * Instrument id → the text it was given in (language, pack version and hash, reading). Sealed: a patient's
   * language says something about them. Version 3; older payloads are read as `textsRecordedBefore`.
   */
  readonly texts: Readonly<Record<string, AdministeredText>>;
  readonly results: Readonly<Record<string, ScoreResult>> | null;
  readonly qualityFlags: Readonly<Record<string, readonly QualityFlag[]>>;
  readonly alerts: readonly { readonly instrumentId: string; readonly flag: string }[];
  readonly alertsAcknowledgedAt: string | null;
  /**
   * The effort task's record, when the battery included it. Added after schema version 2 shipped: sealed version 1
   * values written before it lack the field, which the reader maps to null (no Dexie index changes, so no migration).
   */
  readonly effortTask: EffortTaskRecord | null;
  /** The reward task's record (added without a new version: absent means none was given). */
  readonly rewardTask?: RewardTaskRecord | null;
  /** The patient's birth year at the start, for scores converted by age group (added without a new version: absent means not recorded). */
  readonly birthYear?: number | null;
  /** Only on an assessment pulled from the clinic's FHIR server (see `AssessmentOrigin`); absent: made on this tablet. */
  readonly origin?: AssessmentOrigin;
  /** Only on a corrected version (see `AssessmentRevision`); absent: the visit's first version. */
  readonly revision?: AssessmentRevision;
  /** Who did what (see `Attribution`); absent: recorded before clinicians were named. */
  readonly attribution?: Attribution;
  /**
   * A completed assessment's answers (version 4), so that opening it is one decryption: present on every completed
   * assessment this build seals, absent on drafts (one `AnswerRow` per answer) and on older payloads not yet folded.
   */
  readonly answers?: AnswersSealed;
};

/** One answer, its own row so that saving it writes only it (plus its assessment). */
export type AnswerRow = {
  readonly schemaVersion: 2;
  readonly assessmentId: string;
  readonly instrumentId: string;
  readonly itemId: string;
  readonly keyId: DataKeyId;
  readonly sealed: Uint8Array;
};

export type AnswerSealed = { readonly code: string; readonly answeredAt: string; readonly durationMs: number };

/**
 * Every answer of a completed assessment, sealed as one value (version 6, `answerSets`), as builds between
 * migrations 0006 and 0008 stored them. No longer written: a completed assessment's answers are now sealed inside
 * the assessment itself (`AssessmentSealed.answers`), and an unlock folds what sets are left into their assessments
 * (migration 0008); readers take every shape meanwhile. In the clear: the assessment id, its patient's id and the key id.
 */
export type AnswerSetRecord = {
  readonly schemaVersion: 6;
  readonly assessmentId: string;
  readonly patientId: string;
  readonly keyId: 'data';
  readonly sealed: Uint8Array;
};

/** See `PATIENT_SEALED_VERSION`; read by `restoreAnswerSetSealed`. */
export const ANSWER_SET_SEALED_VERSION = 1;

export type AnswerSetSealed = {
  readonly v: typeof ANSWER_SET_SEALED_VERSION;
  /** Instrument id → item id → the answer, as each `AnswerRow` held it. */
  readonly answers: AnswersSealed;
};

/** Settings are not personal data (language, help text, batteries, the wrapped keys) and stay readable when locked. */
export type SettingRecord = { readonly key: string; readonly value: unknown };

/**
 * One assessment waiting to be, or already, sent to the EHR (version 3). One row per assessment: enqueueing it again
 * replaces the row; an assessment's risk flags have a row of their own, keyed `<assessment id>/risk-flags`. In the clear: ids, timestamps, the state and the attempt count (what the outbox list shows);
 * sealed: the transaction Bundles and whatever the server answered, which may echo identifiers such as the MRN.
 */
export type OutboxState = 'pending' | 'sent' | 'failed';

export type OutboxRecord = {
  readonly schemaVersion: 3;
  readonly id: string;
  readonly assessmentId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly state: OutboxState;
  /** Pushes tried since the row was (re)enqueued. */
  readonly attempts: number;
  /** When the server last accepted every Bundle; null until then. */
  readonly sentAt: string | null;
  readonly keyId: DataKeyId;
  readonly sealed: Uint8Array;
};

export type OutboxSealed = {
  /** FHIR `transaction` Bundles (JSON), sent in order. */
  readonly bundles: readonly unknown[];
  /** Why the last push failed, as the push client reported it (the server's OperationOutcome kept whole). */
  readonly lastError: PushFailure | null;
  /** `entry.response.location` of every resource the server accepted (`Patient/1/_history/1` …). */
  readonly locations: readonly string[];
};

/**
 * One imported translation pack (version 5), in the clear: licensed wording, not patient data, and patient mode
 * reads it without keys. `hash` is the SHA-256 (hex) of `text`, the file exactly as imported. A removed pack keeps
 * its row (`removedAt`), so an assessment given in it still shows its words; at most one row per instrument and
 * language has `removedAt` null (the import marks the one it replaces).
 */
export type PackRecord = {
  readonly schemaVersion: 5;
  readonly hash: string;
  readonly instrumentId: string;
  readonly language: string;
  readonly version: string;
  readonly text: string;
  readonly importedAt: string;
  readonly removedAt: string | null;
};

/** One line of the audit log (migration 0007): the time in the clear for order, the entry sealed. */
export type AuditRecord = { readonly schemaVersion: 7; readonly id: string; readonly at: string; readonly keyId: 'data'; readonly sealed: Uint8Array };

/** Where a sealed value lives; authenticated with it so it cannot be moved to another row. */
export const sealLabel = {
  patient: (id: string) => `patients/${id}`,
  assessment: (id: string) => `assessments/${id}`,
  answer: (assessmentId: string, instrumentId: string, itemId: string) => `answers/${assessmentId}/${instrumentId}/${itemId}`,
  answerSet: (assessmentId: string) => `answer-sets/${assessmentId}`,
  outbox: (id: string) => `outbox/${id}`,
  setting: (key: string) => `settings/${key}`,
  audit: (id: string) => `audit/${id}`,
  handoverEffortTask: (assessmentId: string) => `handover/${assessmentId}/effort-task`,
  handoverRewardTask: (assessmentId: string) => `handover/${assessmentId}/reward-task`,
};
