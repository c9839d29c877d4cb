import type { Provenance, Reference } from 'fhir/r4';
import type { Actor } from '../../domain/clinician.ts';

/** What a record says when no clinician was named on the tablet (the clinic passphrase's holder, unnamed). */
const UNNAMED = 'Clinic administrator';

/**
 * The clinician who did something, as a FHIR reference to a Practitioner (issue 19). When they signed in through
 * the EHR (SMART `fhirUser`), the EHR's own Practitioner resource; else a logical reference by the practitioner
 * identifier the administrator recorded (https://hl7.org/fhir/R4/references.html#logical), which lets the EHR match
 * its Practitioner without this app creating one; else the name alone. Always with their name as `display`.
 */
export function practitionerReference(actor: Actor): Reference {
  const display = actor.name || UNNAMED;
  if (actor.fhirUser) return { reference: actor.fhirUser, type: 'Practitioner', display };
  return { type: 'Practitioner', ...(actor.identifier ? { identifier: { ...actor.identifier } } : {}), display };
}

type ParticipantType = 'performer' | 'enterer' | 'author';
const PARTICIPANT_DISPLAY: Readonly<Record<ParticipantType, string>> = { performer: 'Performer', enterer: 'Enterer', author: 'Author' };

/**
 * A clinician as a Provenance agent (https://hl7.org/fhir/R4/provenance.html): `performer` for who ran the visit,
 * `enterer` for who keyed in or corrected answers, with their role in the clinic as text.
 */
export const practitionerAgent = (actor: Actor, type: ParticipantType): NonNullable<Provenance['agent']>[number] => ({
  type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: type, display: PARTICIPANT_DISPLAY[type] }] },
  ...(actor.role ? { role: [{ text: actor.role }] } : {}),
  who: practitionerReference(actor),
});
