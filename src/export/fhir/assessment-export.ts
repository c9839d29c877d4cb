import type { Bundle, BundleEntry, Identifier, Patient as FhirPatient } from 'fhir/r4';
import { givenText, notAskedOf, type Assessment } from '../../domain/assessment.ts';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { asAssessmentId } from '../../domain/ids.ts';
import { findInstrument } from '../../domain/catalogue-lookup.ts';
import type { AssessmentRevision } from '../../domain/assessment-schema.ts';
import { versionRoot } from '../../domain/revision.ts';
import { correctingAgent, revisionProvenance, toAdministrationEntries, toCollectionBundle, type AdministrationEntries, type ExportGroup } from './bundle.ts';
import { effortTaskIdentifier, toEffortEntries } from './effort-observations.ts';
import { rewardTaskIdentifier, toRewardEntries } from './reward-observations.ts';
import { toQuestionnaire } from './questionnaire.ts';
import type { Administration } from './questionnaire-response.ts';
import type { Actor } from '../../domain/clinician.ts';

/**
 * Who the exported resources are about. Locally a patient is a pseudonymous code; the hospital's medical record
 * number is entered or confirmed by the clinician at export time, with the identifier system the EHR uses.
 */
export type ExportSubject = {
  readonly patientCode: string;
  /** The clinic's identifier system for patient codes (`clinicPatientCodeSystem`): codes are unique per clinic only. */
  readonly codeSystem: string;
  readonly mrn: { readonly system: string; readonly value: string } | null;
};

export type AssessmentExport = {
  readonly patientEntry: BundleEntry<FhirPatient>;
  /**
   * One group per instrument (its Questionnaire, response, score Observations and Provenance), then, when the
   * assessment has a completed or skipped effort task, one group of its Observations and Provenance (no
   * Questionnaire, no response: see `toEffortEntries`), and likewise one for a reward task (`toRewardEntries`).
   * Each group travels as its own transaction
   * (`toTransactionBundles`).
   */
  readonly groups: readonly ExportGroup[];
};

const v2Type = (code: 'ANON' | 'MR', display: string) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code, display }] });

/** The Patient's identifiers: the MRN first when given (what the EHR matches on), and always the pseudonym. */
export function patientIdentifiers(subject: ExportSubject): Identifier[] {
  const pseudonym: Identifier = { use: 'secondary', type: v2Type('ANON', 'Anonymous identifier'), system: subject.codeSystem, value: subject.patientCode };
  return subject.mrn ? [{ use: 'usual', type: v2Type('MR', 'Medical record number'), system: subject.mrn.system, value: subject.mrn.value }, pseudonym] : [pseudonym];
}

/**
 * The FHIR resources of one completed assessment: a Patient (identifiers only: no name, no birth date leave the
 * tablet), each instrument's Questionnaire, and per instrument its response, score Observations and Provenance;
 * then the effort task's and the reward task's Observations and Provenance when completed or skipped.
 * Instruments missing from the catalogue or never scored are left out (a completed assessment always has both).
 */
export function toAssessmentExport(
  assessment: Assessment,
  catalogue: Catalogue,
  subject: ExportSubject,
  meta: { readonly appVersion: string; readonly now: string; readonly newUuid: () => string },
): AssessmentExport {
  const patientUrl = `urn:uuid:${meta.newUuid()}`;
  const patientEntry: BundleEntry<FhirPatient> = { fullUrl: patientUrl, resource: { resourceType: 'Patient', identifier: patientIdentifiers(subject) } };
  const groups: ExportGroup[] = [];
  // Every version of a visit is named by its first version's id, so a correction replaces what the server holds.
  const root = versionRoot(assessment);
  const { revision } = assessment;
  for (const { id } of assessment.instruments) {
    const instrument = findInstrument(catalogue, id);
    const result = assessment.results?.[id];
    if (!instrument || !result) continue;
    const administration: Administration = {
      instrument,
      identifier: `${root}/${id}`,
      // The response's status follows from this and the answers (`responseStatus`): a restored or older record
      // with required items empty is `stopped`, never `completed`.
      finished: assessment.status === 'completed',
      authored: assessment.completedAt ?? assessment.updatedAt,
      given: givenText(assessment, id),
      patientLanguage: assessment.language,
      answers: Object.fromEntries(Object.entries(assessment.answers[id] ?? {}).map(([itemId, answer]) => [itemId, answer.code])),
      notAsked: notAskedOf(assessment, id),
      result,
      subject: { reference: patientUrl },
      mode: assessment.mode,
      informantRelation: assessment.informantRelation,
      appVersion: meta.appVersion,
      revision: revision ? { ...revision, changed: revision.changed.includes(id) } : null,
      clinicians: { startedBy: assessment.attribution?.startedBy, enteredBy: assessment.attribution?.enteredBy?.[id], correctedBy: assessment.attribution?.correctedBy },
    };
    const entries = toAdministrationEntries(administration, meta.newUuid, meta.now);
    groups.push({ identifier: administration.identifier, questionnaire: toQuestionnaire(instrument), entries, revision: revision?.number ?? null });
  }
  // An amendment corrects answers, never a task: its Observations stay as first sent. A voided visit's go too.
  const voided = revision?.kind === 'entered-in-error' ? revision : null;
  const tasks = [
    { identifier: effortTaskIdentifier(root), entries: toEffortEntries({ ...assessment, id: asAssessmentId(root) }, { reference: patientUrl }, meta) },
    { identifier: rewardTaskIdentifier(root), entries: toRewardEntries({ ...assessment, id: asAssessmentId(root) }, { reference: patientUrl }, meta) },
  ];
  for (const { identifier, entries } of tasks) {
    if (entries.length > 0) groups.push({ identifier, questionnaire: null, entries: voided ? voidedEntries(entries, voided, assessment.attribution?.correctedBy) : entries, revision: voided?.number ?? null });
  }
  return { patientEntry, groups };
}

/** A task's entries of a voided visit: its Observations `entered-in-error`, its Provenance saying why and who. */
function voidedEntries(entries: AdministrationEntries, revision: AssessmentRevision, correctedBy: Actor | undefined): AdministrationEntries {
  return entries.map((entry) => {
    const resource = entry.resource;
    if (resource?.resourceType === 'Observation') return { ...entry, resource: { ...resource, status: 'entered-in-error' as const } };
    if (resource?.resourceType === 'Provenance') return { ...entry, resource: { ...resource, ...revisionProvenance(revision), agent: [...resource.agent, correctingAgent(revision.by, correctedBy)] } };
    return entry;
  });
}

/** The downloadable, self-contained file of one assessment: a `collection` Bundle with the Patient first. */
export function toAssessmentCollection(exported: AssessmentExport, bundleId: string, now: string): Bundle {
  const questionnaires = exported.groups.flatMap((g) => (g.questionnaire ? [g.questionnaire] : []));
  const bundle = toCollectionBundle(questionnaires, exported.groups.map((g) => g.entries), bundleId, now);
  return { ...bundle, entry: [exported.patientEntry, ...(bundle.entry ?? [])] };
}
