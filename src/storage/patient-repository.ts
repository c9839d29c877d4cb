import type { PatientId } from '../domain/ids.ts';
import { asPatientId } from '../domain/ids.ts';
import type { Patient } from '../domain/patient.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { AppDatabase } from './database.ts';
import type { PatientRecord } from './records.ts';
import { attempt, type StorageError } from './storage-error.ts';

export type NewPatient = Omit<Patient, 'id' | 'createdAt' | 'updatedAt'>;

/** Active (not deleted) patients, most recently updated first. */
export async function listPatients(db: AppDatabase): Promise<Result<Patient[], StorageError>> {
  return attempt(async () => {
    const records = await db.patients.orderBy('updatedAt').reverse().toArray();
    return records.filter((r) => r.deletedAt === null).map(toPatient);
  });
}

export async function getPatient(db: AppDatabase, id: PatientId): Promise<Result<Patient, StorageError>> {
  const found = await attempt(() => db.patients.get(id));
  if (!found.ok) return found;
  if (!found.value || found.value.deletedAt !== null) return err({ code: 'not-found', detail: `patient ${id}` });
  return ok(toPatient(found.value));
}

/** Creates a patient; a code already used by an active patient is a `conflict`. */
export async function createPatient(db: AppDatabase, patient: NewPatient, id: string, now: string): Promise<Result<Patient, StorageError>> {
  const record: PatientRecord = {
    schemaVersion: 1,
    id,
    code: patient.code,
    codeKey: patient.code.toLowerCase(),
    displayName: patient.displayName,
    birthYear: patient.birthYear,
    sex: patient.sex,
    mrn: patient.mrn,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  const result = await attempt(() =>
    db.transaction('rw', db.patients, async () => {
      const same = await db.patients.where('codeKey').equals(record.codeKey).toArray();
      if (same.some((r) => r.deletedAt === null)) return false;
      await db.patients.add(record);
      return true;
    }),
  );
  if (!result.ok) return result;
  if (!result.value) return err({ code: 'conflict', detail: `patient code ${patient.code} is already in use` });
  return ok(toPatient(record));
}

/** Marks the patient's record touched (e.g. a new assessment) so the list shows recent patients first. */
export async function touchPatient(db: AppDatabase, id: PatientId, now: string): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    await db.patients.update(id, { updatedAt: now });
  });
}

function toPatient(record: PatientRecord): Patient {
  return {
    id: asPatientId(record.id),
    code: record.code,
    displayName: record.displayName,
    birthYear: record.birthYear,
    sex: record.sex,
    mrn: record.mrn,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
