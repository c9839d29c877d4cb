import { asAssessmentId } from '../../src/domain/ids.ts';
import type { Environment } from '../../src/domain/ids.ts';
import type { Catalogue } from '../../src/domain/instrument-catalogue.ts';
import type { Assessment } from '../../src/domain/assessment.ts';
import type { PatientSession } from '../../src/domain/patient-session.ts';
import { getAssessment } from '../../src/storage/assessment-repository.ts';
import { openInboxKey } from '../../src/storage/inbox-key.ts';
import { NO_KEYS, type Vault } from '../../src/storage/vault.ts';
import { handOver } from '../../src/workflows/hand-over.ts';

/**
 * Hands an assessment over as the app does: returns patient mode's vault (the database, no keys at all) and what
 * patient mode starts with in memory (`known`).
 */
export async function handOverForTest(vault: Vault, env: Environment, catalogue: Catalogue, assessmentId = 'a1'): Promise<{ readonly patientVault: Vault; readonly known: PatientSession }> {
  const begun = await handOver({ vault, env, catalogue }, assessmentId);
  if (!begun.ok) throw new Error(`hand-over failed: ${begun.error.code} ${begun.error.detail}`);
  return { patientVault: { db: vault.db, keys: NO_KEYS }, known: begun.value.session };
}

/** The assessment as a clinician reads it during the hand-over: the record key plus the inbox private key. */
export async function readAsClinician(vault: Vault, assessmentId = 'a1'): Promise<Assessment> {
  const inbox = await openInboxKey(vault);
  if (!inbox.ok) throw new Error(`no inbox key: ${inbox.error.code}`);
  const read = await getAssessment({ db: vault.db, keys: { ...vault.keys, inbox: inbox.value } }, asAssessmentId(assessmentId));
  if (!read.ok) throw new Error(`read failed: ${read.error.code} ${read.error.detail}`);
  return read.value;
}
