import type { InstrumentDefinition } from './instrument-schema.ts';
import type { AnswerRecord } from './answer.ts';

/**
 * Response-quality flags shown to the clinician. They inform; they never change a score.
 * - straightLining: every required item answered with the same option (needs at least 5 items).
 * - tooFast: items answered faster than a plausible reading time.
 */
export type QualityFlag =
  | { readonly code: 'straightLining'; readonly option: string }
  | { readonly code: 'tooFast'; readonly items: readonly string[] };

/**
 * Reading-time floor per word, in ms. 100 ms/word is 600 words a minute, faster than skimming (about 450 wpm),
 * so an answer quicker than this cannot have followed a reading of the item. A convention of this app, not an
 * author rule; the floor never goes below MIN_ITEM_MS.
 */
export const MS_PER_WORD = 100;
export const MIN_ITEM_MS = 600;

export function minimumReadingMs(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(MIN_ITEM_MS, words * MS_PER_WORD);
}

export function detectQualityFlags(
  def: InstrumentDefinition,
  answers: Readonly<Record<string, AnswerRecord>>,
  itemTexts: Readonly<Record<string, string>>,
): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const required = def.items.filter((item) => item.required);
  const codes = required.map((item) => answers[item.id]?.code);
  const first = codes[0];
  if (required.length >= 5 && first !== undefined && codes.every((code) => code === first)) {
    flags.push({ code: 'straightLining', option: first });
  }
  const fast = def.items
    .filter((item) => {
      const answer = answers[item.id];
      return answer !== undefined && answer.durationMs < minimumReadingMs(itemTexts[item.id] ?? '');
    })
    .map((item) => item.id);
  if (fast.length > 0) flags.push({ code: 'tooFast', items: fast });
  return flags;
}
