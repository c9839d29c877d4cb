import { useTranslate } from '../../i18n/i18n-context.tsx';

export type StorageProblem = {
  readonly code: 'quota-exceeded' | 'blocked' | 'unavailable' | 'version' | 'not-found' | 'conflict' | 'locked' | 'undecryptable' | 'unknown';
  readonly detail: string;
};

/** Says what went wrong with the tablet's storage and what the clinician can do; offers a retry when given one. */
export function StorageErrorNotice({ problem, onRetry }: { readonly problem: StorageProblem; readonly onRetry?: () => void }) {
  const t = useTranslate();
  return (
    <div role="alert" className="notice notice-error">
      <p>{t(`storage.${problem.code}`, { detail: problem.detail })}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('storage.retry')}
        </button>
      )}
    </div>
  );
}
