import { ok, type Result } from '../domain/result.ts';
import { isIntIn, isRecord, isString, isStringArray } from '../domain/value-checks.ts';
import type { AppDatabase } from './database.ts';
import { attempt, type StorageError } from './storage-error.ts';

/*
 * Settings rows in the clear, read and written one key at a time, and the clinic's preferences: what the app reads
 * when it opens, apart from the clinic's other settings (settings-repository.ts, which re-exports all of this), so
 * the start page carries only these (issue 20's byte budget).
 */

type UiLanguage = 'en' | 'zh-CN';

export type Preferences = {
  language: UiLanguage;
  /**
   * The clinic's own text shown to a patient after a safety answer, per language (whom to call, where to go); a
   * language without one shows the other's (Settings says so), and with none at all the app's default text.
   */
  helpTexts: { en?: string | undefined; 'zh-CN'?: string | undefined };
  /** Minutes without a touch before patient mode blanks to the locked screen. */
  inactivityMinutes: number;
  /**
   * The language of printed reports and note texts, whatever language a patient answered in; absent (also in
   * preferences saved before it existed, or a language this build does not speak): the interface language.
   */
  recordLanguage?: UiLanguage | undefined;
  /**
   * The reference groups (norms, `<instrument>/<norm id>`) the clinic has chosen as matching its patients: only
   * those give a z beside a score; the others are folded away as another population's. Absent: none chosen.
   */
  matchingNorms?: string[] | undefined;
  /**
   * Which identifiers the printed report shows besides the patient code (always printed): the display name and the
   * MRN each only when the clinic chooses it; absent (also in preferences saved before it existed): code only.
   */
  reportIdentifiers?: { displayName: boolean; mrn: boolean } | undefined;
};

const isUiLanguage = (value: unknown): value is UiLanguage => value === 'en' || value === 'zh-CN';

/**
 * Stored preferences, field by field: a field that does not read takes its default (the others are kept), so one
 * damaged or newer value never costs the clinic the rest. Not an object: undefined (the caller's fallback).
 */
function readPreferencesValue(value: unknown): Preferences | undefined {
  if (!isRecord(value)) return undefined;
  const help = isRecord(value.helpTexts) ? value.helpTexts : null;
  const en = help?.en;
  const zh = help?.['zh-CN'];
  const helpOk = help !== null && (en === undefined || isString(en)) && (zh === undefined || isString(zh));
  const ids = value.reportIdentifiers;
  const preferences: Preferences = {
    language: isUiLanguage(value.language) ? value.language : 'en',
    helpTexts: helpOk ? { ...(isString(en) ? { en } : {}), ...(isString(zh) ? { 'zh-CN': zh } : {}) } : {},
    inactivityMinutes: isIntIn(value.inactivityMinutes, 1, 60) ? value.inactivityMinutes : 5,
  };
  const optional: Partial<Preferences> = {};
  if ('recordLanguage' in value) optional.recordLanguage = isUiLanguage(value.recordLanguage) ? value.recordLanguage : undefined;
  if ('matchingNorms' in value) optional.matchingNorms = isStringArray(value.matchingNorms) ? [...value.matchingNorms] : undefined;
  if ('reportIdentifiers' in value) {
    optional.reportIdentifiers =
      isRecord(ids) && typeof ids.displayName === 'boolean' && typeof ids.mrn === 'boolean' ? { displayName: ids.displayName, mrn: ids.mrn } : undefined;
  }
  return { ...preferences, ...optional };
}
export const DEFAULT_PREFERENCES: Preferences = { language: 'en', helpTexts: {}, inactivityMinutes: 5 };

/** Before help texts were per language (one `helpText`): it was written in the clinic's language of the time. */
function upgradeHelpText(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('helpText' in value) || 'helpTexts' in value) return value;
  const { helpText, ...rest } = value as Record<string, unknown>;
  const language = rest.language === 'zh-CN' ? 'zh-CN' : 'en';
  return { ...rest, helpTexts: typeof helpText === 'string' && helpText.trim() !== '' ? { [language]: helpText } : {} };
}

export async function readSetting<T>(
  db: AppDatabase,
  key: string,
  /** The stored value as a `T`, or undefined when it does not read as one. */
  read: (stored: unknown) => T | undefined,
  fallback: T,
  upgrade: (stored: unknown) => unknown = (stored) => stored,
): Promise<Result<T, StorageError>> {
  const found = await attempt(() => db.settings.get(key));
  if (!found.ok) return found;
  if (!found.value) return ok(fallback);
  const parsed = read(upgrade(found.value.value));
  // A stored value from an older or damaged version falls back to the default rather than breaking the app.
  return ok(parsed === undefined ? fallback : parsed);
}

export async function writeSetting(db: AppDatabase, key: string, value: unknown): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    await db.settings.put({ key, value });
  });
}

/** The clinic's preferences; `fallback` while none were saved (a new tablet: the browser's language). */
export const readPreferences = (db: AppDatabase, fallback: Preferences = DEFAULT_PREFERENCES) =>
  readSetting(db, 'preferences', readPreferencesValue, fallback, upgradeHelpText);
export const savePreferences = (db: AppDatabase, preferences: Preferences) => writeSetting(db, 'preferences', preferences);

/** The language reports and notes are written in: the clinic's choice, else the interface language. */
/** The identifiers printed on reports besides the code (default: none, code only). */
export const reportIdentifiersOf = (preferences: Preferences): ReportIdentifiers => preferences.reportIdentifiers ?? { displayName: false, mrn: false };
export type ReportIdentifiers = NonNullable<Preferences['reportIdentifiers']>;
export const recordLanguageOf = (preferences: Preferences): Preferences['language'] => preferences.recordLanguage ?? preferences.language;

