import type { Bundle, BundleEntry, Flag, FhirResource, Patient } from 'fhir/r4';
import { patientIdentifiers, type ExportSubject } from './assessment-export.ts';
import { ASSESSMENT_ID_SYSTEM, CANONICAL_BASE } from './fhir-terms.ts';
import { ifNoneExistFor } from './transaction.ts';

/** The project's codes for instrument safety flags (`<instrument id>-<flag code>`): no LOINC or SNOMED code is assumed. */
export const RISK_FLAG_SYSTEM = `${CANONICAL_BASE}/CodeSystem/flags`;
/** R4 core extension on Flag: "the record that provides additional supporting information about this flag". */
export const FLAG_DETAIL = 'http://hl7.org/fhir/StructureDefinition/flag-detail';

/** One safety alert of an assessment as the server should hold it. */
export type RiskFlag = {
  readonly assessmentId: string;
  readonly instrumentId: string;
  /** The instrument's flag code, e.g. `suicidalIdeation`. */
  readonly flag: string;
  /** The instrument's clinician label of the flag (its only text: no free text travels). */
  readonly label: string;
  /** When the answer that raised it was given. */
  readonly answeredAt: string;
  /** When a clinician acknowledged it on the tablet; null while open. */
  readonly acknowledgedAt: string | null;
};

/** `<assessment id>/<flag code>`: the Flag's business identifier, the same on every send, so no retry duplicates it. */
export const riskFlagIdentifier = (flag: Pick<RiskFlag, 'assessmentId' | 'flag'>) => `${flag.assessmentId}/${flag.flag}`;

/**
 * A safety alert as a FHIR R4 Flag on the Patient (https://hl7.org/fhir/R4/flag.html): `active` while no clinician
 * has acknowledged it on the tablet, then `inactive` with `period.end`; category `clinical` from
 * http://terminology.hl7.org/CodeSystem/flag-category; the subject's `reference` is the Patient entry's urn:uuid.
 * The assessment's response is named by its business identifier in the `flag-detail` extension (a logical
 * reference: the response may not be on the server yet, e.g. while the assessment is a draft).
 */
export function toRiskFlag(flag: RiskFlag, subject: string): Flag {
  return {
    resourceType: 'Flag',
    identifier: [{ system: ASSESSMENT_ID_SYSTEM, value: riskFlagIdentifier(flag) }],
    extension: [
      { url: FLAG_DETAIL, valueReference: { type: 'QuestionnaireResponse', identifier: { system: ASSESSMENT_ID_SYSTEM, value: `${flag.assessmentId}/${flag.instrumentId}` } } },
    ],
    status: flag.acknowledgedAt === null ? 'active' : 'inactive',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'clinical', display: 'Clinical' }] }],
    code: { coding: [{ system: RISK_FLAG_SYSTEM, code: `${flag.instrumentId}-${flag.flag}`, display: flag.label }], text: flag.label },
    subject: { reference: subject },
    period: flag.acknowledgedAt === null ? { start: flag.answeredAt } : { start: flag.answeredAt, end: flag.acknowledgedAt },
  };
}

/**
 * An assessment's risk flags as one `transaction` Bundle: the Patient as a conditional create (as the assessment's
 * export makes it, `ifNoneExistFor`), then each Flag as a conditional update on its business identifier
 * (`PUT Flag?identifier=…`, https://hl7.org/fhir/R4/http.html#cond-update): created when the server has none,
 * replaced when it has one. So sending again, and closing it later (`inactive`), never duplicates it. Medplum's
 * router and HAPI both take conditional updates inside a transaction. `newUuid` names the Patient entry.
 */
export function toRiskFlagBundle(flags: readonly RiskFlag[], subject: ExportSubject, newUuid: () => string): Bundle {
  const patientUrl = `urn:uuid:${newUuid()}`;
  const patient: Patient = { resourceType: 'Patient', identifier: patientIdentifiers(subject) };
  const flagEntries: BundleEntry<FhirResource>[] = flags.map((f) => ({
    fullUrl: `urn:uuid:${newUuid()}`,
    resource: toRiskFlag(f, patientUrl),
    request: { method: 'PUT', url: `Flag?identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|${riskFlagIdentifier(f)}`)}` },
  }));
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [{ fullUrl: patientUrl, resource: patient, request: { method: 'POST', url: 'Patient', ifNoneExist: ifNoneExistFor(patient) } }, ...flagEntries],
  };
}
