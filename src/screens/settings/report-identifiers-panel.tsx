import { useState, type ChangeEvent } from 'react';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { DEFAULT_PREFERENCES, readPreferences, reportIdentifiersOf, type Preferences, type ReportIdentifiers } from '../../storage/settings-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { saveReportIdentifiers } from '../../workflows/clinic-settings.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

const NONE: ReportIdentifiers = { displayName: false, mrn: false };

/**
 * Settings → "Identifiers on printed reports": the patient code is always on paper; the display name and the MRN
 * each only when the clinic ticks it (default: code only, so a report left on a printer names no one). `onSaved`
 * hands the saved preferences on (so the other preference forms do not write an older copy over them).
 */
export function ReportIdentifiersPanel({ onSaved }: { readonly onSaved: (preferences: Preferences) => void }) {
  const t = useTranslate();
  const { vault } = useServices();
  const fallback = { ...DEFAULT_PREFERENCES, language: t.language };
  const loaded = useLoaded(() => readPreferences(vault.db, { ...DEFAULT_PREFERENCES, language: t.language }), [vault, t.language]);
  const stored = loaded.state.kind === 'ready' ? loaded.state.value : null;
  // What the clinician ticked, over what is stored: no effect copies the stored choice in after a tick.
  const [edited, setEdited] = useState<ReportIdentifiers | null>(null);
  const chosen = edited ?? (stored ? reportIdentifiersOf(stored) : NONE);
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async () => {
    const result = await saveReportIdentifiers({ vault }, chosen, fallback);
    if (!result.ok) return setProblem(result.error);
    setProblem(null);
    setSaved(true);
    onSaved(result.value);
  };
  const toggle = (key: keyof ReportIdentifiers) => (e: ChangeEvent<HTMLInputElement>) => {
    setEdited({ ...chosen, [key]: e.target.checked });
    setSaved(false);
  };

  if (loaded.state.kind === 'failed') return <StorageErrorNotice problem={loaded.state.error} onRetry={() => void loaded.reload()} />;
  return (
    <form
      className="card"
      aria-labelledby="report-identifiers-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="report-identifiers-heading">{t('reportIdentifiers.heading')}</h3>
      {problem && <StorageErrorNotice problem={problem} />}
      <fieldset className="choice-group">
        <legend>{t('reportIdentifiers.legend')}</legend>
        <p className="muted">{t('reportIdentifiers.codeAlways')}</p>
        <label className="choice">
          <input type="checkbox" checked={chosen.displayName} disabled={stored === null} onChange={toggle('displayName')} />
          <span>{t('reportIdentifiers.displayName')}</span>
        </label>
        <label className="choice">
          <input type="checkbox" checked={chosen.mrn} disabled={stored === null} onChange={toggle('mrn')} />
          <span>{t('reportIdentifiers.mrn')}</span>
        </label>
      </fieldset>
      <button type="submit" className="button" disabled={stored === null}>
        {t('reportIdentifiers.save')}
      </button>
      <p role="status">{saved ? t('reportIdentifiers.saved') : ''}</p>
    </form>
  );
}
