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

/** Characters of scripts written without spaces between words (Chinese, Japanese kana): each counts as a word. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;

/**
 * The reading-time floor of an item's text. Chinese has no spaces between words, so each Han character counts as one
 * word: reading silently, Chinese and English readers reach about the same rate in characters and words a minute
 * (IReST: Trauzettel-Klosinski & Dietz 2012, Invest Ophthalmol Vis Sci 53(9):5452, about 255 characters and
 * 228 words a minute), so 600 characters a minute is as far beyond skimming as 600 words.
 */
export function minimumReadingMs(text: string): number {
  const unspaced = text.match(UNSPACED)?.length ?? 0;
  const words = text.replace(UNSPACED, ' ').trim().split(/\s+/).filter(Boolean).length;
  return Math.max(MIN_ITEM_MS, (words + unspaced) * MS_PER_WORD);
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
