import type { Bundle, BundleEntry, FhirResource, Provenance, Questionnaire } from 'fhir/r4';
import { toObservations } from './observations.ts';
import { toQuestionnaireResponse, type Administration } from './questionnaire-response.ts';
import { ASSESSMENT_ID_SYSTEM, CANONICAL_BASE } from './fhir-terms.ts';
import type { Actor } from '../../domain/clinician.ts';
import { practitionerAgent } from './practitioner.ts';

/** Everything one administration becomes: its response, score Observations and Provenance, linked by urn:uuid. */
export type AdministrationEntries = readonly BundleEntry<FhirResource>[];

/**
 * One part of an exported assessment, as the mapper built it: an administered instrument (its Questionnaire, and
 * its response, score Observations and Provenance as `entries`), or the effort or reward task (its Observations and
 * Provenance; no Questionnaire). `identifier` is the group's business identifier: the response's
 * (`<assessment id>/<instrument id>`), `<assessment id>/effort-task` or `<assessment id>/reward-task`; a pushed group's Provenance is tagged with
 * it (see `PROVENANCE_TAG_SYSTEM` in transaction.ts). Each group travels as its own transaction.
 */
export type ExportGroup = {
  readonly identifier: string;
  readonly questionnaire: Questionnaire | null;
  readonly entries: AdministrationEntries;
  /**
   * A corrected version's number (2, 3, …): its response and Observations replace the server's by identifier
   * (conditional update) and its Provenance is a new one. Null: the visit's first version, created conditionally.
   */
  readonly revision: number | null;
};

/**
 * The resources of one administration. `newUuid` supplies the `urn:uuid` full URLs that link them (the caller
 * owns randomness, so the mapper stays pure); `recorded` is when the export was made.
 */
export function toAdministrationEntries(a: Administration, newUuid: () => string, recorded: string): AdministrationEntries {
  const responseUrl = `urn:uuid:${newUuid()}`;
  const response = toQuestionnaireResponse(a);
  const observations = toObservations(a, { reference: responseUrl });
  const observationUrls = observations.map(() => `urn:uuid:${newUuid()}`);
  const provenance: Provenance = {
    resourceType: 'Provenance',
    target: [{ reference: responseUrl }, ...observationUrls.map((reference) => ({ reference }))],
    recorded,
    agent: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }] },
        who: { type: 'Device', display: `Motivation Profile ${a.appVersion} (scoring engine ${a.result.provenance.scoringEngineVersion})` },
      },
      ...(a.clinicians?.startedBy ? [practitionerAgent(a.clinicians.startedBy, 'performer')] : []),
      ...(a.mode === 'clinician' && a.clinicians?.enteredBy ? [practitionerAgent(a.clinicians.enteredBy, 'enterer')] : []),
      ...(a.revision ? [correctingAgent(a.revision.by, a.clinicians?.correctedBy)] : []),
    ],
    entity: [{ role: 'source', what: { reference: responseUrl } }],
    ...(a.revision ? revisionProvenance(a.revision) : {}),
  };
  return [
    { fullUrl: responseUrl, resource: response },
    ...observations.map((resource, i) => ({ fullUrl: observationUrls[i] ?? '', resource })),
    { fullUrl: `urn:uuid:${newUuid()}`, resource: provenance },
  ];
}

/** The words of each correction reason on the Provenance (the EHR's reader sees these). */
const REASON_TEXT: Readonly<Record<NonNullable<Administration['revision']>['reason'], string>> = {
  'wrong-answer': 'A wrong answer was entered',
  'wrong-patient': 'Given to the wrong patient',
  'entered-in-error': 'Entered in error',
};

/**
 * What a corrected version's Provenance adds (https://hl7.org/fhir/R4/provenance.html): the activity (UPDATE for
 * an amendment, NULLIFY for `entered-in-error`, from v3-DataOperation), the reason in words with the clinician's
 * note, and the clinician who corrected it as a second agent (a name once clinicians are named on the tablet).
 */
export function revisionProvenance(revision: Pick<NonNullable<Administration['revision']>, 'kind' | 'reason' | 'note' | 'at'>): Pick<Provenance, 'activity' | 'reason' | 'occurredDateTime'> {
  const code = revision.kind === 'amended' ? 'UPDATE' : 'NULLIFY';
  const display = revision.kind === 'amended' ? 'revise' : 'nullify';
  return {
    occurredDateTime: revision.at,
    activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code, display }] },
    reason: [{ text: revision.note ? `${REASON_TEXT[revision.reason]}: ${revision.note}` : REASON_TEXT[revision.reason] }],
  };
}

/**
 * The clinician who made a correction, as a Provenance agent: their Practitioner reference when the tablet recorded
 * who (`correctedBy`), else the name the server's Provenance gave (a pulled version), else "Clinician at the clinic".
 */
export const correctingAgent = (by: string, actor?: Actor): NonNullable<Provenance['agent']>[number] =>
  actor
    ? practitionerAgent(actor, 'enterer')
    : {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'enterer', display: 'Enterer' }] },
        who: { type: 'Practitioner', display: by || 'Clinician at the clinic' },
      };

/**
 * Where a Questionnaire sits in a file: `<base>/Questionnaire/<id>` at the project's base, which is also its
 * canonical `url`. R4 requires a fullUrl that is not a `urn:uuid` to agree with `Resource.id`
 * (https://hl7.org/fhir/R4/bundle.html#bundle-unique); the version lives in `Questionnaire.version`, never in the
 * fullUrl (`url|version` is a canonical reference, not a URL). A Questionnaire without a valid id is a bug.
 */
export function questionnaireFullUrl(q: Questionnaire): string {
  if (q.id === undefined || !/^[A-Za-z0-9\-.]{1,64}$/.test(q.id)) throw new Error(`Questionnaire ${q.url ?? ''} has no valid id for its fullUrl`);
  return `${CANONICAL_BASE}/Questionnaire/${q.id}`;
}

/** A self-contained file: the Questionnaires first (see `questionnaireFullUrl`), then each administration's resources. */
export function toCollectionBundle(questionnaires: readonly Questionnaire[], administrations: readonly AdministrationEntries[], id: string, timestamp: string): Bundle {
  return {
    resourceType: 'Bundle',
    identifier: { system: ASSESSMENT_ID_SYSTEM, value: `export-${id}` },
    type: 'collection',
    timestamp,
    entry: [...questionnaires.map((q) => ({ fullUrl: questionnaireFullUrl(q), resource: q })), ...administrations.flat()],
  };
}
