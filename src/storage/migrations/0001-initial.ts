/**
 * Version 1 (frozen): patients, assessments, answers (one row per answer) and settings, all in plaintext.
 * Never edit a released migration; add the next numbered file instead. The row shapes are kept here, frozen, so
 * that later migrations can read version 1 data without depending on live code.
 */
export const migration0001 = {
  version: 1,
  stores: {
    patients: 'id, codeKey, updatedAt',
    assessments: 'id, [patientId+createdAt], status, updatedAt',
    answers: '[assessmentId+instrumentId+itemId], assessmentId',
    settings: 'key',
  },
} as const;

export type PatientRowV1 = {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly code: string;
  readonly codeKey: string;
  readonly displayName: string | null;
  readonly birthYear: number | null;
  readonly sex: 'female' | 'male' | 'other' | null;
  readonly mrn: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
};

export type AssessmentRowV1 = {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly patientId: string;
  readonly batteryName: string;
  readonly instruments: readonly { readonly id: string; readonly version: string }[];
  readonly mode: string;
  readonly informantRelation: string | null;
  readonly language: string;
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | null;
  readonly results: unknown;
  readonly qualityFlags: unknown;
  readonly alerts: unknown;
  readonly alertsAcknowledgedAt: string | null;
};

export type AnswerRowV1 = {
  readonly schemaVersion: 1;
  readonly assessmentId: string;
  readonly instrumentId: string;
  readonly itemId: string;
  readonly code: string;
  readonly answeredAt: string;
  readonly durationMs: number;
};

/** The version 1 clinic lock: a PBKDF2-SHA-256 verifier of the passphrase (no data key existed). */
export type ClinicLockV1 = {
  readonly salt: string;
  readonly iterations: number;
  readonly verifier: string;
  readonly failures: number;
  readonly lastFailureAt: number | null;
};
