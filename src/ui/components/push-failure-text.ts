import type { Translate } from '../../i18n/translate.ts';

const KNOWN = ['network', 'no-transaction', 'http', 'not-fhir', 'entry-failed'] as const;
type KnownCode = (typeof KNOWN)[number];
const isKnown = (code: string): code is KnownCode => (KNOWN as readonly string[]).includes(code);

/**
 * Explains a failed request to the FHIR server in the clinician's words, with the server's status and message
 * (its OperationOutcome, summarised by the push client). Used by the settings' connection test and by sending.
 */
export function describePushFailure(t: Translate, failure: { readonly code: string; readonly status: number | null; readonly message: string }): string {
  if (!isKnown(failure.code)) return failure.message;
  if (failure.code === 'network' || failure.code === 'no-transaction') return t(`fhirServer.failure.${failure.code}`);
  return t(`fhirServer.failure.${failure.code}`, { status: failure.status ?? '', message: failure.message });
}
