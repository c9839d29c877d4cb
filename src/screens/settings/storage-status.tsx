import { useTranslate } from '../../i18n/i18n-context.tsx';
import { readDeviceStorage } from '../../storage/device-storage.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { useLoaded } from '../use-loaded.ts';

/** Asks the browser to keep the data (navigator.storage.persist) and says whether it agreed and how full it is. */
export function StorageStatus() {
  const t = useTranslate();
  const loaded = useLoaded(readDeviceStorage, []);
  if (loaded.state.kind === 'failed') return <StorageErrorNotice problem={loaded.state.error} onRetry={() => void loaded.reload()} />;
  if (loaded.state.kind === 'loading') return null;
  const status = loaded.state.value;
  const mb = (bytes: number) => Math.round(bytes / 1e6);
  return (
    <section className="card" aria-labelledby="storage-heading">
      <h3 id="storage-heading">{t('storageStatus.heading')}</h3>
      {!status.supported && <p>{t('storageStatus.unsupported')}</p>}
      {status.supported && (
        <p className={status.persisted ? '' : 'notice notice-warning'}>{status.persisted ? t('storageStatus.persisted') : t('storageStatus.notPersisted')}</p>
      )}
      {status.supported && <p>{t('storageStatus.usage', { used: mb(status.usage), quota: mb(status.quota) })}</p>}
      {!status.installed && <p className="notice notice-warning">{t('storageStatus.notInstalled')}</p>}
    </section>
  );
}
