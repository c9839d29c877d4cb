import type { ReactNode } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';

/**
 * What the patient reads when the tablet's storage is full: one calm line in their language (their answers are
 * kept in memory; nothing is asked of them but to call staff) and, folded under "For staff", what staff need: the
 * cause, what to free and Try again (`staff`, given in the interface language).
 */
export function StorageFullNotice({ staff }: { readonly staff: ReactNode }) {
  const t = useTranslate();
  return (
    <div className="notice storage-full" role="status">
      <p className="lead">{t('storageFull.patient')}</p>
      <details>
        <summary className="button button-quiet">{t('storageFull.forStaff')}</summary>
        {staff}
      </details>
    </div>
  );
}
