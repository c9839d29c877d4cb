import type { ImportedEffort } from '../domain/imported-effort.ts';
import { asAssessmentId, type PatientId } from '../domain/ids.ts';
import type { Result } from '../domain/result.ts';
import type { Assessment } from '../domain/assessment.ts';
import { getAssessment, sealAssessment } from './assessment-repository.ts';
import { attempt, type StorageError } from './storage-error.ts';
import type { Vault } from './vault.ts';

/**
 * Effort results pulled from the clinic's server (`fromEffortObservations`), each put on the imported assessment
 * with the same id as `origin.effort`, in one transaction. Left as they are: an assessment made on this tablet (its
 * own effort task is the record; it is never overwritten by what it once sent), and one that already has an
 * imported effort result. `missing`: results whose assessment this patient does not have here (its responses not
 * pulled yet: the tablet pushes the effort task apart from the questionnaires, or they could not be read); an
 * effort result never makes an assessment of its own (it would be a visit without a questionnaire).
 */
export async function attachImportedEfforts(
  vault: Vault,
  patientId: PatientId,
  results: readonly { readonly assessmentId: string; readonly effort: ImportedEffort }[],
): Promise<Result<{ readonly stored: number; readonly alreadyHere: number; readonly missing: readonly string[] }, StorageError>> {
  const missing: string[] = [];
  const updated: Assessment[] = [];
  for (const { assessmentId, effort } of results) {
    const found = await getAssessment(vault, asAssessmentId(assessmentId));
    if (!found.ok && found.error.code !== 'not-found') return found;
    const assessment = found.ok && found.value.patientId === patientId ? found.value : null;
    if (!assessment) missing.push(assessmentId);
    else if (assessment.origin && !assessment.origin.effort && assessment.effortTask === null) updated.push({ ...assessment, origin: { ...assessment.origin, effort } });
  }
  const alreadyHere = results.length - missing.length - updated.length;
  return attempt(async () => {
    // Sealed before the transaction: WebCrypto promises would end an IndexedDB transaction early.
    const records = await Promise.all(updated.map((a) => sealAssessment(vault.keys, a)));
    await vault.db.transaction('rw', vault.db.assessments, () => vault.db.assessments.bulkPut(records));
    return { stored: updated.length, alreadyHere, missing };
  });
}
