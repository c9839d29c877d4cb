import { flagAnswers, type Assessment } from '../domain/assessment.ts';
import type { Catalogue } from '../domain/instrument-catalogue.ts';
import { findInstrument } from '../domain/catalogue-lookup.ts';
import type { Translate } from '../i18n/translate.ts';

/**
 * What a safety alert was raised by, quoted: "Item 9 answered “More than half the days” on 4 Dec 2026, 10:42." —
 * the option in the words the patient read, and when they chose it (not when the assessment last changed). Null
 * when the answer is not at hand (then callers show the assessment's date).
 */
export function flagAnswerText(t: Translate, catalogue: Catalogue, assessment: Pick<Assessment, 'answers' | 'texts' | 'language' | 'instruments'>, alert: { readonly instrumentId: string; readonly flag: string }): string | null {
  const instrument = findInstrument(catalogue, alert.instrumentId);
  const answers = instrument ? flagAnswers(assessment, instrument, alert.flag) : [];
  if (answers.length === 0) return null;
  return answers.map((a) => t('alerts.answer', { item: a.itemNumber, answer: a.answer, time: t.formatDate(a.answeredAt) })).join(' ');
}

/** After an alert's description: the quoted answer (after a space), or else the fallback (e.g. " (date)"). */
export const quoteOrDate = (quote: string | null, fallback: string): string => (quote ? ` ${quote}` : fallback);
