import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { helpTextFallbacks, helpTextFor } from '../../domain/help-text.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { UI_LANGUAGES, type UiLanguage } from '../../i18n/translate.ts';
import { readPreferences, type Preferences } from '../../storage/settings-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { saveClinicPreferences } from '../../workflows/save-preferences.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';
import { BackupPanel } from './backup-panel.tsx';
import { CliniciansPanel } from './clinicians-panel.tsx';
import { FhirServerPanel } from './fhir-server-panel.tsx';
import { PatientCodeSystemPanel } from './patient-code-system-panel.tsx';
import { RecordLanguagePanel } from './record-language-panel.tsx';
import { ReferenceGroupsPanel } from './reference-groups-panel.tsx';
import { ReportIdentifiersPanel } from './report-identifiers-panel.tsx';
import { SecurityPanel } from './security-panel.tsx';
import { StorageStatus } from './storage-status.tsx';
import { TranslationPacksPanel } from './translation-packs-panel.tsx';

type Fields = { helpTexts: Record<UiLanguage, string>; inactivityMinutes: string };

type Props = { readonly onSaved: (preferences: Preferences) => void };

/** Clinic settings: help text after a safety answer, inactivity lock, passphrase, backups, EHR connection, storage. */
export function SettingsScreen({ onSaved }: Props) {
  const t = useTranslate();
  const { vault } = useServices();
  const loaded = useLoaded(() => readPreferences(vault.db), [vault]);
  const current = loaded.state.kind === 'ready' ? loaded.state.value : null;
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, reset, formState } = useForm<Fields>();
  useEffect(() => {
    if (current) reset({ helpTexts: { en: current.helpTexts.en ?? '', 'zh-CN': current.helpTexts['zh-CN'] ?? '' }, inactivityMinutes: String(current.inactivityMinutes) });
  }, [current, reset]);

  /** A restore may have replaced the preferences: read them again and hand them to the app. */
  const reloadAfterRestore = async () => {
    const read = await readPreferences(vault.db);
    await loaded.reload();
    if (read.ok) onSaved(read.value);
  };

  const submit = handleSubmit(async (fields) => {
    if (!current) return;
    const next: Preferences = {
      ...current,
      helpTexts: Object.fromEntries(UI_LANGUAGES.flatMap((l) => (fields.helpTexts[l].trim() ? [[l, fields.helpTexts[l].trim()]] : []))),
      inactivityMinutes: Number(fields.inactivityMinutes),
    };
    const result = await saveClinicPreferences({ vault }, next);
    if (!result.ok) return setProblem(result.error);
    setProblem(null);
    await loaded.reload();
    setSaved(true);
    onSaved(next);
  });

  const languageName = (l: string) => (UI_LANGUAGES.includes(l as UiLanguage) ? t(`language.${l as UiLanguage}`) : l);

  if (loaded.state.kind === 'failed') return <StorageErrorNotice problem={loaded.state.error} onRetry={() => void loaded.reload()} />;
  if (!current) return <p role="status">{t('app.loading')}</p>;
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settings.heading')}</h2>
      {problem && <StorageErrorNotice problem={problem} />}
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('settings.helpText')}</legend>
          <p className="hint">
            {t('settings.helpTextHint')} “{t('safety.default')}”
          </p>
          {UI_LANGUAGES.map((language) => (
            <Field key={language} label={t(`language.${language}`)}>
              {(control) => <textarea rows={3} lang={language} {...control} {...register(`helpTexts.${language}`)} />}
            </Field>
          ))}
          {helpTextFallbacks(current.helpTexts, UI_LANGUAGES).map((language) => (
            <p key={language} className="notice notice-warning">
              {t('settings.helpTextFallback', { language: t(`language.${language}`), other: languageName(helpTextFor(current.helpTexts, language)?.language ?? 'en') })}
            </p>
          ))}
        </fieldset>
        <Field label={t('settings.inactivity')} error={formState.errors.inactivityMinutes ? t('settings.inactivityRange') : ''}>
          {(control) => (
            <input
              inputMode="numeric"
              {...control}
              {...register('inactivityMinutes', { validate: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 60 })}
            />
          )}
        </Field>
        <button type="submit" className="button">
          {t('settings.save')}
        </button>
        <p role="status">{saved ? t('settings.saved') : ''}</p>
      </form>
      <RecordLanguagePanel onSaved={() => void reloadAfterRestore()} />
      <ReferenceGroupsPanel />
      <ReportIdentifiersPanel onSaved={() => void reloadAfterRestore()} />
      <SecurityPanel />
      <CliniciansPanel />
      <BackupPanel onRestored={() => void reloadAfterRestore()} />
      <FhirServerPanel />
      <PatientCodeSystemPanel />
      <TranslationPacksPanel />
      <StorageStatus />
    </section>
  );
}
