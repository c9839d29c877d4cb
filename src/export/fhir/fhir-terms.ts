import type { Coding } from 'fhir/r4';

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
/** The root of each clinic's patient-code system (`…/patient-code/<uuid>`); earlier builds used this one alone. */
export const PATIENT_CODE_SYSTEM = `${CANONICAL_BASE}/patient-code`;
export const LOINC = 'http://loinc.org';

/**
 * The translation pack a QuestionnaireResponse's items were shown in (issue 14), a complex extension on the response
 * (https://hl7.org/fhir/R4/extensibility.html#complex): `language` (code, BCP-47: the text's, as
 * `QuestionnaireResponse.language`), `version` (string: the pack's, = the instrument's), `sha256` (string: the hex
 * SHA-256 of the pack file as supplied; absent when the app did not record it), `origin` (code: `built-in` or
 * `imported`; absent when the pack is not on the tablet), `reading` (code: `respondent` — read or heard as written —
 * or `clinician-read`) and, for `clinician-read`, `interpretedInto` (code: the patient's language, into which the
 * clinician interpreted the items aloud: not the validated questionnaire in that language).
 */
export const TRANSLATION_PACK_EXTENSION = `${CANONICAL_BASE}/StructureDefinition/translation-pack`;

/**
 * Which corrected version of its visit a QuestionnaireResponse is (issue 18, point 4), a complex extension on the
 * response: `number` (integer: 2, 3, …), `reason` (code: `wrong-answer`, `wrong-patient`, `entered-in-error`) and
 * `note` (string, the clinician's words, when given). The Provenance sent with the version says the same for the
 * EHR; this is what another tablet of the clinic reads back when it pulls the visit, so its versions line up.
 */
export const REVISION_EXTENSION = `${CANONICAL_BASE}/StructureDefinition/revision`;

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
 * PHQ-9 in LOINC: panel 44249-1, total 44261-6, items 44250-9 … 44260-8, difficulty 69722-7; answers from list
 * LL358-3 for items 1–9 and LL359-1 for item 10 (difficulty).
 *
 * Displays are LOINC's own strings, never our wording or a translation: FHIR's "Using LOINC with FHIR"
 * (https://hl7.org/fhir/R4/loinc.html, Summary: "Display") allows the SHORTNAME or the LONG_COMMON_NAME, and we
 * use the Long Common Name, the name LOINC's pages list terms by (LOINC's newer Display Names exist only for
 * laboratory terms: https://loinc.org/display-names). Sources, LOINC 2.76–2.78: loinc.org/44261-6 (44261-6, and
 * 44249-1 by Long Common Name among its panels), loinc.org/LL358-3 (LA6568-5 … LA6571-9, and 44260-8 among the
 * terms using the list), loinc.org/LL359-1 (LA6572-7 … LA6574-3, and 69722-7). Item codes 1–8 are written
 * without a display (none was confirmed offline).
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
  /** Our option codes (instruments/phq-9/instrument.json) → LOINC answers, by option set. */
  answers: {
    // LL358-3, items 1–9.
    'phq-frequency': {
      'not-at-all': 'LA6568-5',
      'several-days': 'LA6569-3',
      'more-than-half-the-days': 'LA6570-1',
      'nearly-every-day': 'LA6571-9',
    },
    // LL359-1, item 10. LOINC's codes are not in answer order: Very difficult is LA6575-0, Extremely difficult
    // LA6574-3 (some published examples swap them; LOINC's LL359-1 page is the source).
    'phq-difficulty': {
      'not-difficult-at-all': 'LA6572-7',
      'somewhat-difficult': 'LA6573-5',
      'very-difficult': 'LA6575-0',
      'extremely-difficult': 'LA6574-3',
    },
  } as Readonly<Record<string, Readonly<Record<string, string>>>>,
  /** LOINC's display of each code we write with one (see above for the source of each). */
  displays: {
    '44249-1': 'PHQ-9 quick depression assessment panel [Reported.PHQ]',
    '44261-6': 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
    '44260-8': 'Thoughts that you would be better off dead, or of hurting yourself in some way in last 2 weeks [Reported.PHQ]',
    '69722-7': 'How difficult have these made it for you to do your work, take care of things at home, or get along with other people [Reported.PHQ]',
    'LA6568-5': 'Not at all',
    'LA6569-3': 'Several days',
    'LA6570-1': 'More than half the days',
    'LA6571-9': 'Nearly every day',
    'LA6572-7': 'Not difficult at all',
    'LA6573-5': 'Somewhat difficult',
    'LA6575-0': 'Very difficult',
    'LA6574-3': 'Extremely difficult',
  } as Readonly<Record<string, string>>,
};

/** A LOINC coding with LOINC's display (`PHQ9_LOINC.displays`), or none where we have not confirmed one. */
export function loincCoding(code: string): Coding {
  const display = PHQ9_LOINC.displays[code];
  return display === undefined ? { system: LOINC, code } : { system: LOINC, code, display };
}
