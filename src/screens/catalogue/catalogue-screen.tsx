import { useTranslate } from '../../i18n/i18n-context.tsx';
import { useServices } from '../services-context.tsx';
import { InstrumentSummary } from './instrument-summary.tsx';

/** The instrument catalogue: every scale the app scores, with its scoring, sources and licence. */
export function CatalogueScreen() {
  const t = useTranslate();
  const { catalogue } = useServices();
  return (
    <section aria-labelledby="catalogue-heading">
      <h2 id="catalogue-heading">{t('catalogue.heading')}</h2>
      <p className="lead">{t('catalogue.intro')}</p>
      {catalogue.instruments.length === 0 && <p>{t('catalogue.empty')}</p>}
      <ul className="card-list">
        {catalogue.instruments.map((instrument) => (
          <li key={instrument.definition.id}>
            <InstrumentSummary instrument={instrument} />
          </li>
        ))}
      </ul>
      {catalogue.broken.length > 0 && (
        <div role="alert" className="notice notice-error">
          <h3>{t('catalogue.brokenHeading')}</h3>
          <p>{t('catalogue.brokenIntro')}</p>
          <ul>
            {catalogue.broken.flatMap((b) => b.problems.map((problem) => <li key={problem}>{problem}</li>))}
          </ul>
        </div>
      )}
    </section>
  );
}
