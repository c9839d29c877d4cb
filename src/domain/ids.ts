/** Branded ids: a PatientId can never be passed where an AssessmentId is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type PatientId = Brand<string, 'PatientId'>;
export type AssessmentId = Brand<string, 'AssessmentId'>;

/** Ids come in from outside the domain (crypto.randomUUID in the app, a counter in tests). */
export type NewId = () => string;

export const asPatientId = (id: string): PatientId => id as PatientId;
export const asAssessmentId = (id: string): AssessmentId => id as AssessmentId;

/** The clock and id source the app hands to screens and repositories (the domain never reads them itself). */
export type Environment = { readonly now: () => string; readonly newId: NewId };
