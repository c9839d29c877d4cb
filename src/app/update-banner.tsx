import { useTranslate } from '../i18n/i18n-context.tsx';

/**
 * Offers a waiting new version. Rendered only in clinician mode outside an assessment, so an update can never
 * interrupt an administration; the page is never reloaded without this button.
 */
export function UpdateBanner({ onUpdate }: { readonly onUpdate: () => void }) {
  const t = useTranslate();
  return (
    <div className="notice notice-warning update-banner" role="status">
      <span>{t('update.ready')}</span>
      <button type="button" className="button" onClick={onUpdate}>
        {t('update.now')}
      </button>
    </div>
  );
}
