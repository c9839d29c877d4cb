import type { Patient } from '../domain/patient.ts';
import { ok } from '../domain/result.ts';
import { newerPulledVersions } from '../domain/revision.ts';
import { listAssessmentsForPatient } from '../storage/assessment-repository.ts';
import type { SkippedEffort } from '../export/fhir/effort-observations-import.ts';
import type { SkippedResponse } from '../export/fhir/imported-visits.ts';
import type { PullFailure } from '../export/fhir/pull-client.ts';
import { readPullMark, savePullMark, storeImportedAssessments } from '../storage/imported-assessments.ts';
import { attachImportedEfforts } from '../storage/imported-effort.ts';
import { readMrnSystem, type FhirServerSettings } from '../storage/settings-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import { clinicPatientCodeSystem } from './clinic-settings.ts';
import { withEhrSession } from './ehr-session.ts';
import { checkServerLink, type PatientIdentifier } from './server-link.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * How "Fetch earlier visits" ended: `not-on-server` — the server has no Patient with this patient's MRN (or, without
 * one, the clinic's patient code); `failed` — the server or the network refused (its OperationOutcome in words),
 * nothing was stored; `not-stored` — the tablet could not store what came; `fetched` — what was stored, what was
 * already on the tablet, what could not be read (listed, never guessed) and how many were voided on the server;
 * `confirm-link` — the server's Patient also carries identifiers other than the clinic's own and no clinician has
 * confirmed it is this person: nothing was pulled or stored (fetch again with `confirmedLink`).
 */
export type FetchOutcome =
  | { readonly kind: 'not-on-server'; readonly identifier: string }
  | { readonly kind: 'confirm-link'; readonly serverPatientId: string; readonly otherIdentifiers: readonly PatientIdentifier[] }
  | { readonly kind: 'failed'; readonly failure: PullFailure }
  | { readonly kind: 'not-stored'; readonly error: StorageError }
  | {
      readonly kind: 'fetched';
      readonly stored: number;
      readonly alreadyHere: number;
      readonly skipped: readonly SkippedResponse[];
      readonly voided: number;
      /** The effort-task results (see `pullEfforts`). */
      readonly effort: EffortFetched;
    };

/**
 * What came of the effort tasks: results put on their visits, already there, `waiting` for a visit this tablet does
 * not have yet (asked for again next time), not readable (listed, never guessed), voided on the server.
 */
export type EffortFetched = { readonly stored: number; readonly alreadyHere: number; readonly waiting: number; readonly skipped: readonly SkippedEffort[]; readonly voided: number };

const loadPull = () => Promise.all([import('../export/fhir/pull-client.ts'), import('../export/fhir/imported-visits.ts'), import('../export/fhir/effort-observations-import.ts')]);

/**
 * "Fetch earlier visits": finds the patient on the clinic's FHIR server by the MRN (with the clinic's MRN system)
 * or else by the clinic's own patient-code system, pulls the QuestionnaireResponses stored since the last pull
 * (paged), re-scores them on this tablet and stores them sealed, read-only, marked with their origin; then the
 * effort-task Observations, put on their visits as `origin.effort` (parameters only: the trials are not on the
 * server). Visits the tablet already holds are left as they are; nothing is ever pushed back. Before the patient's
 * first link to that server Patient, one with identifiers other than the clinic's own is pulled from only once the
 * clinician confirmed it (`checkServerLink`; `confirmedLink`: the server Patient id shown).
 */
export async function fetchEarlierVisits(
  outer: WorkflowContext,
  input: { readonly patient: Patient; readonly server: FhirServerSettings; readonly confirmedLink?: string; readonly onProgress?: (found: number) => void },
): Promise<FetchOutcome> {
  // Under a SMART sign-in: refreshed once on a 401, ended when the EHR refuses.
  const ctx = await withEhrSession(outer, input.server);
  const { vault, env, catalogue } = ctx;
  const { patient, server } = input;
  const [[{ pullResponses, pullEffortObservations }, { assembleImportedVisits }, { fromEffortObservations }], identifier, mark] = await Promise.all([loadPull(), identifierOf(ctx, patient, server), readPullMark(vault, patient.id)]);
  if (!identifier.ok) return { kind: 'not-stored', error: identifier.error };
  if (!mark.ok) return { kind: 'not-stored', error: mark.error };
  const { searchBy, ours } = identifier.value;
  // Always looked up (never trusted from an earlier link): the pull needs the server's Patient as it is now.
  const link = await checkServerLink(ctx, { patientId: patient.id, server, searchBy, ours, confirmed: input.confirmedLink, trustRemembered: false });
  if (link.kind !== 'linked') return link;
  const serverPatientId = link.serverPatientId;
  if (serverPatientId === null) return { kind: 'not-on-server', identifier: `${searchBy.system}|${searchBy.value}` };
  // A cursor from another server, or another server Patient, does not apply: pull from the beginning.
  const since = mark.value && mark.value.server === server.baseUrl && mark.value.serverPatientId === serverPatientId ? mark.value.cursor : null;
  const pulled = await pullResponses(server, serverPatientId, since, env.fetch, { onPage: input.onProgress });
  if (!pulled.ok) return { kind: 'failed', failure: pulled.error };
  const visits = assembleImportedVisits(pulled.value.responses, catalogue, { patientId: patient.id, server: server.baseUrl, pulledAt: env.now(), birthYear: patient.birthYear });
  // Only versions above those the tablet holds are new: its own corrections, or ones pulled before, are here already.
  const held = await listAssessmentsForPatient(vault, patient.id);
  if (!held.ok) return { kind: 'not-stored', error: held.error };
  const newer = newerPulledVersions(held.value, visits.assessments);
  const stored = await storeImportedAssessments(vault, newer);
  if (!stored.ok) return { kind: 'not-stored', error: stored.error };
  const effortSince = since && mark.value?.effortCursor ? mark.value.effortCursor : null;
  const pulledEffort = await pullEffortObservations(server, serverPatientId, effortSince, env.fetch);
  if (!pulledEffort.ok) return { kind: 'failed', failure: pulledEffort.error };
  const efforts = fromEffortObservations(pulledEffort.value.observations);
  const attached = await attachImportedEfforts(vault, patient.id, efforts.results);
  if (!attached.ok) return { kind: 'not-stored', error: attached.error };
  // The cursors move on only after what they cover is stored (a failed store pulls the same again next time); the
  // effort cursor only when every effort result found its visit: the tablet pushes the effort task in a transaction
  // of its own, so its visit's responses may come in a later pull, and the result is asked for again until then.
  const effortCursor = attached.value.missing.length === 0 ? pulledEffort.value.cursor : effortSince;
  const saved = await savePullMark(vault, patient.id, { server: server.baseUrl, serverPatientId, cursor: pulled.value.cursor, effortCursor });
  if (!saved.ok) return { kind: 'not-stored', error: saved.error };
  const effort: EffortFetched = { stored: attached.value.stored, alreadyHere: attached.value.alreadyHere, waiting: attached.value.missing.length, skipped: efforts.skipped, voided: efforts.voided.length };
  const alreadyHere = stored.value.alreadyHere + visits.assessments.length - newer.length;
  return { kind: 'fetched', stored: stored.value.stored, alreadyHere, skipped: visits.skipped, voided: visits.voided.length, effort };
}

/**
 * The identifier to search by: the MRN with the clinic's MRN system when both are known, else the patient code under
 * the clinic's own system; and the clinic's own identifiers of the patient (`ours`: both, when known).
 */
async function identifierOf(ctx: WorkflowContext, patient: Patient, server: FhirServerSettings) {
  const [codeSystem, remembered] = await Promise.all([clinicPatientCodeSystem(ctx), readMrnSystem(ctx.vault.db)]);
  if (!codeSystem.ok) return codeSystem;
  if (!remembered.ok) return remembered;
  const mrnSystem = server.mrnSystem || remembered.value;
  const code = { system: codeSystem.value, value: patient.code };
  const mrn = patient.mrn && mrnSystem ? { system: mrnSystem, value: patient.mrn } : null;
  return ok({ searchBy: mrn ?? code, ours: mrn ? [mrn, code] : [code] });
}
