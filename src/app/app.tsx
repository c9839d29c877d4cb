import { useMemo } from 'react';
import { I18nProvider, useTranslate } from '../i18n/i18n-context.tsx';
import { createTranslator } from '../i18n/translate.ts';
import { CatalogueScreen } from '../screens/catalogue/catalogue-screen.tsx';
import { CrashNotice } from '../ui/components/crash-notice.tsx';
import { ErrorBoundary } from '../ui/components/error-boundary.tsx';
import { loadCatalogue } from './instrument-catalogue.ts';

/** Composition root: translator, catalogue, and an error boundary around the screen. */
export function App() {
  const translate = useMemo(() => createTranslator(), []);
  const catalogue = useMemo(() => loadCatalogue(), []);
  return (
    <I18nProvider translate={translate}>
      <Header />
      <main id="main">
        <ErrorBoundary fallback={(error) => <CrashNotice error={error} />}>
          <CatalogueScreen catalogue={catalogue} />
        </ErrorBoundary>
      </main>
    </I18nProvider>
  );
}

function Header() {
  const t = useTranslate();
  return (
    <header className="app-header">
      <h1>{t('app.title')}</h1>
      <p>{t('app.tagline')}</p>
    </header>
  );
}
