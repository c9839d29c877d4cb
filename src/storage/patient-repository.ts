import type { PatientId } from '../domain/ids.ts';
import { asPatientId } from '../domain/ids.ts';
import type { Patient } from '../domain/patient.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { keyedHash, sealJson } from './crypto-envelope.ts';
import { PATIENT_SEALED_VERSION, sealLabel, type PatientRecord, type PatientSealed } from './records.ts';
import { restorePatientSealed, unknownPatientFields } from './sealed-readers.ts';
import { attempt, StorageFailure, type StorageError } from './storage-error.ts';
import { openValue, requireWorkingKeys, type KeyRing, type Vault } from './vault.ts';

export type NewPatient = Omit<Patient, 'id' | 'createdAt' | 'updatedAt'>;

/** Active (not deleted) patients, most recently updated first. */
export async function listPatients(vault: Vault): Promise<Result<Patient[], StorageError>> {
  return attempt(async () => {
    const records = await vault.db.patients.orderBy('updatedAt').reverse().toArray();
    return Promise.all(records.filter((r) => r.deletedAt === null).map((r) => openPatient(vault.keys, r)));
  });
}

export async function getPatient(vault: Vault, id: PatientId): Promise<Result<Patient, StorageError>> {
  const found = await attempt(async () => {
    const record = await vault.db.patients.get(id);
    return record && record.deletedAt === null ? openPatient(vault.keys, record) : undefined;
  });
  if (!found.ok) return found;
  return found.value ? ok(found.value) : err({ code: 'not-found', detail: `patient ${id}` });
}

/** The keyed hash under which a patient code is indexed (codes are matched without regard to case). */
export async function patientCodeHash(keys: KeyRing, code: string): Promise<string> {
  return keyedHash(requireWorkingKeys(keys).index, code.trim().toLowerCase());
}

/**
 * Seals a patient for storage with the clinic's record key: the current sealed version, and any sealed field a newer
 * build wrote that this one does not know, as it was read.
 */
export async function sealPatient(keys: KeyRing, patient: Patient, deletedAt: string | null = null): Promise<PatientRecord> {
  const working = requireWorkingKeys(keys);
  const sealed: PatientSealed = {
    ...unknownPatientFields(patient),
    v: PATIENT_SEALED_VERSION,
    code: patient.code,
    displayName: patient.displayName,
    birthYear: patient.birthYear,
    sex: patient.sex,
    mrn: patient.mrn,
  };
  return {
    schemaVersion: 2,
    id: patient.id,
    codeHash: await patientCodeHash(keys, patient.code),
    createdAt: patient.createdAt,
    updatedAt: patient.updatedAt,
    deletedAt,
    keyId: 'data',
    sealed: await sealJson(working.data, sealed, sealLabel.patient(patient.id)),
  };
}

export async function openPatient(keys: KeyRing, record: PatientRecord): Promise<Patient> {
  const label = sealLabel.patient(record.id);
  const sealed = restorePatientSealed(await openValue<unknown>(keys, record.keyId, record.sealed, label));
  if (!sealed.ok) throw new StorageFailure({ code: sealed.error.code, detail: `${label}: ${sealed.error.detail}` });
  return { id: asPatientId(record.id), ...sealed.value, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

/** Creates a patient; a code already used by an active patient is a `conflict`. */
export async function createPatient(vault: Vault, patient: NewPatient, id: string, now: string): Promise<Result<Patient, StorageError>> {
  const created: Patient = { ...patient, id: asPatientId(id), createdAt: now, updatedAt: now };
  const result = await attempt(async () => {
    const record = await sealPatient(vault.keys, created);
    return vault.db.transaction('rw', vault.db.patients, async () => {
      const same = await vault.db.patients.where('codeHash').equals(record.codeHash).toArray();
      if (same.some((r) => r.deletedAt === null)) return false;
      await vault.db.patients.add(record);
      return true;
    });
  });
  if (!result.ok) return result;
  if (!result.value) return err({ code: 'conflict', detail: `patient code ${patient.code} is already in use` });
  return ok(created);
}
