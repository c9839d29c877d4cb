import { formatCitation, type Instrument } from '../../domain/instrument-catalogue.ts';
import { clinicianLabels } from '../../domain/catalogue-lookup.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { InstrumentItems } from './instrument-items.tsx';
import { InstrumentScoring } from './instrument-scoring.tsx';
import { InstrumentSources } from './instrument-sources.tsx';

/** One instrument as a card: what it measures, who answers, and expandable scoring, items and sources. */
export function InstrumentSummary({ instrument }: { readonly instrument: Instrument }) {
  const t = useTranslate();
  const def = instrument.definition;
  const labels = clinicianLabels(instrument, t.language);
  const headingId = `instrument-${def.id}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {labels.name}
        {t('text.parenthetical', { text: def.shortTitle })}
      </h3>
      <p className="tags">
        <span className={`tag tag-${def.construct}`}>{t(`instrument.construct.${def.construct}`)}</span>
        <span className="tag">{t(`instrument.respondent.${def.respondent}`)}</span>
        <span className="tag">{t('instrument.items', { count: def.items.filter((i) => i.required).length })}</span>
      </p>
      <p>{t('instrument.timeFrame', { timeFrame: labels.timeFrame })}</p>
      <p className="citation">
        <span className="visually-hidden">{t('instrument.citation')} </span>
        {formatCitation(def.citation)}
      </p>
      <details>
        <summary>{t('instrument.scoresHeading')}</summary>
        <InstrumentScoring instrument={instrument} />
      </details>
      <details>
        <summary>{t('instrument.itemsHeading')}</summary>
        <InstrumentItems instrument={instrument} />
      </details>
      <details>
        <summary>{t('instrument.licenceHeading')}</summary>
        <p>
          <strong>{t(`instrument.licence.${def.licence.status}`)}</strong>. {def.licence.owner}.
        </p>
        <p>{def.licence.terms}</p>
        <p>{t('instrument.contact', { contact: def.licence.contact })}</p>
      </details>
      <details>
        <summary>{t('instrument.sourcesHeading')}</summary>
        <InstrumentSources instrument={instrument} />
      </details>
    </article>
  );
}
