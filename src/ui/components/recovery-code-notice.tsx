import { useTranslate } from '../../i18n/i18n-context.tsx';

/** Shows a recovery code once, large and spaced, with what it is for. */
export function RecoveryCodeNotice({ code }: { readonly code: string }) {
  const t = useTranslate();
  return (
    <div className="notice notice-warning">
      <p>{t('setup.recoveryIntro')}</p>
      <p className="recovery-code" aria-label={t('recover.code')}>
        <code>{code}</code>
      </p>
    </div>
  );
}
