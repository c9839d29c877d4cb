import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { ClinicianChangeError } from '../../storage/clinician-access.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';

/** Why an unlock (or recovery) failed, announced to screen readers. */
export function UnlockProblem({ id, problem, wrongKey }: { readonly id: string; readonly problem: ClinicianChangeError | null; readonly wrongKey: 'unlock.wrong' | 'unlock.wrongPin' | 'recover.wrong' }) {
  const t = useTranslate();
  return (
    <div id={id} role="status">
      {problem?.code === 'wrong-passphrase' && <p className="field-error">{t(wrongKey, { failures: problem.failures })}</p>}
      {problem?.code === 'wait' && <p className="field-error">{t('unlock.wait', { seconds: problem.seconds })}</p>}
      {problem?.code === 'not-set-up' && <p className="field-error">{t('unlock.notSetUp')}</p>}
      {problem?.code === 'no-recovery-code' && <p className="field-error">{t('recover.noCode')}</p>}
      {problem?.code === 'too-short' && <p className="field-error">{t('setup.tooShort')}</p>}
      {problem?.code === 'unknown-clinician' && <p className="field-error">{t('unlock.unknownClinician')}</p>}
      {problem?.code === 'storage' && <StorageErrorNotice problem={problem.error} />}
    </div>
  );
}
