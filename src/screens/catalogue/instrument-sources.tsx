import type { Instrument } from '../../domain/instrument-catalogue.ts';

/** Every source the instrument's numbers rest on, and the decisions taken where sources disagree. */
export function InstrumentSources({ instrument }: { readonly instrument: Instrument }) {
  const def = instrument.definition;
  return (
    <div>
      <ul className="plain-list">
        {def.decisions.map((decision) => (
          <li key={decision.topic}>
            <strong>{decision.topic}:</strong> {decision.choice}
          </li>
        ))}
      </ul>
      <ul className="plain-list citation">
        {def.sources.map((source) => (
          <li key={source.id}>
            {source.citation}
            {source.doi ? ` doi:${source.doi}` : ''}
            {source.locator ? ` — ${source.locator}` : ''}
            {source.note ? ` — ${source.note}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
