import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createTranslator, loadTranslator, UI_LANGUAGES, type Translate, type UiLanguage } from './translate.ts';

const TranslateContext = createContext<Translate>(createTranslator('en'));

/** Provides the UI translator to every component below it. */
export function I18nProvider({ translate, children }: { translate: Translate; children: ReactNode }) {
  return <TranslateContext.Provider value={translate}>{children}</TranslateContext.Provider>;
}

/** The current UI translator: `t('catalogue.heading')`. */
export function useTranslate(): Translate {
  return useContext(TranslateContext);
}

/**
 * A translator for `language` when the app speaks it and it is not the current one (patient mode speaks the
 * language the patient reads, whatever the clinic's interface language); else the current translator. Null only
 * while another language's messages load (a moment, once; they are precached).
 */
export function useTranslatorFor(language: string | null): Translate | null {
  const current = useTranslate();
  const wanted = language !== null && UI_LANGUAGES.includes(language as UiLanguage) && language !== current.language ? (language as UiLanguage) : null;
  const [loaded, setLoaded] = useState<Translate | null>(null);
  useEffect(() => {
    if (wanted === null) return;
    let live = true;
    void loadTranslator(wanted).then((translate) => {
      // A translator is a function: set it through an updater, or React would call it as one.
      if (live) setLoaded(() => translate);
    });
    return () => {
      live = false;
    };
  }, [wanted]);
  if (wanted === null) return current;
  return loaded?.language === wanted ? loaded : null;
}
