import { useTranslate } from '../../i18n/i18n-context.tsx';

/** What a screen shows when it crashes: what happened, that nothing was lost, and a way on. */
export function CrashNotice({ error, onStaff }: { readonly error: Error; readonly onStaff?: () => void }) {
  const t = useTranslate();
  return (
    <div role="alert" className="notice notice-error">
      <p>
        <strong>{t('app.crashed')}</strong> {t('app.crashedDetail')}
      </p>
      <p className="muted">{error.message}</p>
      <div className="form-nav">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </button>
        {onStaff && (
          <button type="button" className="button button-secondary" onClick={onStaff}>
            {t('handover.staff')}
          </button>
        )}
      </div>
    </div>
  );
}
