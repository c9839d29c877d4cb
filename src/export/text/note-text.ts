import type { Assessment } from '../../domain/assessment.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { clinicianLabels } from '../../domain/instrument-lookup.ts';
import { SCORING_ENGINE_VERSION } from '../../domain/score-assessment.ts';

/**
 * A plain-text block of one completed assessment for pasting into a clinical note. ASCII only (">=" not "≥"),
 * because many EHR note fields (plain-text note boxes, HL7 v2 NTE segments) mangle other characters.
 */
export function toNoteText(assessment: Assessment, instruments: readonly Instrument[], patientCode: string): string {
  const day = (assessment.completedAt ?? assessment.updatedAt).slice(0, 10);
  const lines = [`Motivation Profile - patient ${patientCode} - ${day} - ${assessment.batteryName}`];
  if (assessment.informantRelation) lines.push(`Informant: ${assessment.informantRelation}`);
  const alerts: string[] = [];
  for (const { id } of assessment.instruments) {
    const instrument = instruments.find((i) => i.definition.id === id);
    const result = assessment.results?.[id];
    if (!instrument || !result) continue;
    const { definition: def } = instrument;
    // The note is ASCII English (many EHR note fields mangle other characters).
    const locale = clinicianLabels(instrument, 'en');
    const parts = def.scores.map((score) => {
      const value = result.scores[score.key];
      const band = result.bands[score.key];
      const bandText = band ? ` (${locale.bands[score.key]?.[band] ?? band})` : '';
      const shown = value === null || value === undefined ? 'not scored' : String(value);
      const prorated = result.details[score.key]?.prorated ? ', prorated' : '';
      return `${locale.scores[score.key] ?? score.key}: ${shown}${bandText}${prorated}${score.descriptive ? ' [descriptive]' : ''}`;
    });
    lines.push(`${def.shortTitle}: ${parts.join('; ')}`);
    for (const flag of result.flags) alerts.push(`ALERT ${def.shortTitle}: ${locale.flags[flag] ?? flag}`);
    for (const q of assessment.qualityFlags[id] ?? []) {
      lines.push(`  Response quality: ${q.code === 'straightLining' ? 'every item answered the same' : `${q.items.length} item(s) answered faster than reading time`}`);
    }
  }
  lines.push(...alerts);
  lines.push(`Scoring engine ${SCORING_ENGINE_VERSION}; ${assessment.instruments.map((i) => `${i.id} ${i.version}`).join(', ')}`);
  return toAscii(lines.join('\n'));
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
};

/** Replaces typographic characters with ASCII equivalents and drops anything else outside ASCII. */
export function toAscii(text: string): string {
  return text
    .replace(/[\u2013\u2014\u2018\u2019\u201C\u201D\u2265\u2264\u00D7\u2026]/g, (ch) => REPLACEMENTS[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[^\x20-\x7E\n]/g, '');
}
