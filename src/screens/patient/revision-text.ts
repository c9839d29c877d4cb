import type { AssessmentRevision } from '../../domain/assessment-schema.ts';
import type { Translate } from '../../i18n/translate.ts';

/**
 * A version's correction in words: "Corrected version 2, Mar 3, 2026, by Nurse Chen: A wrong answer was entered —
 * “note”", or "Voided …".
 */
export function revisionText(t: Translate, revision: AssessmentRevision): string {
  const why = t(`correct.reason.${revision.reason}`);
  const reason = revision.note ? t('revision.note', { reason: why, note: revision.note }) : why;
  const date = t.formatDate(revision.at);
  // Who corrected it, when the tablet (or the server's Provenance) named them.
  const by = revision.by ? t('revision.by', { date, name: revision.by }) : date;
  return revision.kind === 'entered-in-error' ? t('revision.voided', { date: by, reason }) : t('revision.amended', { number: revision.number, date: by, reason });
}
