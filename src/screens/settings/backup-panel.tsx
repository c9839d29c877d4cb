import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { downloadFile } from '../../export/download-file.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { BackupError, CheckedBackup, RestoreMode, RestoreSummary } from '../../storage/backup.ts';
import { Field } from '../../ui/components/field.tsx';
import { checkBackupFile, makeBackup, restoreCheckedBackup } from '../../workflows/backup-and-restore.ts';
import { useRefreshCatalogue, useServices } from '../services-context.tsx';
import { BackupProblem } from './backup-problem.tsx';

type Props = {
  /** Called after a restore, so the app re-reads what it changed. */
  readonly onRestored: () => void;
};

type ExportFields = { passphrase: string; confirm: string };
type RestoreFields = { file: FileList; passphrase: string; mode: RestoreMode };

/** Export an encrypted backup file; check a backup file in full, then restore it (merge or replace). */
export function BackupPanel({ onRestored }: Props) {
  const t = useTranslate();
  const services = useServices();
  const refreshCatalogue = useRefreshCatalogue();
  const [problem, setProblem] = useState<BackupError | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ backup: CheckedBackup; mode: RestoreMode } | null>(null);
  const [restored, setRestored] = useState<RestoreSummary | null>(null);
  const exportForm = useForm<ExportFields>();
  const restoreForm = useForm<RestoreFields>({ defaultValues: { mode: 'merge' } });

  const download = exportForm.handleSubmit(async ({ passphrase }) => {
    setProblem(null);
    const made = await makeBackup(services, passphrase);
    if (!made.ok) return setProblem(made.error);
    downloadFile(made.value.fileName, made.value.text, 'application/json');
    setExported(t('backup.exported', { kb: Math.ceil(made.value.text.length / 1024) }));
    exportForm.reset();
  });

  const check = restoreForm.handleSubmit(async ({ file, passphrase, mode }) => {
    setProblem(null);
    setRestored(null);
    const chosen = file.item(0);
    if (!chosen) return;
    const read = await checkBackupFile(services, { file: chosen, passphrase });
    if (!read.ok) return setProblem(read.error);
    setChecked({ backup: read.value, mode });
  });

  const apply = async () => {
    if (!checked) return;
    const done = await restoreCheckedBackup(services, checked);
    setChecked(null);
    if (!done.ok) return setProblem(done.error);
    setRestored(done.value);
    restoreForm.reset();
    // The file may have brought translation packs (or, replacing, taken some away).
    await refreshCatalogue();
    onRestored();
  };

  return (
    <section className="card" aria-labelledby="backup-heading">
      <h3 id="backup-heading">{t('backup.heading')}</h3>
      <p>{t('backup.intro')}</p>
      <form onSubmit={(e) => void download(e)} noValidate>
        <Field label={t('backup.passphrase')} error={exportForm.formState.errors.passphrase ? t('setup.tooShort') : ''}>
          {(control) => <input type="password" autoComplete="new-password" {...control} {...exportForm.register('passphrase', { required: true, minLength: 6 })} />}
        </Field>
        <Field label={t('setup.confirm')} error={exportForm.formState.errors.confirm ? t('setup.mismatch') : ''}>
          {(control) => <input type="password" autoComplete="new-password" {...control} {...exportForm.register('confirm', { validate: (v, all) => v === all.passphrase })} />}
        </Field>
        <button type="submit" className="button" disabled={exportForm.formState.isSubmitting}>
          {exportForm.formState.isSubmitting ? t('backup.working') : t('backup.download')}
        </button>
        <p role="status">{exported ?? ''}</p>
      </form>

      <h3 id="restore-heading">{t('backup.restoreHeading')}</h3>
      <form onSubmit={(e) => void check(e)} noValidate aria-labelledby="restore-heading">
        <Field label={t('backup.file')}>{() => <input type="file" accept=".json,application/json" {...restoreForm.register('file', { required: true })} />}</Field>
        <Field label={t('backup.filePassphrase')}>{() => <input type="password" autoComplete="off" {...restoreForm.register('passphrase', { required: true })} />}</Field>
        <fieldset className="choice-group">
          <legend>{t('backup.mode')}</legend>
          <label className="choice">
            <input type="radio" value="merge" {...restoreForm.register('mode')} /> {t('backup.merge')}
          </label>
          <label className="choice">
            <input type="radio" value="replace" {...restoreForm.register('mode')} /> {t('backup.replace')}
          </label>
        </fieldset>
        <button type="submit" className="button" disabled={restoreForm.formState.isSubmitting}>
          {restoreForm.formState.isSubmitting ? t('backup.working') : t('backup.check')}
        </button>
      </form>
      {problem && <BackupProblem problem={problem} />}
      {checked && (
        <div className="notice notice-warning" role="alertdialog" aria-labelledby="restore-confirm">
          <p id="restore-confirm">
            {t('backup.checked', {
              date: t.formatDate(checked.backup.header.createdAt),
              version: checked.backup.header.appVersion,
              patients: checked.backup.data.patients.length,
              assessments: checked.backup.data.assessments.length,
            })}{' '}
            {checked.mode === 'replace' ? t('backup.confirmReplace') : t('backup.confirmMerge')}
          </p>
          <div className="form-nav">
            <button type="button" className="button button-secondary" onClick={() => setChecked(null)}>
              {t('backup.cancel')}
            </button>
            <button type="button" className="button" onClick={() => void apply()}>
              {checked.mode === 'replace' ? t('backup.applyReplace') : t('backup.applyMerge')}
            </button>
          </div>
        </div>
      )}
      <p role="status">{restored ? t('backup.restored', { patients: restored.patients, assessments: restored.assessments, kept: restored.kept }) : ''}</p>
    </section>
  );
}
