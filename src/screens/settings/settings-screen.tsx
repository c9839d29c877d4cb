import { useCallback, useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Vault } from '../../storage/vault.ts';
import { readPreferences, savePreferences, type Preferences } from '../../storage/settings-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import type { Environment } from '../../domain/ids.ts';
import { BackupPanel } from './backup-panel.tsx';
import { FhirServerPanel } from './fhir-server-panel.tsx';
import { SecurityPanel } from './security-panel.tsx';
import { StorageStatus } from './storage-status.tsx';

type Fields = { helpText: string; inactivityMinutes: string };

type Props = {
  readonly vault: Vault;
  readonly env: Environment;
  readonly knownInstrumentIds: ReadonlySet<string>;
  readonly onSaved: (preferences: Preferences) => void;
};

/** Clinic settings: help text after a safety answer, inactivity lock, passphrase, backups, EHR connection, storage. */
export function SettingsScreen({ vault, env, knownInstrumentIds, onSaved }: Props) {
  const t = useTranslate();
  const [current, setCurrent] = useState<Preferences | null>(null);
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, reset, formState } = useForm<Fields>();

  const load = useCallback(async () => {
    const read = await readPreferences(vault.db);
    if (!read.ok) return setProblem(read.error);
    setCurrent(read.value);
    reset({ helpText: read.value.helpText ?? '', inactivityMinutes: String(read.value.inactivityMinutes) });
    return read.value;
  }, [vault, reset]);
  useEffect(() => {
    void load();
  }, [load]);
  /** A restore may have replaced the preferences: read them again and hand them to the app. */
  const reloadAfterRestore = async () => {
    const read = await load();
    if (read) onSaved(read);
  };

  const submit = handleSubmit(async (fields) => {
    if (!current) return;
    const next: Preferences = {
      ...current,
      helpText: fields.helpText.trim() === '' ? null : fields.helpText.trim(),
      inactivityMinutes: Number(fields.inactivityMinutes),
    };
    const result = await savePreferences(vault.db, next);
    if (!result.ok) return setProblem(result.error);
    setCurrent(next);
    setSaved(true);
    onSaved(next);
  });

  if (problem) return <StorageErrorNotice problem={problem} />;
  if (!current) return <p role="status">{t('app.loading')}</p>;
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settings.heading')}</h2>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field">
          <span>{t('settings.helpText')}</span>
          <textarea rows={4} aria-describedby="help-hint" {...register('helpText')} />
          <span id="help-hint" className="muted">
            {t('settings.helpTextHint')} “{t('safety.default')}”
          </span>
        </label>
        <label className="field">
          <span>{t('settings.inactivity')}</span>
          <input
            inputMode="numeric"
            aria-invalid={formState.errors.inactivityMinutes ? true : undefined}
            aria-describedby="inactivity-error"
            {...register('inactivityMinutes', { validate: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 60 })}
          />
          <span id="inactivity-error" className="field-error">
            {formState.errors.inactivityMinutes ? t('settings.inactivityRange') : ''}
          </span>
        </label>
        <button type="submit" className="button">
          {t('settings.save')}
        </button>
        <p role="status">{saved ? t('settings.saved') : ''}</p>
      </form>
      <SecurityPanel db={vault.db} />
      <BackupPanel vault={vault} env={env} knownInstrumentIds={knownInstrumentIds} onRestored={() => void reloadAfterRestore()} />
      <FhirServerPanel vault={vault} allowedOrigins={__FHIR_ORIGINS__} fetchFn={window.fetch.bind(window)} />
      <StorageStatus />
    </section>
  );
}
