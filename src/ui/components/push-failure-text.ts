import type { PushFailure } from '../../domain/ehr-push.ts';
import type { Translate } from '../../i18n/translate.ts';

/**
 * Explains a failed request to the FHIR server in the clinician's words, with the server's status and message
 * (its OperationOutcome, summarised by the push client). Used by the settings' connection test and by sending.
 */
export function describePushFailure(t: Translate, failure: PushFailure): string {
  switch (failure.code) {
    case 'network':
    case 'no-transaction':
      return t(`fhirServer.failure.${failure.code}`);
    case 'http':
    case 'not-fhir':
    case 'entry-failed':
      return t(`fhirServer.failure.${failure.code}`, { status: failure.status ?? '', message: failure.message });
  }
}
