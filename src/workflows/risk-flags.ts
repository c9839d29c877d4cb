import type { Bundle } from 'fhir/r4';
import { flagAnswers, type Assessment } from '../domain/assessment.ts';
import type { PushFailure } from '../domain/ehr-push.ts';
import { asAssessmentId } from '../domain/ids.ts';
import { describeFlag, findInstrument } from '../domain/catalogue-lookup.ts';
import type { Patient } from '../domain/patient.ts';
import { getAssessment } from '../storage/assessment-repository.ts';
import { enqueueExport, riskFlagsOutboxKey } from '../storage/outbox-repository.ts';
import { pushOutboxItem } from '../storage/outbox-push.ts';
import { getPatient } from '../storage/patient-repository.ts';
import { readFhirServer, readPreferences, recordLanguageOf, type FhirServerSettings } from '../storage/settings-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { clinicPatientCodeSystem } from './clinic-settings.ts';
import { withEhrSession } from './ehr-session.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** The FHIR mapper and push client load only when a flag is sent. */
const loadFlagExport = () => Promise.all([import('../export/fhir/risk-flag.ts'), import('../export/fhir/push-client.ts')]);

/**
 * How sending an assessment's risk flags ended: `no-connection` — the clinic has no EHR connection, nothing was
 * queued; `no-alert` — the assessment has no safety alert; `not-stored` — the flags could not be put in the outbox
 * (storage full, or no clinician keys: patient mode holds none), nothing was sent; `already-sent` — the server
 * has them as they are; `sent`; `refused` — kept in the outbox with the server's (or network's) reason, to retry;
 * `not-recorded` — the server answered but the tablet could not record it (sending again is safe).
 */
export type RiskFlagOutcome =
  | { readonly kind: 'no-connection' }
  | { readonly kind: 'no-alert' }
  | { readonly kind: 'not-stored'; readonly error: StorageError }
  | { readonly kind: 'already-sent' }
  | { readonly kind: 'sent' }
  | { readonly kind: 'refused'; readonly failure: PushFailure }
  | { readonly kind: 'not-recorded'; readonly error: StorageError };

/** Who the flag is about: the MRN under the connection's system when both are known, and always the clinic's pseudonym. */
function subjectOf(patient: Patient, server: FhirServerSettings, codeSystem: string) {
  const mrn = patient.mrn !== null && patient.mrn.trim() !== '' && server.mrnSystem.trim() !== '' ? { system: server.mrnSystem.trim(), value: patient.mrn.trim() } : null;
  return { patientCode: patient.code, codeSystem, mrn };
}

/** The assessment's alerts as flags, labelled in the clinic's record language, each dated by the answer that raised it. */
function flagsOf(ctx: Pick<WorkflowContext, 'catalogue'>, assessment: Assessment, language: string) {
  return assessment.alerts.map((alert) => {
    const instrument = findInstrument(ctx.catalogue, alert.instrumentId);
    const answered = instrument ? flagAnswers(assessment, instrument, alert.flag)[0]?.answeredAt : undefined;
    return {
      assessmentId: assessment.id,
      instrumentId: alert.instrumentId,
      flag: alert.flag,
      label: describeFlag(ctx.catalogue, alert.instrumentId, alert.flag, language),
      answeredAt: answered ?? assessment.updatedAt,
      acknowledgedAt: assessment.alertsAcknowledgedAt,
    };
  });
}

/**
 * Sends an assessment's safety alerts (PHQ-9 item 9) to the clinic's FHIR server as Flags on the Patient, through
 * the sealed outbox (its own row, `riskFlagsOutboxKey`): `active` while open, `inactive` once acknowledged (the
 * row's Bundle is then replaced and sent again). Reads the stored assessment, never a screen's copy. Needs the
 * clinician's keys: the token and the outbox are sealed by the record key, so patient mode cannot send (it gets
 * `not-stored`, locked) and the flag goes at take-back. Without a connection nothing is queued.
 */
export async function sendRiskFlags(ctx: WorkflowContext, assessmentId: string): Promise<RiskFlagOutcome> {
  const { vault, env } = ctx;
  const server = await readFhirServer(vault);
  if (!server.ok) return { kind: 'not-stored', error: server.error };
  if (server.value === null) return { kind: 'no-connection' };
  const assessment = await getAssessment(vault, asAssessmentId(assessmentId));
  if (!assessment.ok) return { kind: 'not-stored', error: assessment.error };
  if (assessment.value.alerts.length === 0) return { kind: 'no-alert' };
  const [patient, preferences, codeSystem, [{ toRiskFlagBundle }, { pushTransaction, readCapabilities }]] = await Promise.all([
    getPatient(vault, assessment.value.patientId),
    readPreferences(vault.db),
    clinicPatientCodeSystem(ctx),
    loadFlagExport(),
  ]);
  if (!patient.ok) return { kind: 'not-stored', error: patient.error };
  if (!preferences.ok) return { kind: 'not-stored', error: preferences.error };
  if (!codeSystem.ok) return { kind: 'not-stored', error: codeSystem.error };
  const bundle = toRiskFlagBundle(flagsOf(ctx, assessment.value, recordLanguageOf(preferences.value)), subjectOf(patient.value, server.value, codeSystem.value), env.newId);
  // An acknowledged alert replaces even a sent active Flag: the server must learn that it is closed.
  const acknowledged = assessment.value.alertsAcknowledgedAt !== null;
  const queued = await enqueueExport(vault, riskFlagsOutboxKey(assessmentId), [bundle], env.now(), { resend: acknowledged });
  if (!queued.ok) return { kind: 'not-stored', error: queued.error };
  if (queued.value.state === 'sent') return { kind: 'already-sent' };
  // Under a SMART sign-in: refreshed once on a 401, ended when the EHR refuses (the Flag stays in the outbox).
  const { fetch } = (await withEhrSession(ctx, server.value)).env;
  const capabilities = await readCapabilities(server.value, fetch);
  const push = (b: Bundle, s: FhirServerSettings) => (capabilities.ok ? pushTransaction(b, s, fetch, capabilities.value) : Promise.resolve(capabilities));
  const pushed = await pushOutboxItem(vault, queued.value, server.value, push, env.now);
  if (!pushed.ok) return { kind: 'not-recorded', error: pushed.error };
  return pushed.value.sent ? { kind: 'sent' } : { kind: 'refused', failure: pushed.value.error };
}
