import type { Patient, PatientInput, PatientInputError } from '../domain/patient.ts';
import { validatePatientInput } from '../domain/patient.ts';
import { err, type Result } from '../domain/result.ts';
import { createPatient } from '../storage/patient-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** Why a patient was not added: field problems (shown beside each input), or storage (a used code is `conflict`). */
export type AddPatientFailure =
  | { readonly kind: 'invalid'; readonly fields: Partial<Record<keyof PatientInput, PatientInputError | 'conflict'>> }
  | { readonly kind: 'storage'; readonly error: StorageError };

/** "New patient": checks what the clinician typed, then stores the patient sealed; a code in use is refused. */
export async function addPatient(ctx: Pick<WorkflowContext, 'vault' | 'env'>, input: PatientInput): Promise<Result<Patient, AddPatientFailure>> {
  const { vault, env } = ctx;
  const checked = validatePatientInput(input, new Date(env.nowMs()).getUTCFullYear());
  if (!checked.ok) return err({ kind: 'invalid', fields: checked.error });
  const saved = await createPatient(vault, checked.value, env.newId(), env.now());
  if (saved.ok) return saved;
  return err(saved.error.code === 'conflict' ? { kind: 'invalid', fields: { code: 'conflict' } } : { kind: 'storage', error: saved.error });
}
