import type { StorageError } from '../../domain/storage-failure.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

/**
 * Says what went wrong with the tablet's storage and what the clinician can do; offers a retry when given one.
 * `answersKept`: answers wait in memory, so it says they are kept and that closing or reloading would lose them.
 */
export function StorageErrorNotice({ problem, onRetry, answersKept = false }: { readonly problem: StorageError; readonly onRetry?: () => void; readonly answersKept?: boolean }) {
  const t = useTranslate();
  return (
    <div role="alert" className="notice notice-error">
      <p>{t(`storage.${problem.code}`, { detail: problem.detail })}</p>
      {answersKept && <p>{t('storageFull.answersKept')}</p>}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('storage.retry')}
        </button>
      )}
    </div>
  );
}
