import type { OperationOutcome } from 'fhir/r4';

/**
 * Sending assessments to the clinic's EHR (a FHIR R4 server): the words storage and export share. The export layer
 * sends (`export/fhir/push-client.ts`), storage keeps the settings and the outbox (`storage/settings-repository.ts`,
 * `storage/outbox-repository.ts`); neither may import the other, so what both name is defined once, here. Types
 * only (`fhir/r4` is types too).
 */

/**
 * A sign-in through the EHR (SMART App Launch 2.x, https://hl7.org/fhir/smart-app-launch/): what the token endpoint
 * gave (the access and refresh tokens are credentials: stored sealed), and the user it named (`fhirUser`, e.g.
 * `Practitioner/123`, when the EHR gives one).
 */
export type SmartSession = {
  readonly accessToken: string;
  /** Null when the EHR gave none (no `offline_access`/`online_access`): a 401 then ends the sign-in at once. */
  readonly refreshToken: string | null;
  /** The scopes the EHR granted (space-separated), as it answered. */
  readonly scope: string;
  readonly fhirUser?: string;
};

/**
 * SMART sign-in settings: the client id registered with the EHR (a public client: no secret), the token endpoint
 * found by discovery, and the state of the sign-in: `signed-in` (with its session), `signed-out` (never, or signed
 * out), or `ended` (the EHR refused the token and its refresh: revoked or expired; sign in again).
 */
export type SmartAuth = {
  readonly kind: 'smart';
  readonly clientId: string;
  readonly tokenEndpoint: string | null;
  readonly sign: { readonly state: 'signed-in'; readonly session: SmartSession } | { readonly state: 'signed-out' } | { readonly state: 'ended' };
};

/** How requests to the server authenticate: a bearer token (a credential: stored sealed), a SMART sign-in, or not at all. */
export type FhirServerAuth = { readonly kind: 'bearer'; readonly token: string } | SmartAuth | { readonly kind: 'none' };

/** Where to send: the server's base URL (no trailing slash) and how to authenticate. */
export type FhirServer = { readonly baseUrl: string; readonly auth: FhirServerAuth };

/**
 * Why a request failed: `network` (no answer: offline, DNS, CORS, or the CSP refused the origin), `http` (a non-2xx
 * answer, with the server's OperationOutcome when it sent one), `not-fhir` (an answer that is not the FHIR JSON
 * expected), `no-transaction` (the CapabilityStatement offers neither transactions nor conditional creates),
 * `entry-failed` (a 2xx transaction-response in which an entry did not succeed), `sign-in-ended` (a 401 to a SMART
 * sign-in whose refresh was refused too: the EHR ended or revoked it).
 */
export type PushFailureCode = 'network' | 'http' | 'not-fhir' | 'no-transaction' | 'entry-failed' | 'sign-in-ended';

/** A failed request to the FHIR server: why (`Code`), the HTTP status (null when no answer came), the server's OperationOutcome whole, and the reason for people. */
export type ServerFailure<Code extends string> = {
  readonly code: Code;
  /** The HTTP status, or null when no answer came. */
  readonly status: number | null;
  readonly operationOutcome: OperationOutcome | null;
  /** For people: the OperationOutcome's issues, or what went wrong. */
  readonly message: string;
};

/** A failed push as the push client reports it and the outbox keeps it (sealed, the OperationOutcome whole). */
export type PushFailure = ServerFailure<PushFailureCode>;
