import type { Bundle } from 'fhir/r4';
import { ok, type Result } from '../domain/result.ts';
import type { Assessment } from '../domain/assessment.ts';
import type { Patient } from '../domain/patient.ts';
import type { ExportSubject } from '../export/fhir/assessment-export.ts';
import type { PushFailure } from '../domain/ehr-push.ts';
import type { PullFailure } from '../export/fhir/pull-client.ts';
import { enqueueExport, outboxStateFor } from '../storage/outbox-repository.ts';
import { pushOutboxItem } from '../storage/outbox-push.ts';
import type { FhirServerSettings } from '../storage/settings-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { clinicPatientCodeSystem } from './clinic-settings.ts';
import { withEhrSession } from './ehr-session.ts';
import { checkServerLink, type PatientIdentifier } from './server-link.ts';
import { audit } from './attribution.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** The FHIR mappers, transaction builder and push client load only when a clinician exports. */
const loadExport = () =>
  Promise.all([import('../export/fhir/assessment-export.ts'), import('../export/fhir/transaction.ts'), import('../export/fhir/push-client.ts')]);

/**
 * How "Send to the EHR" ended. One union, so that "not stored" (nothing was sent), "sent" and "refused" cannot be
 * confused: `not-stored` — the export could not be put in the tablet's outbox, nothing was sent;
 * `already-sent` — the server took this assessment before (use "Send again" to send it anew); `sent` — the server
 * accepted every Bundle; `refused` — the server (or the network) refused, the export waits in the outbox with the
 * reason; `not-recorded` — the server answered, but the tablet could not record the outcome (sending again is safe);
 * `confirm-link` — the server's record of the patient also carries identifiers other than the clinic's own and no
 * clinician has confirmed it is this person: nothing was stored or sent (send again with `confirmedLink`);
 * `not-checked` — that record could not be looked up (network, the server's OperationOutcome): nothing was stored or sent.
 */
export type SendOutcome =
  | { readonly kind: 'not-stored'; readonly error: StorageError }
  | { readonly kind: 'confirm-link'; readonly serverPatientId: string; readonly otherIdentifiers: readonly PatientIdentifier[] }
  | { readonly kind: 'not-checked'; readonly failure: PullFailure }
  | { readonly kind: 'already-sent' }
  | { readonly kind: 'sent' }
  | { readonly kind: 'refused'; readonly failure: PushFailure }
  | { readonly kind: 'not-recorded'; readonly error: StorageError };

/** Who an export is about as the clinician names them: the patient code and, when given, the MRN with its system. */
export type ExportPatient = Omit<ExportSubject, 'codeSystem'>;

/** The subject with the clinic's own patient-code system (made at the first export). */
async function subjectWithCodeSystem(ctx: Pick<WorkflowContext, 'vault' | 'env'>, subject: ExportPatient): Promise<Result<ExportSubject, StorageError>> {
  const codeSystem = await clinicPatientCodeSystem(ctx);
  return codeSystem.ok ? ok({ ...subject, codeSystem: codeSystem.value }) : codeSystem;
}

/** The link check before a push: by the identifier the Patient's conditional create uses (`patientIdentifiers`: the MRN first). */
async function checkLinkFor(ctx: WorkflowContext, input: { readonly assessment: Assessment; readonly server: FhirServerSettings; readonly confirmedLink?: string }, subject: ExportSubject) {
  const code = { system: subject.codeSystem, value: subject.patientCode };
  const link = await checkServerLink(ctx, {
    patientId: input.assessment.patientId,
    server: input.server,
    searchBy: subject.mrn ?? code,
    ours: subject.mrn ? [subject.mrn, code] : [code],
    confirmed: input.confirmedLink,
    trustRemembered: true,
  });
  return link.kind === 'failed' ? { kind: 'not-checked' as const, failure: link.failure } : link;
}

/** The stamp every export carries: this build's version, the time, and fresh ids for Bundle entries. */
const exportMeta = (env: WorkflowContext['env']) => ({ appVersion: env.appVersion, now: env.now(), newUuid: env.newId });

/**
 * A completed assessment as a self-contained FHIR R4 file (a `collection` Bundle with the Patient, Questionnaires,
 * responses, Observations and Provenance), with the file name to save it under.
 */
export async function prepareFhirFile(
  ctx: WorkflowContext,
  input: { readonly assessment: Assessment; readonly patient: Patient; readonly subject: ExportPatient },
): Promise<Result<{ readonly fileName: string; readonly json: string }, StorageError>> {
  const [[{ toAssessmentExport, toAssessmentCollection }], subject] = await Promise.all([loadExport(), subjectWithCodeSystem(ctx, input.subject)]);
  if (!subject.ok) return subject;
  const stamp = exportMeta(ctx.env);
  const bundle = toAssessmentCollection(toAssessmentExport(input.assessment, ctx.catalogue, subject.value, stamp), input.assessment.id, stamp.now);
  const fileName = `motivation-profile-${input.patient.code.replace(/[^\w-]+/g, '_')}-${(input.assessment.completedAt ?? stamp.now).slice(0, 10)}.fhir.json`;
  await audit(ctx, { action: 'export', patientId: input.assessment.patientId, assessmentId: input.assessment.id, detail: 'fhir-file' });
  return ok({ fileName, json: JSON.stringify(bundle, null, 2) });
}

/**
 * "Send to the EHR" for one completed assessment: maps it to transaction Bundles, stores them in the outbox, and
 * sends exactly the item it stored (never another assessment's), reading the server's capabilities once for the
 * whole send. `resend` sends an assessment the server already took again (its creates are conditional, so the
 * server matches instead of duplicating). Before the patient's first link to the server's Patient, that Patient is
 * looked up by the identifier the push creates it by (`checkServerLink`): one with identifiers other than the
 * clinic's own is linked only once the clinician confirmed it (`confirmedLink`: the server Patient id shown).
 */
export async function sendToEhr(
  outer: WorkflowContext,
  input: {
    readonly assessment: Assessment;
    readonly subject: ExportPatient;
    readonly server: FhirServerSettings;
    readonly resend: boolean;
    readonly confirmedLink?: string;
  },
): Promise<SendOutcome> {
  // Under a SMART sign-in: refreshed once on a 401, ended when the EHR refuses (the item stays in the outbox).
  const ctx = await withEhrSession(outer, input.server);
  const { vault, env, catalogue } = ctx;
  const [[{ toAssessmentExport }, { toTransactionBundles }, { pushTransaction, readCapabilities }], subject] = await Promise.all([loadExport(), subjectWithCodeSystem(ctx, input.subject)]);
  if (!subject.ok) return { kind: 'not-stored', error: subject.error };
  if (!input.resend) {
    // Sent before: said at once, with nothing looked up.
    const state = await outboxStateFor(vault, [input.assessment.id]);
    if (!state.ok) return { kind: 'not-stored', error: state.error };
    if (state.value.get(input.assessment.id)?.state === 'sent') return { kind: 'already-sent' };
  }
  const link = await checkLinkFor(ctx, input, subject.value);
  if (link.kind !== 'linked') return link;
  const bundles = toTransactionBundles(toAssessmentExport(input.assessment, catalogue, subject.value, exportMeta(env)), env.newId);
  const queued = await enqueueExport(vault, input.assessment.id, bundles, env.now(), { resend: input.resend });
  if (!queued.ok) return { kind: 'not-stored', error: queued.error };
  if (queued.value.state === 'sent') return { kind: 'already-sent' };
  await audit(ctx, { action: 'send-to-ehr', patientId: input.assessment.patientId, assessmentId: input.assessment.id, detail: input.server.baseUrl });
  // Read once for the whole send, not per Bundle; a failed read marks the item failed with its reason, as a failed push does.
  const capabilities = await readCapabilities(input.server, env.fetch);
  const push = (bundle: Bundle, server: FhirServerSettings) =>
    capabilities.ok ? pushTransaction(bundle, server, env.fetch, capabilities.value) : Promise.resolve(capabilities);
  const pushed = await pushOutboxItem(vault, queued.value, input.server, push, env.now);
  if (!pushed.ok) return { kind: 'not-recorded', error: pushed.error };
  return pushed.value.sent ? { kind: 'sent' } : { kind: 'refused', failure: pushed.value.error };
}
