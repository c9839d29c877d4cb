import { useEffect, useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';

type Status = { readonly supported: boolean; readonly persisted: boolean; readonly usage: number; readonly quota: number; readonly installed: boolean };

/** Asks the browser to keep the data (navigator.storage.persist) and says whether it agreed and how full it is. */
export function StorageStatus() {
  const t = useTranslate();
  const [status, setStatus] = useState<Status | null>(null);
  useEffect(() => {
    void readStatus().then(setStatus);
  }, []);
  if (!status) return null;
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

async function readStatus(): Promise<Status> {
  const installed = window.matchMedia('(display-mode: standalone)').matches;
  if (!('storage' in navigator) || typeof navigator.storage.persist !== 'function') {
    return { supported: false, persisted: false, usage: 0, quota: 0, installed };
  }
  const persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  return { supported: true, persisted, usage, quota, installed };
}
