import { z } from 'zod';
import type { PatientId } from './ids.ts';
import { err, ok, type Result } from './result.ts';

/** A patient as the clinic knows them locally: a pseudonymous code, and only what norms and export need. */
export type Patient = {
  readonly id: PatientId;
  /** The pseudonymous code staff use to find the patient (unique among active patients). */
  readonly code: string;
  readonly displayName: string | null;
  readonly birthYear: number | null;
  readonly sex: 'female' | 'male' | 'other' | null;
  readonly mrn: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

export type PatientInputError = 'code-required' | 'code-too-long' | 'birth-year-out-of-range' | 'text-too-long';

/** What a clinician types into the "new patient" form, before checks. */
export type PatientInput = {
  readonly code: string;
  readonly displayName?: string;
  readonly birthYear?: string;
  readonly sex?: string;
  readonly mrn?: string;
};

const sexSchema = z.enum(['female', 'male', 'other']);

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
