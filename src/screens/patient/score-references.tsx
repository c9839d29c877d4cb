import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { useTranslate } from '../../i18n/i18n-context.tsx';
import { scoreReferenceText } from '../score-reference-text.ts';

/**
 * The reference lines of one score under its result, one muted line each: Chinese screening thresholds (and whether
 * this score reaches them) and test–retest coefficients without an SD. Never a band: the bands stay the score's own.
 */
export function ScoreReferences({ instrument, score, value }: { readonly instrument: Instrument; readonly score: string; readonly value: number | null | undefined }) {
  const t = useTranslate();
  const references = (instrument.definition.references ?? []).filter((r) => r.score === score);
  if (references.length === 0) return null;
  return (
    <ul className="reference-lines">
      {references.map((reference) => (
        <li key={reference.id} className={`citation reference-${reference.kind}`}>
          {scoreReferenceText(t, instrument, reference, value)}
        </li>
      ))}
    </ul>
  );
}
