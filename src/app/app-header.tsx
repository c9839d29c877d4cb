import { useTranslate } from '../i18n/i18n-context.tsx';
import { UI_LANGUAGES, type UiLanguage } from '../i18n/translate.ts';
import type { Actor } from '../domain/clinician.ts';

type Props = {
  readonly clinician: boolean;
  /** Who unlocked (clinician mode): shown beside "Lock", so a shared tablet says whose actions are recorded. */
  readonly signedIn?: Actor | undefined;
  /** The language choice also stands alone on the first-run and passphrase screens (never in patient mode). */
  readonly languageChoice: boolean;
  readonly language: UiLanguage;
  readonly onLanguage: (language: UiLanguage) => void;
  readonly onLock: () => void;
};

/**
 * The title bar; navigation, language and "Lock" in clinician mode; the language alone on the first-run and
 * passphrase screens; nothing in patient mode (nothing to reach).
 */
export function AppHeader({ clinician, signedIn, languageChoice, language, onLanguage, onLock }: Props) {
  const t = useTranslate();
  const languageSelect = (
    <label className="language">
      <span>{t('language.label')}</span>
      <select value={language} onChange={(e) => onLanguage(e.target.value as UiLanguage)}>
        {UI_LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <header className="app-header">
      <div className="app-title">
        <h1>{t('app.title')}</h1>
        <p>{t('app.tagline')}</p>
      </div>
      {clinician && (
        <nav aria-label={t('nav.label')} className="app-nav">
          <a href="#/patients">{t('nav.patients')}</a>
          <a href="#/instruments">{t('nav.instruments')}</a>
          <a href="#/research">{t('nav.research')}</a>
          <a href="#/settings">{t('nav.settings')}</a>
          {languageSelect}
          {signedIn && <span className="signed-in">{t('nav.signedIn', { name: signedIn.name || t('unlock.administrator') })}</span>}
          <button type="button" className="button button-on-dark" onClick={onLock}>
            {t('nav.lock')}
          </button>
        </nav>
      )}
      {!clinician && languageChoice && <div className="app-nav">{languageSelect}</div>}
    </header>
  );
}
