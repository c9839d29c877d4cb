import type { AdministrationMode, AssessmentStatus } from '../domain/assessment.ts';
import type { QualityFlag } from '../domain/quality-flags.ts';
import type { ScoreResult } from '../domain/score-assessment.ts';

/**
 * Persisted shapes. Each carries `schemaVersion`; a change to any of them is a new Dexie version with a frozen,
 * numbered migration in ./migrations. Repositories convert between these and domain types.
 */
export type PatientRecord = {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly code: string;
  /** Lower-cased code for look-up and uniqueness. */
  readonly codeKey: string;
  readonly displayName: string | null;
  readonly birthYear: number | null;
  readonly sex: 'female' | 'male' | 'other' | null;
  readonly mrn: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
};

export type AssessmentRecord = {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly patientId: string;
  readonly batteryName: string;
  readonly instruments: readonly { readonly id: string; readonly version: string }[];
  readonly mode: AdministrationMode;
  readonly informantRelation: string | null;
  readonly language: string;
  readonly status: AssessmentStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | null;
  readonly results: Readonly<Record<string, ScoreResult>> | null;
  readonly qualityFlags: Readonly<Record<string, readonly QualityFlag[]>>;
  readonly alerts: readonly { readonly instrumentId: string; readonly flag: string }[];
  readonly alertsAcknowledgedAt: string | null;
};

/** One answer, its own row so that saving it writes only it (plus the assessment's timestamp). */
export type AnswerRow = {
  readonly schemaVersion: 1;
  readonly assessmentId: string;
  readonly instrumentId: string;
  readonly itemId: string;
  readonly code: string;
  readonly answeredAt: string;
  readonly durationMs: number;
};

export type SettingRecord = { readonly key: string; readonly value: unknown };
