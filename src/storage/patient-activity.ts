import { ok, type Result } from '../domain/result.ts';
import { attempt, type StorageError } from './storage-error.ts';
import type { Vault } from './vault.ts';

/** Where a patient is today, for the patient list: an assessment not finished, one completed since the day began. */
export type PatientActivity = { readonly unfinished: boolean; readonly completedToday: boolean };

/**
 * Per patient id, from the clear assessment index only (status and times; nothing is opened): drafts, and
 * assessments completed at or after `dayStart` (the ISO time the tablet's day began). Read by index: the drafts and
 * the rows updated since `dayStart`, not every assessment.
 */
export async function readPatientActivity(vault: Vault, dayStart: string): Promise<Result<ReadonlyMap<string, PatientActivity>, StorageError>> {
  const { db } = vault;
  const read = await attempt(() =>
    db.transaction('r', db.assessments, () =>
      Promise.all([db.assessments.where('status').equals('draft').toArray(), db.assessments.where('updatedAt').aboveOrEqual(dayStart).toArray()]),
    ),
  );
  if (!read.ok) return read;
  const [drafts, recent] = read.value;
  const activity = new Map<string, PatientActivity>();
  const mark = (patientId: string, change: Partial<PatientActivity>) =>
    activity.set(patientId, { ...(activity.get(patientId) ?? { unfinished: false, completedToday: false }), ...change });
  for (const row of drafts) mark(row.patientId, { unfinished: true });
  for (const row of recent) if (row.status === 'completed' && row.completedAt !== null && row.completedAt >= dayStart) mark(row.patientId, { completedToday: true });
  return ok(activity);
}
