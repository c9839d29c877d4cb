import { asAssessmentId, type NewId } from '../domain/ids.ts';
import type { Result } from '../domain/result.ts';
import { sealAnswer, sealAssessment, getAssessment } from './assessment-repository.ts';
import { fromBase64, importSealingKey, openBytes, randomBytes, sealBytes, toBase64 } from './crypto-envelope.ts';
import { HANDOVER_KEY, readHandover, sessionLabel, type Handover } from './handover-record.ts';
import { attempt, StorageFailure, type StorageError } from './storage-error.ts';
import { requireWorkingKeys, UndecryptableError, type KeyRing, type SessionKey, type Vault } from './vault.ts';

/**
 * Handing the tablet to a patient. The assessment (and any answers already given) is re-sealed with a fresh
 * session key that opens nothing else. The session key is stored twice: sealed by the clinic's record key (so a
 * clinician can always take the tablet back) and, in the clear, in the tab's sessionStorage by the app (so patient
 * mode survives a reload). Taking the tablet back re-seals the assessment with the record key and forgets the
 * session key. Clinician data is never readable in patient mode: the record key is not in memory there.
 */
async function resealAssessment(vault: Vault, assessmentId: string, to: KeyRing) {
  const found = await getAssessment(vault, asAssessmentId(assessmentId));
  if (!found.ok) throw new StorageFailure(found.error);
  const a = found.value;
  const record = await sealAssessment(to, a);
  const rows = await Promise.all(
    Object.entries(a.answers).flatMap(([instrumentId, items]) => Object.entries(items).map(([itemId, answer]) => sealAnswer(to, a.id, instrumentId, itemId, answer))),
  );
  return { record, rows };
}

/**
 * Starts a hand-over: returns the keys for patient mode and the session secret the app keeps for reloads. `newId`
 * names the session key (`session:<id>`).
 */
export async function beginHandover(vault: Vault, assessmentId: string, now: string, newId: NewId): Promise<Result<{ keys: KeyRing; sessionSecret: string }, StorageError>> {
  return attempt(async () => {
    const working = requireWorkingKeys(vault.keys);
    const raw = randomBytes(32);
    const session: SessionKey = { assessmentId, keyId: `session:${newId()}`, key: await importSealingKey(raw) };
    const keys: KeyRing = { working, session };
    const { record, rows } = await resealAssessment(vault, assessmentId, keys);
    const handover: Handover = { assessmentId, startedAt: now, keyId: session.keyId, wrappedKey: toBase64(await sealBytes(working.data, raw, sessionLabel(session.keyId))) };
    const { db } = vault;
    await db.transaction('rw', db.assessments, db.answers, db.settings, async () => {
      await db.assessments.put(record);
      await db.answers.bulkPut(rows);
      await db.settings.put({ key: HANDOVER_KEY, value: handover });
    });
    return { keys, sessionSecret: toBase64(raw) };
  });
}

/** Ends the hand-over (clinician unlocked): the assessment goes back under the record key. Returns the keys without the session. */
export async function endHandover(vault: Vault): Promise<Result<KeyRing, StorageError>> {
  const found = await readHandover(vault.db);
  if (!found.ok) return found;
  const handover = found.value;
  return attempt(async () => {
    const working = requireWorkingKeys(vault.keys);
    const clinician: KeyRing = { working, session: null };
    if (!handover) return clinician;
    const wrapped = fromBase64(handover.wrappedKey);
    const raw = wrapped ? await openBytes(working.data, wrapped, sessionLabel(handover.keyId)) : null;
    if (!raw?.ok) throw new UndecryptableError('the hand-over key does not open with the record key');
    const session: SessionKey = { assessmentId: handover.assessmentId, keyId: handover.keyId as SessionKey['keyId'], key: await importSealingKey(raw.value) };
    const { record, rows } = await resealAssessment({ db: vault.db, keys: { working, session } }, handover.assessmentId, clinician);
    const { db } = vault;
    await db.transaction('rw', db.assessments, db.answers, db.settings, async () => {
      await db.assessments.put(record);
      await db.answers.bulkPut(rows);
      await db.settings.delete(HANDOVER_KEY);
    });
    return clinician;
  });
}
