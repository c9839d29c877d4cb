import type { SmartAuth } from '../../domain/ehr-push.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

type Props = {
  /** The stored SMART sign-in, or null when none is saved yet. */
  readonly auth: SmartAuth | null;
  readonly busy: boolean;
  readonly onSignIn: () => void;
  readonly onSignOut: () => void;
};

/** The state of the sign-in through the EHR (signed in, as whom; not signed in; ended or revoked) and its buttons. */
export function SmartSignInControls({ auth, busy, onSignIn, onSignOut }: Props) {
  const t = useTranslate();
  const sign = auth?.sign ?? { state: 'signed-out' as const };
  const user = sign.state === 'signed-in' ? sign.session.fhirUser : undefined;
  return (
    <div>
      {sign.state === 'ended' ? (
        <p role="alert" className="notice notice-error">
          {t('fhirServer.smartEnded')}
        </p>
      ) : (
        <p>{sign.state === 'signed-in' ? (user ? t('fhirServer.smartSignedInAs', { user }) : t('fhirServer.smartSignedIn')) : t('fhirServer.smartSignedOut')}</p>
      )}
      <div className="form-nav">
        <button type="button" className="button" disabled={busy} onClick={onSignIn}>
          {busy ? t('fhirServer.smartSigningIn') : t('fhirServer.smartSignIn')}
        </button>
        {sign.state === 'signed-in' && (
          <button type="button" className="button button-secondary" onClick={onSignOut}>
            {t('fhirServer.smartSignOut')}
          </button>
        )}
      </div>
    </div>
  );
}
