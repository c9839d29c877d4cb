import type { PushFailure } from '../../domain/ehr-push.ts';
import type { PullFailure } from '../../export/fhir/pull-client.ts';
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
    case 'sign-in-ended':
      return t('fhirServer.failure.sign-in-ended');
    case 'http':
    case 'not-fhir':
    case 'entry-failed':
      return t(`fhirServer.failure.${failure.code}`, { status: failure.status ?? '', message: failure.message });
  }
}

/** A failed "Fetch earlier visits" in the same words, and the two failures only a pull has. */
export function describePullFailure(t: Translate, failure: PullFailure): string {
  switch (failure.code) {
    case 'network':
      return t('fhirServer.failure.network');
    case 'sign-in-ended':
      return t('fhirServer.failure.sign-in-ended');
    case 'http':
    case 'not-fhir':
      return t(`fhirServer.failure.${failure.code}`, { status: failure.status ?? '', message: failure.message });
    case 'several-patients':
      return t('pull.failure.severalPatients');
    case 'paging':
      return t('pull.failure.paging');
  }
}
