import { Fhir } from 'fhir';

const validator = new Fhir();

/**
 * Where FHIR.js's "not found in value set" is set aside: elements whose R4 binding is only `example` or
 * `extensible`, so a code from outside the value set (LOINC, our own CodeSystems) is allowed there, though
 * FHIR.js warns about it whatever the binding strength. Locations start with the resource type, also inside a
 * Bundle (`Observation.code`, `Provenance.meta.tag[0]`, `Patient.identifier[0].type`); the pattern is not
 * anchored, so `meta.tag` matches on any resource. Every other warning or error still fails a test.
 */
const OPEN_BINDINGS = new RegExp(
  [
    // example (observation-codes): LOINC codes and our own CodeSystems (scores, effort-task).
    String.raw`Observation\.code`,
    // example (observation-codes, as Observation.code): the reward task's per-block components (reward-task).
    String.raw`Observation\.component(\[\d+\])?\.code`,
    // extensible (observation-interpretation): our own bands CodeSystem.
    String.raw`Observation\.interpretation`,
    // No binding in R4, so FHIR.js reports nothing here today; kept for LOINC answer codes (LA…) as before.
    String.raw`Observation\.valueCodeableConcept`,
    // example (questionnaire-questions): the PHQ-9 panel's LOINC code.
    String.raw`Questionnaire\.code`,
    // example (questionnaire-questions): LOINC item codes and the item codes of calculated scores.
    String.raw`Questionnaire\.item(\[\d+\])?\.code`,
    // example (common-tags): the tag naming the assessment a Provenance belongs to (provenance-of-assessment).
    String.raw`meta\.tag`,
    // extensible (identifier-type): v2-0203 ANON, typing the pseudonymous patient code, is outside the R4 value set.
    String.raw`Patient\.identifier(\[\d+\])?\.type`,
  ].join('|'),
);

/**
 * Validates a resource (a Bundle with everything in it, too) against R4 with FHIR.js: every error or warning as
 * `location: message`, except a code missing from an OPEN_BINDINGS value set. An empty list means it validates.
 */
export function validateFhir(resource: object): string[] {
  return validator
    .validate(resource)
    .messages.filter((m) => ['error', 'warning'].includes(String(m.severity)))
    .filter((m) => !(OPEN_BINDINGS.test(m.location ?? '') && (m.message ?? '').includes('not found in value set')))
    .map((m) => `${m.location ?? ''}: ${m.message ?? ''}`);
}
