import { flagAnswers, givenText, type Assessment } from '../../domain/assessment.ts';
import type { ChangeBetweenVisits } from '../../domain/change-criteria.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { clinicianLabels, givenVersions } from '../../domain/catalogue-lookup.ts';
import { SCORING_ENGINE_VERSION } from '../../domain/score-assessment.ts';
import { languageNameIn } from '../../i18n/language-names.ts';
import type { Translate } from '../../i18n/translate.ts';
import { describeChanges } from './change-text.ts';
import { describeContext } from './context-text.ts';
import { describeGivenText } from './given-text.ts';
import { notScoredText } from './not-scored-text.ts';

/**
 * A plain-text block of one completed assessment for pasting into a clinical note, in the clinic's language of
 * reports and notes (`t`), whatever language the patient answered in: the clinician's words from the instrument's
 * clinician labels and the app's messages in that language, and per questionnaire the text it was given in.
 *
 * English notes are ASCII only (">=" not "≥"), because many EHR note fields (plain-text note boxes, HL7 v2 NTE
 * segments) mangle other characters. A Chinese note cannot be ASCII: it is UTF-8 Chinese with full-width
 * punctuation, as the clinic's Chinese EHR takes it; the ASCII rule is English only.
 *
 * Days are written `YYYY-MM-DD` (ASCII, unambiguous in any EHR), each time's day by `dayOf` (the caller gives the
 * tablet's time zone; UTC by default).
 *
 * `changes`: the change since the previous visit by the instruments' published criteria, ending at this assessment's
 * visit (PHQ-9 response, remission, reliable change), stated as the patient page states it, with its sources.
 */
export function toNoteText(
  assessment: Assessment,
  instruments: readonly Instrument[],
  patientCode: string,
  t: Translate,
  changes: readonly ChangeBetweenVisits[] = [],
  dayOf: (iso: string) => string = (iso) => iso.slice(0, 10),
): string {
  const day = dayOf(assessment.completedAt ?? assessment.updatedAt);
  const lines = [t('noteText.header', { code: patientCode, date: day, battery: assessment.batteryName })];
  if (assessment.informantRelation) lines.push(t('noteText.informant', { relation: assessment.informantRelation }));
  const alerts: string[] = [];
  for (const { id } of assessment.instruments) {
    const instrument = instruments.find((i) => i.definition.id === id);
    const result = assessment.results?.[id];
    if (!instrument || !result) continue;
    const { definition: def } = instrument;
    const locale = clinicianLabels(instrument, t.language);
    const parts = def.scores.map((score) => {
      const value = result.scores[score.key];
      const band = result.bands[score.key];
      return t('noteText.score', {
        label: locale.scores[score.key] ?? score.key,
        // As a string: the score exactly as the engine rounded it, never reformatted.
        value: value === null || value === undefined ? notScoredText(t, result.details[score.key], 'noteText.notScored') : String(value),
        band: band ? t('noteText.band', { band: locale.bands[score.key]?.[band] ?? band }) : '',
        prorated: result.details[score.key]?.prorated ? t('noteText.prorated') : '',
        descriptive: score.descriptive ? t('noteText.descriptive') : '',
      });
    });
    lines.push(t('noteText.instrument', { instrument: def.shortTitle, scores: parts.join(t('noteText.separator')) }));
    // Which way is worse, once per instrument (SHAPS, AES, AMI, PHQ-9: higher is worse; TEPS: higher is better).
    const directions = [...new Set(def.scores.map((score) => t(`direction.${score.higherMeans}`)))];
    lines.push(`  ${t('noteText.direction', { direction: directions.join(t('noteText.separator')) })}`);
    lines.push(`  ${describeGivenText(t, instrument, givenText(assessment, id), assessment.language, (code) => languageNameIn(t, code))}`);
    for (const flag of result.flags) {
      alerts.push(t('noteText.alert', { instrument: def.shortTitle, text: locale.flags[flag] ?? flag }));
      // The answer that raised it, in the words the patient read, and whether a clinician has seen the alert.
      for (const given of flagAnswers(assessment, instrument, flag)) alerts.push(`  ${t('noteText.alertAnswer', { item: given.itemNumber, answer: given.answer })}`);
      if (assessment.alertsAcknowledgedAt) alerts.push(`  ${t('noteText.alertAcknowledged', { date: dayOf(assessment.alertsAcknowledgedAt) })}`);
    }
    for (const q of assessment.qualityFlags[id] ?? []) {
      lines.push(q.code === 'straightLining' ? t('noteText.straightLining') : t('noteText.tooFast', { count: String(q.items.length) }));
    }
  }
  const context = describeContext(t, assessment.instruments.flatMap(({ id }) => instruments.find((i) => i.definition.id === id)?.definition ?? []));
  if (context) lines.push(context);
  const described = describeChanges(changes, instruments.map((i) => i.definition), t);
  if (described.lines.length > 0) lines.push(t('noteText.change'), ...[...described.lines, ...described.footnotes].map((line) => `  ${line}`));
  lines.push(...alerts);
  lines.push(t('noteText.engine', { engine: SCORING_ENGINE_VERSION, instruments: givenVersions(instruments, assessment.instruments, t('text.listSeparator')) }));
  const text = lines.join('\n');
  return t.language === 'en' ? toAscii(text) : text;
}

const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u2013': '-',
  '\u2014': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2265': '>=',
  '\u2264': '<=',
  '\u00D7': 'x',
  '\u2026': '...',
  '\u00B7': '-',
  '\u2192': '->',
};

/** Replaces typographic characters with ASCII equivalents and drops anything else outside ASCII. */
export function toAscii(text: string): string {
  return text
    .replace(/[\u2013\u2014\u2018\u2019\u201C\u201D\u2265\u2264\u00D7\u2026\u00B7\u2192]/g, (ch) => REPLACEMENTS[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[^\x20-\x7E\n]/g, '');
}
