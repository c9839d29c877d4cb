import { useEffect, useState } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { nativeLanguageName } from '../../i18n/language-names.ts';
import { UI_LANGUAGES } from '../../i18n/translate.ts';
import { DEFAULT_PREFERENCES, readPreferences, type Preferences } from '../../storage/settings-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { saveRecordLanguage } from '../../workflows/clinic-settings.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

/** The select's value for "follow the interface language". */
const INTERFACE = '';

/**
 * Settings → "Language of reports and notes": the printed report and the note text follow it, whatever language a
 * patient answered in (default: the interface language). `onSaved` hands the saved preferences on.
 */
export function RecordLanguagePanel({ onSaved }: { readonly onSaved: (preferences: Preferences) => void }) {
  const t = useTranslate();
  const { vault } = useServices();
  const fallback = { ...DEFAULT_PREFERENCES, language: t.language };
  const loaded = useLoaded(() => readPreferences(vault.db, { ...DEFAULT_PREFERENCES, language: t.language }), [vault, t.language]);
  const stored = loaded.state.kind === 'ready' ? (loaded.state.value.recordLanguage ?? INTERFACE) : null;
  const [chosen, setChosen] = useState<string>(INTERFACE);
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (stored !== null) setChosen(stored);
  }, [stored]);

  const save = async () => {
    const language = UI_LANGUAGES.find((l) => l === chosen);
    const result = await saveRecordLanguage({ vault }, language, fallback);
    if (!result.ok) return setProblem(result.error);
    setProblem(null);
    setSaved(true);
    onSaved(result.value);
  };

  if (loaded.state.kind === 'failed') return <StorageErrorNotice problem={loaded.state.error} onRetry={() => void loaded.reload()} />;
  return (
    <form
      className="card"
      aria-labelledby="record-language-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="record-language-heading">{t('lang.recordLanguage')}</h3>
      {problem && <StorageErrorNotice problem={problem} />}
      <Field label={t('lang.recordLanguage')} hint={t('lang.recordLanguageHint')}>
        {(control) => (
          <select
            {...control}
            value={chosen}
            disabled={stored === null}
            onChange={(e) => {
              setChosen(e.target.value);
              setSaved(false);
            }}
          >
            <option value={INTERFACE}>{t('lang.recordLanguageInterface')}</option>
            {UI_LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {nativeLanguageName(code)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button" disabled={stored === null}>
        {t('lang.recordLanguageSave')}
      </button>
      <p role="status">{saved ? t('lang.recordLanguageSaved') : ''}</p>
    </form>
  );
}
