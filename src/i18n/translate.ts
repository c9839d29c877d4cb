import { messagesEn, type MessageKey, type Messages } from './messages-en.ts';

export type UiLanguage = 'en' | 'zh-CN';
export const UI_LANGUAGES: readonly UiLanguage[] = ['en', 'zh-CN'];

export type Translate = ((key: MessageKey, values?: Readonly<Record<string, string | number>>) => string) & {
  readonly language: UiLanguage;
  /** Dates in the UI language's conventions. */
  readonly formatDate: (iso: string) => string;
  /** A calendar day (`YYYY-MM-DD`, a visit's local day) in the same conventions as `formatDate`, without the time. */
  readonly formatDay: (day: string) => string;
  readonly formatNumber: (value: number) => string;
};

/**
 * The first of the browser's languages (`navigator.languages`) that the app speaks, else English: Simplified
 * Chinese (zh, zh-CN, zh-SG, zh-Hans…) for `zh-CN`; Traditional (zh-TW, zh-HK, zh-Hant) is not offered as such.
 */
export function matchUiLanguage(browserLanguages: readonly string[]): UiLanguage {
  for (const tag of browserLanguages.map((l) => l.toLowerCase())) {
    if (tag === 'zh' || /^zh-(cn|sg|hans)/.test(tag)) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

/**
 * The translator for a UI language. English is in the start bundle; other languages are chunks of their own, loaded
 * here the first time (precached by the service worker, so this works offline).
 */
export async function loadTranslator(language: UiLanguage): Promise<Translate> {
  if (language === 'en') return createTranslator('en');
  const { messagesZhCn } = await import('./messages-zh-cn.ts');
  return createTranslator(language, messagesZhCn);
}

/** Builds a translator for a UI language from its messages; `{name}` placeholders are filled from `values`. */
export function createTranslator(language: 'en', messages?: Messages): Translate;
export function createTranslator(language: UiLanguage, messages: Messages): Translate;
export function createTranslator(language: UiLanguage = 'en', messages: Messages = messagesEn): Translate {
  // Made on first use: building a date formatter takes tens of milliseconds (more on a slow tablet), and the
  // start page formats no date, so it would only delay the first screen.
  let dates: Intl.DateTimeFormat | undefined;
  let days: Intl.DateTimeFormat | undefined;
  let numbers: Intl.NumberFormat | undefined;
  const formatNumber = (value: number) => (numbers ??= new Intl.NumberFormat(language, { maximumFractionDigits: 2, useGrouping: false })).format(value);
  const translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>): string => {
    const template = messages[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? formatNumber(value) : value;
    });
  };
  return Object.assign(translate, {
    language,
    formatDate: (iso: string) => (dates ??= new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso)),
    formatDay: (day: string) => {
      const [y, m, d] = day.split('-').map(Number);
      if (!y || !m || !d) return day;
      return (days ??= new Intl.DateTimeFormat(language, { dateStyle: 'medium' })).format(new Date(y, m - 1, d));
    },
    formatNumber,
  });
}
