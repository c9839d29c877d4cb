import type { Instrument } from '../domain/instrument-catalogue.ts';
import { clinicianLabels } from '../domain/catalogue-lookup.ts';
import type { ScoreReference } from '../domain/instrument-schema.ts';
import type { Translate } from '../i18n/translate.ts';

/**
 * One reference line of a score (instrument.json `references`) as a sentence in the UI language: a screening
 * threshold from a validation of a translated version, with whether `value` is at or above it when a score is given,
 * or a test–retest coefficient that was published without an SD (so nothing is computed from it). The population
 * is the instrument's clinician label; the citation is the source's short form ("Chen 2013").
 */
export function scoreReferenceText(t: Translate, instrument: Instrument, reference: ScoreReference, value?: number | null): string {
  const source = instrument.definition.sources.find((s) => s.id === reference.source);
  const citation = source?.short ?? source?.citation ?? reference.source;
  const population = clinicianLabels(instrument, t.language).references?.[reference.id] ?? reference.id;
  if (reference.kind === 'test-retest') {
    return t(`reference.testRetest.${reference.version}`, {
      r: coefficient(reference.r),
      weeks: reference.intervalWeeks,
      population,
      n: reference.n ?? t('results.nUnknown'),
      citation,
    });
  }
  const line = t(`reference.threshold.${reference.version}`, { population, atLeast: reference.atLeast, citation });
  if (value === null || value === undefined) return line;
  return t(value >= reference.atLeast ? 'reference.atOrAbove' : 'reference.below', { reference: line });
}

/** A screening threshold with its published accuracy, when the source gives it (for the catalogue). */
export function thresholdWithAccuracy(t: Translate, instrument: Instrument, reference: ScoreReference): string {
  const line = scoreReferenceText(t, instrument, reference);
  if (reference.kind !== 'screening-threshold' || reference.sensitivity === undefined || reference.specificity === undefined) return line;
  return t('reference.accuracy', { reference: line, sensitivity: coefficient(reference.sensitivity), specificity: coefficient(reference.specificity) });
}

/** A coefficient as published: at least two decimals (0.60), more when it has them (0.737). */
function coefficient(x: number): string {
  const decimals = (String(x).split('.')[1] ?? '').length;
  return x.toFixed(Math.max(2, decimals));
}
