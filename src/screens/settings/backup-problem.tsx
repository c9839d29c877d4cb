import { assertNever } from '../../domain/result.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { BackupError } from '../../storage/backup.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';

/** Names what is wrong with a backup file (or its restore) and says that nothing was changed. */
export function BackupProblem({ problem }: { readonly problem: BackupError }) {
  const t = useTranslate();
  if (problem.code === 'storage') return <StorageErrorNotice problem={problem.error} />;
  return (
    <p role="alert" className="notice notice-error">
      {describe(problem, t)} {t('backup.unchanged')}
    </p>
  );
}

function describe(problem: Exclude<BackupError, { code: 'storage' }>, t: ReturnType<typeof useTranslate>): string {
  switch (problem.code) {
    case 'too-large':
      return t('backup.tooLarge', { mb: Math.round(problem.bytes / 1048576), limit: Math.round(problem.limit / 1048576) });
    case 'not-a-backup':
      return t('backup.notABackup');
    case 'newer-version':
      return t('backup.newerVersion', { found: problem.found, supported: problem.supported });
    case 'wrong-passphrase':
      return t('backup.wrongPassphrase');
    case 'damaged':
      return t('backup.damaged');
    case 'invalid':
      return t('backup.invalid', { detail: problem.detail });
    case 'unknown-instrument':
      return t('backup.unknownInstrument', { ids: problem.ids.join(', ') });
    case 'code-conflict':
      return t('backup.codeConflict', { codes: problem.codes.join(', ') });
    case 'too-short':
      return t('setup.tooShort');
    default:
      return assertNever(problem);
  }
}
