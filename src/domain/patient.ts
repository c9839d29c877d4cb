import * as z from 'zod/mini';
import { asPatientId } from './ids.ts';
import { err, ok, type Result } from './result.ts';

const sexSchema = z.enum(['female', 'male', 'other']);

/**
 * A patient as the clinic knows them locally: a pseudonymous code, and only what norms and export need. A runtime
 * validator that is also the type: storage reads sealed rows and backups through it. `zod/mini`, as storage is on
 * the start page.
 */
export const patientSchema = z.object({
  id: z.pipe(z.string().check(z.minLength(1)), z.transform(asPatientId)),
  /** The pseudonymous code staff use to find the patient (unique among active patients). */
  code: z.string().check(z.minLength(1)),
  displayName: z.nullable(z.string()),
  birthYear: z.nullable(z.int()),
  sex: z.nullable(sexSchema),
  mrn: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Patient = Readonly<z.infer<typeof patientSchema>>;

export type PatientInputError = 'code-required' | 'code-too-long' | 'birth-year-out-of-range' | 'text-too-long';

/** What a clinician types into the "new patient" form, before checks. */
export type PatientInput = {
  readonly code: string;
  readonly displayName?: string;
  readonly birthYear?: string;
  readonly sex?: string;
  readonly mrn?: string;
};

/**
 * Checks and normalises a new patient's details. `currentYear` comes in from outside (no clock in the domain).
 * Returns every problem by field, so the form can show each next to its input.
 */
export function validatePatientInput(
  input: PatientInput,
  currentYear: number,
): Result<Omit<Patient, 'id' | 'createdAt' | 'updatedAt'>, Partial<Record<keyof PatientInput, PatientInputError>>> {
  const problems: Partial<Record<keyof PatientInput, PatientInputError>> = {};
  const code = input.code.trim();
  if (code === '') problems.code = 'code-required';
  else if (code.length > 40) problems.code = 'code-too-long';
  const displayName = input.displayName?.trim() ?? '';
  if (displayName.length > 100) problems.displayName = 'text-too-long';
  const mrn = input.mrn?.trim() ?? '';
  if (mrn.length > 60) problems.mrn = 'text-too-long';
  const yearText = input.birthYear?.trim() ?? '';
  const birthYear = yearText === '' ? null : Number(yearText);
  if (birthYear !== null && (!Number.isInteger(birthYear) || birthYear < currentYear - 120 || birthYear > currentYear)) {
    problems.birthYear = 'birth-year-out-of-range';
  }
  const sex = sexSchema.safeParse(input.sex);
  if (Object.keys(problems).length > 0) return err(problems);
  return ok({
    code,
    displayName: displayName === '' ? null : displayName,
    birthYear,
    sex: sex.success ? sex.data : null,
    mrn: mrn === '' ? null : mrn,
  });
}
