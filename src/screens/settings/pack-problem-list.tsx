import { assertNever } from '../../domain/result.ts';
import { megabytes } from '../../domain/translation-pack.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import type { Translate } from '../../i18n/translate.ts';
import { StorageErrorNotice } from '../../ui/components/storage-error-notice.tsx';
import type { ImportProblem } from '../../workflows/translation-packs.ts';

/** Why a pack file was not imported, one line per problem naming the item, option or field, and that nothing changed. */
export function PackProblemList({ problems }: { readonly problems: readonly ImportProblem[] }) {
  const t = useTranslate();
  const storage = problems.find((p) => p.code === 'storage');
  if (storage?.code === 'storage') return <StorageErrorNotice problem={storage.error} />;
  return (
    <div role="alert" className="notice notice-error">
      <p>{t('packs.refused')}</p>
      <ul className="plain-list">
        {problems.map((problem, i) => (
          <li key={i}>{describe(problem, t)}</li>
        ))}
      </ul>
      <p>{t('packs.unchanged')}</p>
    </div>
  );
}

function describe(problem: ImportProblem, t: Translate): string {
  switch (problem.code) {
    case 'too-large':
      return t('packs.problem.too-large', { mb: megabytes(problem.bytes), limit: problem.limit / (1024 * 1024) });
    case 'not-json':
    case 'not-a-pack':
    case 'unreadable':
      return t(`packs.problem.${problem.code}`);
    case 'unknown-instrument':
      return t('packs.problem.unknown-instrument', { instrument: problem.instrument });
    case 'wrong-version':
      return t('packs.problem.wrong-version', { found: problem.found, expected: problem.expected });
    case 'built-in-language':
    case 'already-imported':
      return t(`packs.problem.${problem.code}`, { instrument: problem.instrument, language: problem.language });
    case 'item-missing':
    case 'item-extra':
      return t(`packs.problem.${problem.code}`, { item: problem.item });
    case 'option-set-missing':
    case 'option-set-extra':
      return t(`packs.problem.${problem.code}`, { set: problem.set });
    case 'option-missing':
    case 'option-extra':
      return t(`packs.problem.${problem.code}`, { set: problem.set, option: problem.option });
    case 'alias-unknown':
      return problem.option === null ? t('packs.problem.alias-set', { set: problem.set }) : t('packs.problem.alias-option', { set: problem.set, option: problem.option });
    case 'field-missing':
    case 'field-empty':
    case 'field-unknown':
      return t(`packs.problem.${problem.code}`, { field: problem.field });
    case 'field-invalid':
      return t('packs.problem.field-invalid', { field: problem.field, detail: problem.detail });
    case 'storage':
      return problem.error.detail;
    default:
      return assertNever(problem);
  }
}
