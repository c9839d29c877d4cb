import { ok } from '../../domain/result.ts';
import { useTranslate, useTranslatorFor } from '../../i18n/i18n-context.tsx';
import type { Translate } from '../../i18n/translate.ts';
import { DEFAULT_PREFERENCES, readPreferences, recordLanguageOf, reportIdentifiersOf, type ReportIdentifiers } from '../../storage/settings-repository.ts';
import { useServices } from '../services-context.tsx';
import { useLoaded } from '../use-loaded.ts';

/**
 * The translator of the clinic's language of reports and notes (Settings; default: the interface language), for
 * the printed report and the note text; null while it loads. Preferences that cannot be read leave the interface
 * language: a report in it is better than none, and the settings screen shows the read failure itself.
 */
export function useRecordTranslate(): Translate | null {
  const t = useTranslate();
  const { vault } = useServices();
  const loaded = useLoaded(async () => {
    const read = await readPreferences(vault.db, { ...DEFAULT_PREFERENCES, language: t.language });
    return ok(read.ok ? recordLanguageOf({ ...read.value, language: t.language }) : t.language);
  }, [vault, t.language]);
  const language = loaded.state.kind === 'ready' ? loaded.state.value : null;
  const translate = useTranslatorFor(language);
  return language === null ? null : translate;
}

/** The identifiers the clinic prints on reports besides the code (Settings; default: none); null while it loads. */
export function useReportIdentifiers(): ReportIdentifiers | null {
  const t = useTranslate();
  const { vault } = useServices();
  const loaded = useLoaded(async () => {
    const read = await readPreferences(vault.db, { ...DEFAULT_PREFERENCES, language: t.language });
    return ok(read.ok ? reportIdentifiersOf(read.value) : reportIdentifiersOf(DEFAULT_PREFERENCES));
  }, [vault, t.language]);
  return loaded.state.kind === 'ready' ? loaded.state.value : null;
}

/**
 * The reference groups (norm keys, `normKey`) the clinic chose in Settings as matching its patients; null while
 * it loads. Only these give a z beside a score; on screen the others are folded, on paper they are left out.
 */
export function useMatchingNorms(): ReadonlySet<string> | null {
  const { vault } = useServices();
  const loaded = useLoaded(async () => {
    const read = await readPreferences(vault.db);
    return ok(new Set(read.ok ? (read.value.matchingNorms ?? []) : []));
  }, [vault]);
  return loaded.state.kind === 'ready' ? loaded.state.value : null;
}
