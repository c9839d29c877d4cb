import { bootEn } from './messages-boot-en.ts';
import type { Translate } from './translate.ts';

/** Languages the app itself has names for (its UI languages); others are named by the browser (`Intl.DisplayNames`). */
const NAMED = ['en', 'zh-CN'] as const;
type Named = (typeof NAMED)[number];
const isNamed = (code: string): code is Named => (NAMED as readonly string[]).includes(code);

/** The browser's name of `code` in `inLanguage`, or the code itself when it has none. */
function displayName(code: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code) ?? code;
  } catch (error) {
    // A tag the browser cannot read (the pack schema allows only simple tags, so this is rare): show the tag.
    if (error instanceof RangeError) return code;
    throw error;
  }
}

/**
 * A language in its own name, as a patient looks for it in a list ("English", "中文（简体）"), whatever the UI
 * language: the same in every UI language.
 */
export function nativeLanguageName(code: string): string {
  return isNamed(code) ? bootEn[`language.${code}`] : displayName(code, code);
}

/** A language named in the words of `t` (a sentence: "no Chinese (Simplified) text", "没有简体中文文本"). */
export function languageNameIn(t: Translate, code: string): string {
  return isNamed(code) ? t(`lang.name.${code}`) : displayName(code, t.language);
}
