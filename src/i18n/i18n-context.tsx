import { createContext, useContext, type ReactNode } from 'react';
import { createTranslator, type Translate } from './translate.ts';

const TranslateContext = createContext<Translate>(createTranslator('en'));

/** Provides the UI translator to every component below it. */
export function I18nProvider({ translate, children }: { translate: Translate; children: ReactNode }) {
  return <TranslateContext.Provider value={translate}>{children}</TranslateContext.Provider>;
}

/** The current UI translator: `t('catalogue.heading')`. */
export function useTranslate(): Translate {
  return useContext(TranslateContext);
}
