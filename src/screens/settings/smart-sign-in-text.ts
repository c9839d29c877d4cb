import type { Translate } from '../../i18n/translate.ts';
import type { SmartSignInProblem } from '../../workflows/smart-sign-in.ts';

/** A SMART sign-in that did not start or finish, in the words of Settings (and of the notice after an EHR launch). */
export function describeSmartProblem(t: Translate, problem: SmartSignInProblem): string {
  switch (problem.kind) {
    case 'smart':
      return t(`fhirServer.smart.${problem.failure.code}`, { message: problem.failure.message });
    case 'origin-not-allowed':
      return t('fhirServer.auth-origin-not-allowed', { origin: problem.origin });
    case 'not-configured':
      return t('fhirServer.smart.not-configured');
    case 'other-ehr':
      return t('fhirServer.smart.other-ehr', { iss: problem.iss });
    case 'storage':
      return t(`storage.${problem.error.code}`, { detail: problem.error.detail });
  }
}
