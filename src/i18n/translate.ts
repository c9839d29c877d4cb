import { bootEn } from './messages-boot-en.ts';
import type { MessageKey, Messages } from './messages-en.ts';

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
 * The parts of the UI's words beyond the start page's (`boot`), each loaded with the screens that show it: `gate`
 * with the set-up and passphrase screens, `patient` with patient mode, `effort` with the effort task, `reward` with the reward task, `clinician`
 * with clinician mode (which also needs the patient and effort parts).
 */
export type MessagePart = 'gate' | 'patient' | 'effort' | 'reward' | 'clinician';
type Part = 'boot' | MessagePart;
type Table = Partial<Record<MessageKey, string>>;

const LOADERS: Readonly<Record<UiLanguage, Readonly<Record<Part, () => Promise<Table>>>>> = {
  en: {
    boot: () => Promise.resolve(bootEn),
    gate: () => import('./messages-gate-en.ts').then((m) => m.gateEn),
    patient: () => import('./messages-patient-en.ts').then((m) => m.patientEn),
    effort: () => import('./messages-effort-en.ts').then((m) => m.effortEn),
    reward: () => import('./messages-reward-en.ts').then((m) => m.rewardEn),
    clinician: () => import('./messages-clinician-en.ts').then((m) => m.clinicianEn),
  },
  'zh-CN': {
    boot: () => import('./messages-boot-zh-cn.ts').then((m) => m.bootZhCn),
    gate: () => import('./messages-gate-zh-cn.ts').then((m) => m.gateZhCn),
    patient: () => import('./messages-patient-zh-cn.ts').then((m) => m.patientZhCn),
    effort: () => import('./messages-effort-zh-cn.ts').then((m) => m.effortZhCn),
    reward: () => import('./messages-reward-zh-cn.ts').then((m) => m.rewardZhCn),
    clinician: () => import('./messages-clinician-zh-cn.ts').then((m) => m.clinicianZhCn),
  },
};

/** Each language's words loaded so far (translators read these tables, so a part loaded later reaches them). */
const tables: Record<UiLanguage, Table> = { en: { ...bootEn }, 'zh-CN': {} };
const loading: Record<UiLanguage, Map<Part, Promise<void>>> = { en: new Map([['boot', Promise.resolve()]]), 'zh-CN': new Map() };
/** The parts asked for so far, and the languages translators were loaded for: a new language gets every part asked for. */
const wanted = new Set<MessagePart>();
const inUse = new Set<UiLanguage>(['en']);

function loadPart(language: UiLanguage, part: Part): Promise<void> {
  let load = loading[language].get(part);
  if (!load) {
    load = LOADERS[language][part]().then((messages) => {
      Object.assign(tables[language], messages);
    });
    loading[language].set(part, load);
  }
  return load;
}

/**
 * Loads `parts` of the UI's words in every language a translator is in use for (and, later, in any language loaded
 * after). A screen's lazy load awaits this with its code, so its words are there when it first renders. The parts
 * are chunks the service worker precaches: this works offline.
 */
export async function loadMessages(...parts: readonly MessagePart[]): Promise<void> {
  for (const part of parts) wanted.add(part);
  await Promise.all([...inUse].flatMap((language) => parts.map((part) => loadPart(language, part))));
}

/**
 * The translator for a UI language, with the start page's words and every part asked for so far. English's start
 * page words are in the start bundle; everything else is a chunk of its own, loaded here the first time.
 */
export async function loadTranslator(language: UiLanguage): Promise<Translate> {
  inUse.add(language);
  await Promise.all((['boot', ...wanted] as const).map((part) => loadPart(language, part)));
  return createTranslator(language, tables[language]);
}

/** Builds a translator for a UI language from its messages; `{name}` placeholders are filled from `values`. */
export function createTranslator(language: 'en', messages?: Messages | Table): Translate;
export function createTranslator(language: UiLanguage, messages: Messages | Table): Translate;
export function createTranslator(language: UiLanguage = 'en', messages: Messages | Table = tables.en): Translate {
  // Made on first use: building a date formatter takes tens of milliseconds (more on a slow tablet), and the
  // start page formats no date, so it would only delay the first screen.
  let dates: Intl.DateTimeFormat | undefined;
  let days: Intl.DateTimeFormat | undefined;
  let numbers: Intl.NumberFormat | undefined;
  // A whole number is written the same in every UI language (Western digits, no grouping), without a formatter:
  // building one costs about 80 ms on a slow tablet, in the first item's "Question 2 of 14" (issue 20).
  const formatNumber = (value: number) =>
    Number.isSafeInteger(value) ? String(value) : (numbers ??= new Intl.NumberFormat(language, { maximumFractionDigits: 2, useGrouping: false })).format(value);
  const translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>): string => {
    // A key of a part not loaded yet would be a bug (a screen shown before its words): it shows as itself.
    const template = messages[key] ?? key;
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
