/** The clinic's help text after a safety answer, by language (`Preferences.helpTexts`). */
export type HelpTexts = Readonly<Partial<Record<string, string>>>;

/**
 * The clinic's help text for a patient answering in `language`: the text in that language, else one in another
 * language (better whom to call in another language than nothing; Settings says which languages fall back), else
 * null (the app's own default message, which exists in every interface language).
 */
export function helpTextFor(texts: HelpTexts, language: string): { readonly text: string; readonly language: string } | null {
  const own = texts[language]?.trim();
  if (own) return { text: own, language };
  const other = Object.entries(texts).find(([, text]) => text?.trim());
  return other?.[1] ? { text: other[1].trim(), language: other[0] } : null;
}

/** The languages among `languages` whose patients would see another language's help text (for a note in Settings). */
export function helpTextFallbacks<L extends string>(texts: HelpTexts, languages: readonly L[]): L[] {
  return languages.filter((language) => {
    const shown = helpTextFor(texts, language);
    return shown !== null && shown.language !== language;
  });
}
