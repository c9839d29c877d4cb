import { isContextConstruct } from '../../domain/constructs.ts';
import type { InstrumentDefinition } from '../../domain/instrument-schema.ts';
import type { Translate } from '../../i18n/translate.ts';

/**
 * The context line of a note or report (issue 21): which psychosocial constructs this visit measured, by which
 * instrument, said to be beside the profile and not part of it; null when it measured none. The scores themselves
 * are in the instrument lines above it.
 */
export function describeContext(t: Translate, given: readonly InstrumentDefinition[]): string | null {
  const context = given.filter((d) => isContextConstruct(d.construct));
  if (context.length === 0) return null;
  const measured = context.map((d) => t('context.lineItem', { construct: t(`instrument.construct.${d.construct}`), instrument: d.shortTitle }));
  const unbanded = context.some((d) => d.scores.some((s) => !s.descriptive && !d.bands.some((b) => b.score === s.key)));
  return t('context.line', { measured: measured.join(t('text.listSeparator')), unbanded: unbanded ? t('context.lineUnbanded') : '' });
}
