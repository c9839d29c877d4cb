import type { Assessment } from '../domain/assessment.ts';
import type { Battery } from '../domain/battery.ts';
import type { Result } from '../domain/result.ts';
import { sealAssessment } from './assessment-repository.ts';
import { BATTERIES_KEY } from './settings-repository.ts';
import { attempt, type StorageError } from './storage-error.ts';
import type { Vault } from './vault.ts';

/**
 * Stores a new draft assessment in one transaction with what starting it changes: the clinic's saved batteries
 * (when the clinician saved a new one; null leaves them alone) and the patient's last activity (the patient list
 * shows recent patients first). All or nothing: a failure leaves no half-started assessment and no orphan battery.
 */
export async function storeStartedAssessment(
  vault: Vault,
  assessment: Assessment,
  batteries: readonly Battery[] | null,
  now: string,
): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    // Seal first: WebCrypto promises would end an IndexedDB transaction early.
    const record = await sealAssessment(vault.keys, assessment);
    const { db } = vault;
    await db.transaction('rw', db.assessments, db.patients, db.settings, async () => {
      if (batteries) await db.settings.put({ key: BATTERIES_KEY, value: batteries });
      await db.assessments.add(record);
      await db.patients.update(assessment.patientId, { updatedAt: now });
    });
  });
}
