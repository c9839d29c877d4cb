/**
 * The scopes the app asks an EHR for in SMART App Launch (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html).
 * SMART v2 scopes (`user/Patient.crus`: create, read, update, search; update for corrections, which are conditional
 * updates by identifier) together with their SMART v1 equivalents (`user/Patient.read user/Patient.write`) for
 * older EHRs: a server grants those it knows. `openid fhirUser` name the signed-in user (`fhirUser`), `launch/patient`
 * asks for a patient in context in a standalone launch, `offline_access` for a refresh token; an EHR launch adds
 * `launch`. Pure data, shown in the README and used by the launch (`smart-client.ts`).
 */
export const SMART_RESOURCE_TYPES = ['Patient', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Provenance', 'Flag'] as const;

const v2 = SMART_RESOURCE_TYPES.map((type) => `user/${type}.crus`);
const v1 = SMART_RESOURCE_TYPES.flatMap((type) => [`user/${type}.read`, `user/${type}.write`]);

/** Every scope of a standalone launch, space-separated. */
export const STANDALONE_SCOPES = ['openid', 'fhirUser', 'offline_access', ...v2, ...v1].join(' ');

/** An EHR launch: the same, with `launch` (the EHR's launch context) and `launch/patient`. */
export const EHR_LAUNCH_SCOPES = `launch launch/patient ${STANDALONE_SCOPES}`;
