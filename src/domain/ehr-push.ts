import type { OperationOutcome } from 'fhir/r4';

/**
 * Sending assessments to the clinic's EHR (a FHIR R4 server): the words storage and export share. The export layer
 * sends (`export/fhir/push-client.ts`), storage keeps the settings and the outbox (`storage/settings-repository.ts`,
 * `storage/outbox-repository.ts`); neither may import the other, so what both name is defined once, here. Types
 * only (`fhir/r4` is types too).
 */

/** How requests to the server authenticate: a bearer token (a credential: stored sealed), or not at all. */
export type FhirServerAuth = { readonly kind: 'bearer'; readonly token: string } | { readonly kind: 'none' };

/** Where to send: the server's base URL (no trailing slash) and how to authenticate. */
export type FhirServer = { readonly baseUrl: string; readonly auth: FhirServerAuth };

/**
 * Why a request failed: `network` (no answer: offline, DNS, CORS, or the CSP refused the origin), `http` (a non-2xx
 * answer, with the server's OperationOutcome when it sent one), `not-fhir` (an answer that is not the FHIR JSON
 * expected), `no-transaction` (the CapabilityStatement offers neither transactions nor conditional creates),
 * `entry-failed` (a 2xx transaction-response in which an entry did not succeed).
 */
export type PushFailureCode = 'network' | 'http' | 'not-fhir' | 'no-transaction' | 'entry-failed';

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
