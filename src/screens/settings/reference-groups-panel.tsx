import { useState } from 'react';
import { normPopulation } from '../../domain/catalogue-lookup.ts';
import { normKey } from '../../domain/norm-schema.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { languageNameIn } from '../../i18n/language-names.ts';
import { DEFAULT_PREFERENCES, readPreferences } from '../../storage/settings-repository.ts';
import type { StorageError } from '../../storage/storage-error.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { saveMatchingNorms } from '../../workflows/clinic-settings.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

/**
 * Settings → "Reference groups that match our patients": a z against a published group is shown beside a score only
 * when the clinic says that group is like its patients (age, country, language of the version); every other one is
 * folded away as another population's. None is chosen until the clinic chooses.
 */
export function ReferenceGroupsPanel() {
  const t = useTranslate();
  const { vault, catalogue } = useServices();
  const fallback = { ...DEFAULT_PREFERENCES, language: t.language };
  const loaded = useLoaded(() => readPreferences(vault.db, { ...DEFAULT_PREFERENCES, language: t.language }), [vault, t.language]);
  const stored = loaded.state.kind === 'ready' ? (loaded.state.value.matchingNorms ?? []) : null;
  // What the clinician ticked, over what is stored: no effect copies the stored choice in after a tick.
  const [edited, setEdited] = useState<ReadonlySet<string> | null>(null);
  const chosen = edited ?? new Set(stored ?? []);
  const [problem, setProblem] = useState<StorageError | null>(null);
  const [saved, setSaved] = useState(false);
  const norms = catalogue.instruments.flatMap((instrument) => instrument.norms.map((norm) => ({ instrument, norm })));

  const save = async () => {
    const result = await saveMatchingNorms({ vault }, [...chosen], fallback);
    if (!result.ok) return setProblem(result.error);
    setProblem(null);
    setSaved(true);
  };

  if (loaded.state.kind === 'failed') return <StorageErrorNotice problem={loaded.state.error} onRetry={() => void loaded.reload()} />;
  return (
    <form
      className="card"
      aria-labelledby="reference-groups-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="reference-groups-heading">{t('referenceGroups.heading')}</h3>
      <p className="muted">{t('referenceGroups.intro')}</p>
      {problem && <StorageErrorNotice problem={problem} />}
      <fieldset className="choice-group">
        <legend>{t('referenceGroups.legend')}</legend>
        {norms.map(({ instrument, norm }) => {
          const key = normKey(norm);
          return (
            <label key={key} className="choice">
              <input
                type="checkbox"
                checked={chosen.has(key)}
                disabled={stored === null}
                onChange={(e) => {
                  setSaved(false);
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(key);
                  else next.delete(key);
                  setEdited(next);
                }}
              />{' '}
              {t('referenceGroups.entry', {
                instrument: instrument.definition.shortTitle,
                population: normPopulation(instrument, norm, t.language),
                n: norm.n ?? t('results.nUnknown'),
                language: languageNameIn(t, norm.language),
              })}
            </label>
          );
        })}
      </fieldset>
      <div className="form-nav">
        <button type="submit" className="button" disabled={stored === null}>
          {t('referenceGroups.save')}
        </button>
      </div>
      <p role="status">{saved ? t('referenceGroups.saved') : ''}</p>
    </form>
  );
}
