/**
 * The project's FHIR identity: canonical URLs, code systems and identifier systems. No LOINC or SNOMED codes
 * exist for SHAPS, AES, AMI or TEPS, so they are coded in these project systems; PHQ-9 also carries LOINC.
 */
export const CANONICAL_BASE = 'https://motivation-profile.app/fhir';
export const questionnaireUrl = (instrumentId: string) => `${CANONICAL_BASE}/Questionnaire/${instrumentId}`;
export const optionSystem = (instrumentId: string) => `${CANONICAL_BASE}/CodeSystem/${instrumentId}-options`;
export const SCORE_SYSTEM = `${CANONICAL_BASE}/CodeSystem/scores`;
export const BAND_SYSTEM = `${CANONICAL_BASE}/CodeSystem/bands`;
export const ASSESSMENT_ID_SYSTEM = `${CANONICAL_BASE}/assessment-id`;
export const PATIENT_CODE_SYSTEM = `${CANONICAL_BASE}/patient-code`;
export const LOINC = 'http://loinc.org';

/**
 * Whether text can be an `Identifier.system` (https://hl7.org/fhir/R4/datatypes.html#uri): an OID or UUID URN, or
 * an absolute http(s) URL. Used for the clinic's MRN system in the settings and at export.
 */
export function isIdentifierSystem(text: string): boolean {
  return /^urn:oid:[0-2](\.(0|[1-9]\d*))+$/.test(text) || /^urn:uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(text) || (/^https?:\/\//.test(text) && URL.canParse(text));
}
export const ITEM_WEIGHT = 'http://hl7.org/fhir/StructureDefinition/itemWeight';
export const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
export const CALCULATED_EXPRESSION = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression';

/**
 * PHQ-9 in LOINC: panel 44249-1, total 44261-6, items 44250-9 … 44260-8, difficulty 69722-7, and the answer list
 * LL358-3 (LA6568-5 … LA6571-9). From LOINC's own page of panel 44249-1 (loinc.org/44249-1).
 */
export const PHQ9_LOINC = {
  panel: '44249-1',
  total: '44261-6',
  items: {
    'phq-9-1': '44250-9',
    'phq-9-2': '44255-8',
    'phq-9-3': '44259-0',
    'phq-9-4': '44254-1',
    'phq-9-5': '44251-7',
    'phq-9-6': '44258-2',
    'phq-9-7': '44252-5',
    'phq-9-8': '44253-3',
    'phq-9-9': '44260-8',
    'phq-9-difficulty': '69722-7',
  } as Readonly<Record<string, string>>,
  answers: {
    'not-at-all': 'LA6568-5',
    'several-days': 'LA6569-3',
    'more-than-half-the-days': 'LA6570-1',
    'nearly-every-day': 'LA6571-9',
  } as Readonly<Record<string, string>>,
};
