import type { EffortTaskDevice } from './effort-task/task-record.ts';

/** Branded ids: a PatientId can never be passed where an AssessmentId is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type PatientId = Brand<string, 'PatientId'>;
export type AssessmentId = Brand<string, 'AssessmentId'>;

/** Ids come in from outside the domain (crypto.randomUUID in the app, a counter in tests). */
export type NewId = () => string;

export const asPatientId = (id: string): PatientId => id as PatientId;
export const asAssessmentId = (id: string): AssessmentId => id as AssessmentId;

/**
 * Everything outside the code that the app's actions read: clock, ids, randomness, network, build facts. The app
 * builds one (`src/app/environment.ts`); tests build their own (`tests/support/environment.ts`). Nothing in
 * domain, storage, workflows or screens reads `Date.now`, `crypto.randomUUID` or `window.fetch` itself.
 */
export type Environment = {
  /** The current time as an ISO 8601 string (stored timestamps). */
  readonly now: () => string;
  /** The current time in epoch milliseconds (throttles, the effort task's timing). */
  readonly nowMs: () => number;
  /** A new random id (UUID in the app). */
  readonly newId: NewId;
  /** A fresh 32-bit seed for seeded randomness (the effort task's schedule). */
  readonly newSeed: () => number;
  /** The network, for the clinic's FHIR server only (the CSP allows nothing else). */
  readonly fetch: typeof globalThis.fetch;
  /** This build's version (FHIR Provenance, backups). */
  readonly appVersion: string;
  /** The FHIR server origins this build's Content-Security-Policy allows (`MP_FHIR_ORIGINS`). */
  readonly fhirOrigins: readonly string[];
  /** The authorization server origins (SMART token endpoints) the CSP also allows (`MP_AUTH_ORIGINS`); absent: none. */
  readonly authOrigins?: readonly string[];
  /** The device's screen, pointer and user agent, recorded with the effort task (timing differs by device). */
  readonly device: () => EffortTaskDevice;
};
