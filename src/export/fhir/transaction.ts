import type { Bundle, BundleEntry, FhirResource, Identifier, Observation, Patient, Provenance, Questionnaire, QuestionnaireResponse } from 'fhir/r4';
import type { AssessmentExport } from './assessment-export.ts';
import { CANONICAL_BASE } from './fhir-terms.ts';

/**
 * R4 Provenance has no `identifier`, so a pushed Provenance is tagged with the business identifier of the group it
 * is about (`meta.tag` = this system | `ExportGroup.identifier`), and a retried transaction finds it with `_tag=`
 * (https://hl7.org/fhir/R4/resource.html#Meta, https://hl7.org/fhir/R4/search.html#tag). Files need no tag.
 */
export const PROVENANCE_TAG_SYSTEM = `${CANONICAL_BASE}/provenance-of-assessment`;

/** The resource types an exported assessment is made of. */
export type PushedResource = Patient | Questionnaire | QuestionnaireResponse | Observation | Provenance;
const PUSHED_TYPES: ReadonlySet<string> = new Set(['Patient', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Provenance']);
const isPushed = (resource: FhirResource): resource is PushedResource => PUSHED_TYPES.has(resource.resourceType);

/**
 * The search a conditional create runs on the server before creating (`request.ifNoneExist`), built from the
 * resource's business identifiers so that sending the same assessment twice creates nothing the second time:
 * Patient and QuestionnaireResponse and Observation by their first `identifier`, Questionnaire by canonical `url` and
 * `version`, Provenance (R4 has no Provenance.identifier) by the tag naming its response.
 * https://hl7.org/fhir/R4/http.html#ccreate, https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.entry.request.ifNoneExist
 */
export function ifNoneExistFor(resource: PushedResource): string {
  const token = (system: string | undefined, value: string | undefined) => encodeURIComponent(`${system ?? ''}|${value ?? ''}`);
  const byIdentifier = (identifier: Identifier | undefined) => {
    if (!identifier?.system || !identifier.value) throw new Error(`${resource.resourceType} has no business identifier to make its create conditional`);
    return `identifier=${token(identifier.system, identifier.value)}`;
  };
  switch (resource.resourceType) {
    case 'Patient':
    case 'Observation':
      return byIdentifier(resource.identifier?.[0]);
    case 'QuestionnaireResponse':
      return byIdentifier(resource.identifier);
    case 'Questionnaire':
      return `url=${encodeURIComponent(resource.url ?? '')}&version=${encodeURIComponent(resource.version ?? '')}`;
    case 'Provenance': {
      const tag = resource.meta?.tag?.find((t) => t.system === PROVENANCE_TAG_SYSTEM);
      if (!tag?.code) throw new Error('Provenance has no tag naming its response');
      return `_tag=${token(tag.system, tag.code)}`;
    }
  }
}

const conditionalPost = (entry: BundleEntry<FhirResource>): BundleEntry<FhirResource> => {
  const { resource } = entry;
  if (!resource || !isPushed(resource)) throw new Error(`no conditional create is defined for ${resource?.resourceType ?? 'an entry without a resource'}`);
  return { ...entry, request: { method: 'POST', url: resource.resourceType, ifNoneExist: ifNoneExistFor(resource) } };
};

/**
 * A corrected version's response or Observation replaces the server's by its business identifier (conditional
 * update, https://hl7.org/fhir/R4/http.html#cond-update): the server keeps the earlier version in its history and
 * makes this the current one; where it holds none yet, it creates it. Everything else is created conditionally.
 */
const conditionalPut = (entry: BundleEntry<FhirResource>): BundleEntry<FhirResource> => {
  const { resource } = entry;
  if (resource?.resourceType !== 'QuestionnaireResponse' && resource?.resourceType !== 'Observation') return conditionalPost(entry);
  return { ...entry, request: { method: 'PUT', url: `${resource.resourceType}?${ifNoneExistFor(resource)}` } };
};

/**
 * A resource to create by POST, without the `id` it has in files: the server assigns the id and ignores the one
 * given (https://hl7.org/fhir/R4/http.html#transaction), and an id beside a `urn:uuid` fullUrl would disagree
 * with it (https://hl7.org/fhir/R4/bundle.html#bundle-unique).
 */
function withoutId<T extends FhirResource>(resource: T): T {
  const copy = { ...resource };
  delete copy.id;
  return copy;
}

/**
 * An exported assessment as `transaction` Bundles to POST to a FHIR server base: one per instrument, each holding
 * the Patient, that instrument's Questionnaire, its QuestionnaireResponse, score Observations and Provenance, and
 * one for each of the effort and reward tasks when exported (the Patient, its Observations and Provenance: no Questionnaire), every
 * entry a conditional create (see `ifNoneExistFor`), named by a `urn:uuid` fullUrl and carrying no id of its own,
 * and references between entries by `urn:uuid`.
 *
 * One transaction per instrument rather than one per assessment: servers bound a transaction of conditional
 * creates (Medplum refuses more than 8 entries needing serialisable isolation; a five-instrument battery is 28),
 * and since every create is conditional, sending the parts one by one, or again after a failure, creates no
 * duplicate. Each part is atomic, so a response never reaches the server without its scores and Provenance.
 * `newUuid` names the Questionnaire entries (the caller owns randomness). https://hl7.org/fhir/R4/http.html#transaction
 */
export function toTransactionBundles(exported: AssessmentExport, newUuid: () => string): Bundle[] {
  return exported.groups.map(({ identifier, questionnaire, entries, revision }) => {
    const questionnaireEntries: BundleEntry<FhirResource>[] = questionnaire ? [{ fullUrl: `urn:uuid:${newUuid()}`, resource: withoutId(questionnaire) }] : [];
    // Each version's Provenance is its own: a correction's is tagged `<identifier>/v<number>`.
    const tag = { system: PROVENANCE_TAG_SYSTEM, code: revision === null ? identifier : `${identifier}/v${String(revision)}` };
    const tagged = entries.map((e) =>
      e.resource?.resourceType === 'Provenance' ? { ...e, resource: { ...e.resource, meta: { ...e.resource.meta, tag: [...(e.resource.meta?.tag ?? []), tag] } } } : e,
    );
    return {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [...[exported.patientEntry, ...questionnaireEntries].map(conditionalPost), ...tagged.map(revision === null ? conditionalPost : conditionalPut)],
    };
  });
}
