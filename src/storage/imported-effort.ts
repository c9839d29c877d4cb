import type { ImportedEffort } from '../domain/imported-effort.ts';
import type { PatientId } from '../domain/ids.ts';
import { versionRoot } from '../domain/revision.ts';
import type { Result } from '../domain/result.ts';
import type { Assessment } from '../domain/assessment.ts';
import { listAssessmentsForPatient, sealAssessment } from './assessment-repository.ts';
import { attempt, type StorageError } from './storage-error.ts';
import type { Vault } from './vault.ts';

/**
 * Effort results pulled from the clinic's server (`fromEffortObservations`), each put on the imported assessment
 * with the same id (every pulled version of it: `versionRoot`) as `origin.effort`, in one transaction. Left as they are: an assessment made on this tablet (its
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
  let alreadyHere = 0;
  // A visit's results go on every version of it pulled here (a corrected visit's versions share its first id).
  const listed = await listAssessmentsForPatient(vault, patientId);
  if (!listed.ok) return listed;
  for (const { assessmentId, effort } of results) {
    const versions = listed.value.filter((a) => versionRoot(a) === assessmentId);
    if (versions.length === 0) missing.push(assessmentId);
    for (const assessment of versions) {
      if (assessment.origin && !assessment.origin.effort && assessment.effortTask === null) updated.push({ ...assessment, origin: { ...assessment.origin, effort } });
      else alreadyHere += 1;
    }
  }
  return attempt(async () => {
    // Sealed before the transaction: WebCrypto promises would end an IndexedDB transaction early.
    const records = await Promise.all(updated.map((a) => sealAssessment(vault.keys, a)));
    await vault.db.transaction('rw', vault.db.assessments, () => vault.db.assessments.bulkPut(records));
    return { stored: updated.length, alreadyHere, missing };
  });
}
