import type { Assessment } from '../domain/assessment.ts';
import type { Result } from '../domain/result.ts';
import { fromBase64, openJson, sealJson, toBase64 } from './crypto-envelope.ts';
import { sealAssessment, touchPatient } from './assessment-repository.ts';
import { sealLabel } from './records.ts';
import { attempt, type StorageError } from './storage-error.ts';
import { requireWorkingKeys, type Vault } from './vault.ts';

/**
 * Stores assessments pulled from the clinic's server (`assembleImportedVisits`) or made by a correction, sealed like
 * the tablet's own (completed: the answers sealed inside each, `sealAssessment`), in one transaction: an id the tablet already holds (its own, or pulled before) is left as it is, never overwritten.
 * Moves the patient's last activity to the newest. Returns how many were stored and how many were already here.
 */
export async function storeImportedAssessments(
  vault: Vault,
  assessments: readonly Assessment[],
): Promise<Result<{ readonly stored: number; readonly alreadyHere: number }, StorageError>> {
  const { db } = vault;
  return attempt(async () => {
    // Sealed before the transaction: WebCrypto promises would end an IndexedDB transaction early.
    const sealed = await Promise.all(
      assessments.map(async (a) => {
        // Only completed visits are pulled or corrected; a draft's answers would need rows, which this never writes.
        if (a.status !== 'completed') throw new Error(`assessment ${a.id} is ${a.status}: only completed assessments are imported`);
        return { assessment: a, record: await sealAssessment(vault.keys, a) };
      }),
    );
    return db.transaction('rw', db.assessments, db.patients, async () => {
      const present = new Set((await db.assessments.bulkGet(sealed.map((s) => s.assessment.id))).flatMap((r) => (r ? [r.id] : [])));
      const fresh = sealed.filter((s) => !present.has(s.assessment.id));
      await db.assessments.bulkAdd(fresh.map((s) => s.record));
      for (const s of fresh) if (s.assessment.completedAt) await touchPatient(vault, s.assessment.patientId, s.assessment.completedAt);
      return { stored: fresh.length, alreadyHere: sealed.length - fresh.length };
    });
  });
}

/**
 * Where the last pull of a patient's visits stopped on the server (the server's address, its Patient id, and the
 * pull client's cursor), sealed with the record key: which server record a local patient is is personal.
 */
export type PullMark = {
  readonly server: string;
  readonly serverPatientId: string;
  readonly cursor: { readonly lastUpdated: string; readonly atCursor: readonly string[] } | null;
  /** The effort-task Observations' own cursor (absent: a mark from before they were pulled; pull them all). */
  readonly effortCursor?: { readonly lastUpdated: string; readonly atCursor: readonly string[] } | null;
};

const pullMarkKey = (patientId: string) => `pull-mark/${patientId}`;

export async function readPullMark(vault: Vault, patientId: string): Promise<Result<PullMark | null, StorageError>> {
  const key = pullMarkKey(patientId);
  return attempt(async () => {
    const row = await vault.db.settings.get(key);
    const bytes = typeof row?.value === 'string' ? fromBase64(row.value) : null;
    if (!bytes) return null;
    const opened = await openJson(requireWorkingKeys(vault.keys).data, bytes, sealLabel.setting(key));
    // Unreadable (another tablet's backup, damaged): start the pull from the beginning; imports never duplicate.
    return opened.ok ? (opened.value as PullMark) : null;
  });
}

export async function savePullMark(vault: Vault, patientId: string, mark: PullMark): Promise<Result<void, StorageError>> {
  const key = pullMarkKey(patientId);
  return attempt(async () => {
    const sealed = await sealJson(requireWorkingKeys(vault.keys).data, mark, sealLabel.setting(key));
    await vault.db.settings.put({ key, value: toBase64(sealed) });
  });
}

