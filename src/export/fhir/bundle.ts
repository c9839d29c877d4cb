import type { Bundle, BundleEntry, FhirResource, Provenance, Questionnaire } from 'fhir/r4';
import { toObservations } from './observations.ts';
import { toQuestionnaireResponse, type Administration } from './questionnaire-response.ts';
import { ASSESSMENT_ID_SYSTEM, CANONICAL_BASE } from './fhir-terms.ts';

/** Everything one administration becomes: its response, score Observations and Provenance, linked by urn:uuid. */
export type AdministrationEntries = readonly BundleEntry<FhirResource>[];

/**
 * One part of an exported assessment, as the mapper built it: an administered instrument (its Questionnaire, and
 * its response, score Observations and Provenance as `entries`), or the effort task (its Observations and
 * Provenance; no Questionnaire). `identifier` is the group's business identifier: the response's
 * (`<assessment id>/<instrument id>`) or `<assessment id>/effort-task`; a pushed group's Provenance is tagged with
 * it (see `PROVENANCE_TAG_SYSTEM` in transaction.ts). Each group travels as its own transaction.
 */
export type ExportGroup = {
  readonly identifier: string;
  readonly questionnaire: Questionnaire | null;
  readonly entries: AdministrationEntries;
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
    ],
    entity: [{ role: 'source', what: { reference: responseUrl } }],
  };
  return [
    { fullUrl: responseUrl, resource: response },
    ...observations.map((resource, i) => ({ fullUrl: observationUrls[i] ?? '', resource })),
    { fullUrl: `urn:uuid:${newUuid()}`, resource: provenance },
  ];
}

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
