import { useState } from 'react';
import { shortHash } from '../../domain/imported-packs.ts';
import type { TranslationPackText } from '../../domain/instrument-schema.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';

/** One language an instrument has on this tablet, as Settings → Translations lists it. */
export type PackEntry = {
  readonly language: string;
  readonly origin: 'built-in' | 'imported';
  readonly hash: string;
  readonly provenance: TranslationPackText['provenance'] | null;
  /** When it was imported (imported packs only). */
  readonly importedAt: string | null;
  /** Why a stored pack is not offered; empty when it is. */
  readonly problems: readonly string[];
};

type Props = {
  readonly instrumentName: string;
  readonly languageName: string;
  readonly entry: PackEntry;
  /** Set for imported packs: stops offering it (asked to confirm first). */
  readonly onRemove?: () => void;
};

/** A language of an instrument: built in or imported, where its wording comes from, and (imported) Remove. */
export function PackLanguageEntry({ instrumentName, languageName, entry, onRemove }: Props) {
  const t = useTranslate();
  const [confirming, setConfirming] = useState(false);
  const p = entry.provenance;
  return (
    <li>
      <strong>{languageName}</strong> <span className="tag tag-small">{entry.origin === 'built-in' ? t('packs.builtIn') : t('packs.imported')}</span>
      {entry.problems.length > 0 && (
        <div className="notice notice-warning">
          <p>{t('packs.notOffered')}</p>
          <ul className="plain-list">
            {entry.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <details>
        <summary>{t('packs.provenance', { language: languageName })}</summary>
        <dl>
          {p && (
            <>
              <dt>{t('packs.source')}</dt>
              <dd>{p.source}</dd>
              <dt>{t('packs.translator')}</dt>
              <dd>{p.translator}</dd>
              <dt>{t('packs.licence')}</dt>
              <dd>{p.licence}</dd>
              <dt>{t('packs.suppliedBy')}</dt>
              <dd>{p.suppliedBy}</dd>
            </>
          )}
          <dt>{t('packs.hash')}</dt>
          <dd>
            <code title={entry.hash}>{shortHash(entry.hash)}</code>
          </dd>
          {entry.importedAt && (
            <>
              <dt>{t('packs.importedAt')}</dt>
              <dd>{t.formatDate(entry.importedAt)}</dd>
            </>
          )}
        </dl>
      </details>
      {onRemove && !confirming && (
        <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
          {t('packs.remove', { language: languageName })}
        </button>
      )}
      {onRemove && confirming && (
        <div className="notice notice-warning" role="alertdialog" aria-labelledby={`remove-${entry.hash}`}>
          <p id={`remove-${entry.hash}`}>{t('packs.confirmRemove', { instrument: instrumentName, language: languageName })}</p>
          <div className="form-nav">
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              {t('packs.cancel')}
            </button>
            <button type="button" className="button button-danger" onClick={onRemove}>
              {t('packs.confirm')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
