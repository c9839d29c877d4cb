import { useTranslate } from '../i18n/i18n-context.tsx';
import { describeSmartProblem } from '../screens/settings/smart-sign-in-text.ts';
import { describePullFailure } from '../ui/components/push-failure-text.ts';
import type { EhrSignInNotice as Notice } from './use-ehr-sign-in.ts';
import { routeHref } from './use-hash-route.ts';

/** After an unlock that followed the EHR: signed in (the patient not on this tablet offered as "new patient"), or why not. */
export function EhrSignInNotice({ notice, onDismiss }: { readonly notice: Notice; readonly onDismiss: () => void }) {
  const t = useTranslate();
  const problem = notice.kind === 'problem';
  const patient = notice.kind === 'signed-in' ? notice.patient : null;
  return (
    <section role={problem ? 'alert' : 'status'} className={`notice ${problem ? 'notice-error' : ''}`} aria-label={t('ehrLaunch.heading')}>
      <p>{notice.kind === 'problem' ? describeSmartProblem(t, notice.problem) : t('ehrLaunch.signedIn')}</p>
      {patient?.kind === 'not-here' && (
        <p>
          {patient.mrn ? t('ehrLaunch.notHereMrn', { mrn: patient.mrn }) : t('ehrLaunch.notHere')}{' '}
          <a className="button" href={routeHref({ name: 'new-patient', mrn: patient.mrn ?? '' })} onClick={onDismiss}>
            {t('ehrLaunch.addPatient')}
          </a>
        </p>
      )}
      {patient?.kind === 'not-read' && <p>{t('ehrLaunch.notRead', { reason: describePullFailure(t, patient.failure) })}</p>}
      <button type="button" className="button button-secondary" onClick={onDismiss}>
        {t('ehrLaunch.dismiss')}
      </button>
    </section>
  );
}
