import type { ChangeBetweenVisits, ChangeOutcome } from '../../domain/change-criteria.ts';
import type { InstrumentDefinition } from '../../domain/instrument-schema.ts';
import type { Translate } from '../../i18n/translate.ts';

/** One instrument's change in words, with footnote numbers, and the numbered short citations they point to. */
export type ChangeText = { readonly lines: readonly string[]; readonly footnotes: readonly string[] };

/**
 * The change between two visits as the patient page and the clinical note state it: per instrument one line,
 * "PHQ-9 17 (date) → 8 (date): response: yes (…) [1]; remission: no (…) [1]; reliable improvement (…) [2]", and
 * one footnote per cited source ("[2] Löwe 2004, doi …"). The same text on screen and in the note.
 */
/** `showDay` writes a visit's day (`YYYY-MM-DD`): kept as is in notes, in the UI language's conventions on screen. */
export function describeChanges(
  changes: readonly ChangeBetweenVisits[],
  definitions: readonly InstrumentDefinition[],
  t: Translate,
  showDay: (day: string) => string = (day) => day,
): ChangeText {
  const cited: string[] = [];
  const footnotes: string[] = [];
  const refOf = (definition: InstrumentDefinition, sourceId: string): string => {
    const key = `${definition.id}/${sourceId}`;
    let index = cited.indexOf(key);
    if (index < 0) {
      cited.push(key);
      index = cited.length - 1;
      const source = definition.sources.find((s) => s.id === sourceId);
      const short = source?.short ?? source?.citation ?? sourceId;
      const where = source?.doi ? `doi ${source.doi}` : source?.pmid ? `PMID ${source.pmid}` : source?.url;
      footnotes.push(t('change.footnote', { n: index + 1, source: where ? t('text.pair', { first: short, second: where }) : short }));
    }
    return t('change.ref', { n: index + 1 });
  };
  const lines = changes.flatMap((change) => {
    const definition = definitions.find((d) => d.id === change.instrumentId);
    if (!definition) return [];
    const head = t('change.between', {
      scale: definition.shortTitle,
      before: t.formatNumber(change.before.value),
      beforeDate: showDay(change.before.date),
      after: t.formatNumber(change.after.value),
      afterDate: showDay(change.after.date),
    });
    const parts = change.outcomes.map((outcome) => describeOutcome(outcome, refOf(definition, outcome.criterion.source), t));
    return [`${head}${t('text.colon')}${parts.join(t('change.separator'))}`];
  });
  return { lines, footnotes };
}

function describeOutcome(outcome: ChangeOutcome, ref: string, t: Translate): string {
  const { criterion } = outcome;
  const values = {
    ref,
    percent: criterion.kind === 'response' ? criterion.reductionPercent : '',
    below: criterion.kind === 'remission' ? criterion.below : '',
    points: criterion.kind === 'reliable-change' ? criterion.points : '',
    baseline: criterion.kind === 'reliable-change' ? '' : (criterion.baselineAtLeast ?? ''),
  };
  return outcome.kind === 'reliable-change' ? t(`change.reliable-change.${outcome.result}`, values) : t(`change.${outcome.kind}.${outcome.result}`, values);
}
