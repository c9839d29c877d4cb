import type { Assessment } from '../domain/assessment.ts';
import { asAssessmentId } from '../domain/ids.ts';
import { ok, type Result } from '../domain/result.ts';
import { sealAnswer, sealAssessment, getAssessment, touchPatient } from './assessment-repository.ts';
import { fromBase64, importSealingKey, openBytes } from './crypto-envelope.ts';
import { HANDOVER_KEY, isHandoverV2, readHandover, sessionLabel, type Handover, type HandoverV1, type HandoverV2 } from './handover-record.ts';
import { openInboxKey } from './inbox-key.ts';
import { sealLabel } from './records.ts';
import { attempt, StorageFailure, type StorageError } from './storage-error.ts';
import { openValue, requireWorkingKeys, UndecryptableError, type KeyRing, type SessionKey, type Vault } from './vault.ts';

/**
 * Handing the tablet to a patient and taking it back (see patient-inbox.ts for patient mode itself). Handing over
 * stores the hand-over's plan (handover-record.ts) and nothing secret: the assessment stays sealed by the record key,
 * and patient mode seals each answer to the clinic's inbox public key. Taking back opens those answers with the
 * inbox private key (opened by the record key, so only after the passphrase), re-seals the assessment and its
 * answers with the record key, and ends the hand-over in one transaction.
 */

/** Stores a new hand-over (the caller has the clinician's keys and made the plan). */
export async function beginHandover(vault: Vault, handover: HandoverV2): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    requireWorkingKeys(vault.keys);
    await vault.db.settings.put({ key: HANDOVER_KEY, value: handover });
  });
}

/** A hand-over being taken back: the assessment with every answer, opened; the effort task as patient mode left it. */
export type OpenedHandover = {
  readonly handover: Handover;
  readonly assessment: Assessment;
  /** The effort task's record sealed by patient mode (unchecked: the workflow checks it), or undefined when none. */
  readonly effortTask: unknown;
  /** The reward task's record sealed by patient mode (unchecked), or undefined when none. */
  readonly rewardTask: unknown;
};

/** Opens the running hand-over with the clinician's keys; null when there is none. */
export async function openHandover(vault: Vault): Promise<Result<OpenedHandover | null, StorageError>> {
  const found = await readHandover(vault.db);
  if (!found.ok) return found;
  const handover = found.value;
  if (!handover) return ok(null);
  const keys = await takeBackKeys(vault, handover);
  if (!keys.ok) return keys;
  const assessment = await getAssessment({ db: vault.db, keys: keys.value }, asAssessmentId(handover.assessmentId));
  if (!assessment.ok) return assessment;
  return attempt(async () => ({ handover, assessment: assessment.value, effortTask: await sealedTask(keys.value, handover, 'effort'), rewardTask: await sealedTask(keys.value, handover, 'reward') }));
}

/**
 * Ends the hand-over: `assessment` (as the workflow completed it) and every answer of it sealed by the record key,
 * the hand-over deleted, in one transaction: a completed assessment's answers sealed inside it (its rows, sealed to
 * the inbox, and any answer set deleted), a draft's as rows. Returns the clinician's keys (none of the take-back's
 * extra keys).
 */
export async function closeHandover(vault: Vault, assessment: Assessment): Promise<Result<KeyRing, StorageError>> {
  return attempt(async () => {
    // Still held by whoever took the tablet back.
    const clinician: KeyRing = { working: requireWorkingKeys(vault.keys), session: null, ...(vault.keys.holder ? { holder: vault.keys.holder } : {}) };
    const record = await sealAssessment(clinician, assessment);
    const completed = assessment.status === 'completed';
    const rows = completed
      ? []
      : await Promise.all(
          Object.entries(assessment.answers).flatMap(([instrumentId, items]) => Object.entries(items).map(([itemId, answer]) => sealAnswer(clinician, assessment.id, instrumentId, itemId, answer))),
        );
    const { db } = vault;
    // The patient list's last activity: the last answer the patient gave, or when they finished.
    const answeredAt = Object.values(assessment.answers).flatMap((items) => Object.values(items).map((a) => a.answeredAt));
    const lastActivity = [assessment.completedAt ?? '', ...answeredAt].reduce((a, b) => (b > a ? b : a), '');
    await db.transaction('rw', [db.assessments, db.answers, db.answerSets, db.settings, db.patients], async () => {
      await db.assessments.put(record);
      if (completed) {
        await db.answers.where('assessmentId').equals(assessment.id).delete();
        await db.answerSets.delete(assessment.id);
      }
      await db.answers.bulkPut(rows);
      await db.settings.delete(HANDOVER_KEY);
      if (lastActivity !== '') await touchPatient(vault, assessment.patientId, lastActivity);
    });
    return clinician;
  });
}

/** The clinician's keys plus what opens the hand-over's rows: the inbox private key, or an earlier build's session key. */
async function takeBackKeys(vault: Vault, handover: Handover): Promise<Result<KeyRing, StorageError>> {
  if (isHandoverV2(handover)) {
    const inbox = await openInboxKey(vault);
    return inbox.ok ? ok({ ...vault.keys, session: null, inbox: inbox.value }) : inbox;
  }
  return attempt(async () => ({ ...vault.keys, working: requireWorkingKeys(vault.keys), session: await openSessionKey(vault, handover) }));
}

async function openSessionKey(vault: Vault, handover: HandoverV1): Promise<SessionKey> {
  const wrapped = fromBase64(handover.wrappedKey);
  const raw = wrapped ? await openBytes(requireWorkingKeys(vault.keys).data, wrapped, sessionLabel(handover.keyId)) : null;
  if (!raw?.ok) throw new UndecryptableError('the hand-over key does not open with the record key');
  return { assessmentId: handover.assessmentId, keyId: handover.keyId, key: await importSealingKey(raw.value) };
}

async function sealedTask(keys: KeyRing, handover: Handover, which: 'effort' | 'reward'): Promise<unknown> {
  if (!isHandoverV2(handover)) return undefined;
  const task = (which === 'effort' ? handover.effortTask : handover.rewardTask) as { kind?: unknown; sealed?: unknown } | null | undefined;
  if (task?.kind !== 'begun' || typeof task.sealed !== 'string') return undefined;
  const sealed = fromBase64(task.sealed);
  if (!sealed) throw new StorageFailure({ code: 'undecryptable', detail: `the hand-over’s ${which} task is damaged` });
  const label = which === 'effort' ? sealLabel.handoverEffortTask(handover.assessmentId) : sealLabel.handoverRewardTask(handover.assessmentId);
  return openValue<unknown>(keys, 'inbox', sealed, label);
}
