import { languageNameIn } from '../../i18n/language-names.ts';
import { useState, type ChangeEvent } from 'react';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { StorageError } from '../../storage/storage-error.ts';
import { Field } from '../../ui/components/field.tsx';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import { importPack, listPacks, removePack, type ImportProblem, type PackSummary } from '../../workflows/translation-packs.ts';
import { useRefreshCatalogue, useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';
import { PackLanguageEntry, type PackEntry } from './pack-language-entry.tsx';
import { PackProblemList } from './pack-problem-list.tsx';

/**
 * Settings → Translations: every instrument's languages (built in or imported, with where the wording comes from),
 * removing an imported one, and importing a translation pack file. A refused file changes nothing and the problems
 * are listed, each naming the item, option or field. After a change the app's catalogue is loaded again.
 */
export function TranslationPacksPanel() {
  const t = useTranslate();
  const { vault, env, catalogue } = useServices();
  const refreshCatalogue = useRefreshCatalogue();
  // Read again by each change below (not on a new catalogue, which would blank the list while it loads).
  const loaded = useLoaded(() => listPacks({ vault, catalogue }), [vault]);
  const [problems, setProblems] = useState<readonly ImportProblem[] | null>(null);
  const [removeProblem, setRemoveProblem] = useState<StorageError | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const packs = loaded.state.kind === 'ready' ? loaded.state.value : [];
  const language = (tag: string) => languageNameIn(t, tag);

  const afterChange = async (message: string) => {
    await refreshCatalogue();
    await loaded.reload();
    setStatus(message);
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setProblems(null);
    setRemoveProblem(null);
    setStatus('');
    setBusy(true);
    const imported = await importPack({ vault, env, catalogue }, { fileName: file.name, size: file.size, text: () => file.text() });
    input.value = '';
    setBusy(false);
    if (!imported.ok) return setProblems(imported.error);
    const name = catalogue.instruments.find((i) => i.definition.id === imported.value.instrumentId)?.definition.shortTitle ?? imported.value.instrumentId;
    await afterChange(t('packs.importedDone', { instrument: name, language: language(imported.value.language) }));
  };

  const remove = async (instrument: Instrument, pack: PackSummary) => {
    setProblems(null);
    const removed = await removePack({ vault, env }, pack.hash);
    if (!removed.ok) return setRemoveProblem(removed.error);
    setRemoveProblem(null);
    await afterChange(t('packs.removed', { instrument: instrument.definition.shortTitle, language: language(pack.language) }));
  };

  const removedCount = packs.filter((p) => p.removedAt !== null).length;
  return (
    <section className="card" aria-labelledby="packs-heading">
      <h3 id="packs-heading">{t('packs.heading')}</h3>
      <p>{t('packs.intro')}</p>
      {loaded.state.kind === 'failed' && <StorageErrorNotice problem={loaded.state.error} onRetry={() => void loaded.reload()} />}
      {catalogue.instruments.map((instrument) => {
        const imported = packs.filter((p) => p.instrumentId === instrument.definition.id && p.removedAt === null);
        const entries: { entry: PackEntry; summary?: PackSummary }[] = [
          ...Object.values(instrument.packs)
            .filter((p) => p.origin === 'built-in')
            .map((p) => ({ entry: { language: p.language, origin: p.origin, hash: p.hash, provenance: p.provenance, importedAt: null, problems: [] } })),
          ...imported.map((summary) => ({ entry: { ...summary, origin: 'imported' as const }, summary })),
        ];
        return (
          <section key={instrument.definition.id} aria-labelledby={`packs-${instrument.definition.id}`}>
            <h4 id={`packs-${instrument.definition.id}`}>{instrument.definition.shortTitle}</h4>
            <ul className="plain-list">
              {entries.map(({ entry, summary }) => (
                <PackLanguageEntry
                  key={entry.hash}
                  instrumentName={instrument.definition.shortTitle}
                  languageName={language(entry.language)}
                  entry={entry}
                  {...(summary ? { onRemove: () => void remove(instrument, summary) } : {})}
                />
              ))}
            </ul>
          </section>
        );
      })}
      {removedCount > 0 && <p className="muted">{t('packs.keptForRecords', { count: removedCount })}</p>}
      {removeProblem && <StorageErrorNotice problem={removeProblem} />}
      <Field label={t('packs.file')} hint={t('packs.fileHint')}>
        {(control) => <input type="file" accept=".json,application/json" disabled={busy} onChange={(e) => void importFile(e)} {...control} />}
      </Field>
      <p role="status">{busy ? t('packs.checking') : status}</p>
      {problems && <PackProblemList problems={problems} />}
    </section>
  );
}
