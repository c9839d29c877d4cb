import { err, ok, type Result } from './result.ts';
import { isRecord, isString } from './value-checks.ts';

/**
 * Named clinicians on a shared tablet (issue 19). The clinic administrator (whoever set the tablet up: the clinic
 * passphrase and the recovery code are theirs) adds clinicians, each with their own passphrase or PIN that unwraps
 * the clinic's master secret. Whoever unlocked is the *actor* of every action until the tablet locks: it is recorded,
 * sealed, with the clinical data it made or changed, in the audit log, and exported (FHIR Practitioner).
 */
export const ADMINISTRATOR_ID = 'administrator';

/** An identifier for the clinician in the clinic's systems (an employee or licence number with its system URI). */
export type PractitionerIdentifier = { readonly system: string; readonly value: string };

/**
 * Who did something, as recorded with it: the clinician's id on this tablet, their name and identifier *at the
 * time* (a later rename does not rewrite history), and the EHR's `fhirUser` reference when they signed in through
 * the EHR (SMART). `name` "" is the administrator who has not given a name ("Clinic administrator" when shown).
 */
export type Actor = {
  readonly id: string;
  readonly name: string;
  readonly identifier?: PractitionerIdentifier | undefined;
  /** Their role in the clinic as the clinic words it. */
  readonly role?: string | undefined;
  readonly fhirUser?: string | undefined;
};

/**
 * An actor as stored, field by field (hand-written: the unlock screen is on the start page, which loads no zod), or
 * undefined if `value` is not one. Unknown fields are dropped.
 */
export function readActor(value: unknown): Actor | undefined {
  if (!isRecord(value) || !isString(value.id) || value.id === '' || !isString(value.name)) return undefined;
  const id = value.identifier;
  const identifier = isRecord(id) && isString(id.system) && isString(id.value) && id.system !== '' && id.value !== '' ? { system: id.system, value: id.value } : undefined;
  if (id !== undefined && !identifier) return undefined;
  if ((value.role !== undefined && !isString(value.role)) || (value.fhirUser !== undefined && !isString(value.fhirUser))) return undefined;
  return {
    id: value.id,
    name: value.name,
    ...(identifier ? { identifier } : {}),
    ...(isString(value.role) ? { role: value.role } : {}),
    ...(isString(value.fhirUser) ? { fhirUser: value.fhirUser } : {}),
  };
}

/** How a clinician proves who they are: a passphrase, or a PIN (digits, shown with a number pad). */
export type CredentialKind = 'passphrase' | 'pin';

/** A clinician as the administrator enters them (also the administrator's own profile, without a credential). */
export type ClinicianProfile = {
  readonly name: string;
  /** Their role in the clinic as the clinic words it ("Psychiatrist", "Nurse"), shown and exported as text. */
  readonly role: string;
  readonly identifier?: PractitionerIdentifier | undefined;
};

export const MIN_CLINICIAN_PASSPHRASE_LENGTH = 8;
export const MIN_PIN_LENGTH = 6;

export type CredentialProblem = 'too-short' | 'pin-not-digits' | 'pin-too-simple';

/**
 * A clinician's own passphrase (≥ 8 characters) or PIN (≥ 6 digits, not one digit repeated nor a run such as
 * 123456 or 987654). Every attempt counts against the clinic passphrase's throttle (3 free, then a doubling wait up
 * to 5 minutes), so guessing a 6-digit PIN at the tablet takes years; a copied browser profile is guarded only by
 * PBKDF2 (600 000 iterations), which is why a passphrase is offered first.
 */
export function checkCredential(kind: CredentialKind, secret: string): Result<string, CredentialProblem> {
  if (kind === 'passphrase') return secret.length >= MIN_CLINICIAN_PASSPHRASE_LENGTH ? ok(secret) : err('too-short');
  if (!/^[0-9]*$/.test(secret)) return err('pin-not-digits');
  if (secret.length < MIN_PIN_LENGTH) return err('too-short');
  const steps = new Set(Array.from(secret.slice(1), (digit, i) => (Number(digit) - Number(secret[i]) + 10) % 10));
  const simple = steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9));
  return simple ? err('pin-too-simple') : ok(secret);
}

export type ProfileProblem = 'name-missing' | 'identifier-incomplete' | 'identifier-system-not-uri';

/** A profile as typed: the name required, the identifier both parts or neither, its system a URI. */
export function checkProfile(input: { name: string; role: string; identifierSystem: string; identifierValue: string }): Result<ClinicianProfile, ProfileProblem> {
  const name = input.name.trim();
  if (name === '') return err('name-missing');
  const system = input.identifierSystem.trim();
  const value = input.identifierValue.trim();
  if ((system === '') !== (value === '')) return err('identifier-incomplete');
  if (system !== '' && !/^(https?:\/\/\S+|urn:\S+)$/.test(system)) return err('identifier-system-not-uri');
  return ok({ name, role: input.role.trim(), ...(system !== '' ? { identifier: { system, value } } : {}) });
}

/** The actor recorded for a clinician now. */
export const actorOf = (id: string, profile: ClinicianProfile, fhirUser?: string): Actor => ({
  id,
  name: profile.name,
  ...(profile.identifier ? { identifier: profile.identifier } : {}),
  ...(profile.role ? { role: profile.role } : {}),
  ...(fhirUser ? { fhirUser } : {}),
});

/** Someone recorded before clinicians were named (or by a caller that has none): the clinic's administrator. */
export const UNNAMED_ADMINISTRATOR: Actor = { id: ADMINISTRATOR_ID, name: '' };

/** The actor of an action taken with these keys (keys made before clinicians were named: the administrator). */
export const holderOf = (keys: { readonly holder?: Actor | undefined }): Actor => keys.holder ?? UNNAMED_ADMINISTRATOR;

/** What a clinic action changed, in the audit log. */
export const AUDIT_ACTIONS = [
  'start-assessment',
  'enter-answers',
  'take-back',
  'acknowledge-alert',
  'amend',
  'void',
  'export',
  'send-to-ehr',
  'add-clinician',
  'remove-clinician',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One line of the tablet's append-only audit log (sealed): who, what, when, and on what (pseudonymous ids, an
 * instrument, a short detail such as the export's kind or the clinician added).
 */
export type AuditEntry = {
  readonly at: string;
  readonly actor: Actor;
  readonly action: AuditAction;
  readonly patientId?: string | undefined;
  readonly assessmentId?: string | undefined;
  readonly instrumentId?: string | undefined;
  readonly detail?: string | undefined;
};
