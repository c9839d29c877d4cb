import Papa from 'papaparse';
import type { Assessment } from '../../domain/assessment.ts';
import { currentVersions } from '../../domain/revision.ts';
import { summariseEffortTask } from '../../domain/effort-task/effort-result.ts';
import { summariseRewardTask } from '../../domain/prt/reward-result.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { formList, researchForms, toRedcapRecordId, type Form } from './redcap-forms.ts';
import { FORMULA_CELL } from './csv-safety.ts';

export { toChoiceCode, toRedcapDateTime, toRedcapRecordId } from './redcap-forms.ts';

/**
 * The research dataset as a REDCap import: one record per patient, laid out as a classic project with repeating
 * instruments (see redcap-forms.ts for the layout and the REDCap rules it follows). Columns: `record_id`,
 * `redcap_repeat_instrument`, `redcap_repeat_instance`, then each form's fields followed by its `<form>_complete`.
 * Rows, per patient: the participant row (repeat columns empty), then per visit in completion order the visit row
 * and one row per instrument given and for the effort and reward tasks, each filling only its own form's columns, with
 * `<form>_complete` = 2 (Complete). The data dictionary (toRedcapDictionary) lists exactly these columns in the same
 * order, without the repeat and `_complete` columns that REDCap adds itself; toRedcapRepeatingInstruments is the
 * project's repeating-instrument settings. Answer codes are the instruments' semantic codes with `_` for `-`
 * (`several_days`): REDCap choice codes take letters, digits and underscores; the CLI reads both spellings.
 */
export type ResearchRecord = { readonly patientCode: string; readonly assessment: Assessment };

const REPEAT_COLUMNS = ['redcap_repeat_instrument', 'redcap_repeat_instance'];
const COMPLETE = '2';

/** The CSV's columns: record_id, the repeat columns, then every form's fields and status field in order. */
function header(forms: readonly Form<never>[]): string[] {
  const [first, ...rest] = forms.flatMap((form) => [...form.fields.map((f) => f.name), `${form.name}_complete`]);
  return [first ?? 'record_id', ...REPEAT_COLUMNS, ...rest];
}

const BOM = '\uFEFF';
/** Rows as every CSV of the app writes them: UTF-8 with a byte-order mark, CRLF lines, every field quoted, formulas guarded. */
export const unparse = (rows: string[][], bom = BOM) => bom + Papa.unparse(rows, { quotes: true, newline: '\r\n', escapeFormulae: FORMULA_CELL }) + '\r\n';

/** One patient's completed visits, with their code: one REDCap record. */
export type ResearchPatient = { readonly patientCode: string; readonly assessments: readonly Assessment[] };

/** The research CSV's columns and where each form's fields start: made once, used for every record. */
export type ResearchCsvLayout = {
  readonly forms: ReturnType<typeof researchForms>;
  readonly columns: readonly string[];
  /** Form name → the column its first field is in. */
  readonly offsets: ReadonlyMap<string, number>;
};

/** The layout of the research CSV for the catalogue's instruments. */
export function researchCsvLayout(instruments: readonly Instrument[]): ResearchCsvLayout {
  const forms = researchForms(instruments);
  const list = formList(forms);
  const offsets = new Map<string, number>();
  let offset = 2;
  for (const form of list) {
    offsets.set(form.name, offset);
    offset += form.fields.length + 1;
  }
  return { forms, columns: header(list), offsets };
}

/** The file's first part: the byte-order mark and the header line. `researchCsvRecords` parts follow it. */
export function researchCsvHeader(layout: ResearchCsvLayout): string {
  return unparse([[...layout.columns]]);
}

/**
 * The lines of these patients' records (see `toResearchCsv` for the layout), to follow the header: the file can be
 * written a page of patients at a time, in any order of patients, each patient with all their completed visits.
 * Assessments that are not completed are skipped, and so are versions a correction replaced and voided visits; a
 * patient with none writes nothing.
 */
export function researchCsvRecords(layout: ResearchCsvLayout, patients: readonly ResearchPatient[]): string {
  const { forms } = layout;
  const lines: string[] = [];
  for (const { patientCode, assessments } of patients) {
    // Each visit as it now stands: a corrected visit's newest version; a voided visit not at all.
    const completed = currentVersions(assessments);
    if (completed.length === 0) continue;
    const recordId = toRedcapRecordId(patientCode);
    const instances = new Map<string, number>();
    const next = (form: string) => {
      const n = (instances.get(form) ?? 0) + 1;
      instances.set(form, n);
      return n;
    };
    const visits = [...completed].sort((a, b) => (a.completedAt ?? a.updatedAt).localeCompare(b.completedAt ?? b.updatedAt) || a.id.localeCompare(b.id));
    lines.push(csvRow(layout, recordId, forms.participant, null, { recordId, patientCode }));
    for (const assessment of visits) {
      const visit = next(forms.visit.name);
      lines.push(csvRow(layout, recordId, forms.visit, visit, { assessment }));
      for (const { id } of assessment.instruments) {
        const form = forms.instruments.find((i) => i.id === id)?.form;
        if (form) lines.push(csvRow(layout, recordId, form, next(form.name), { assessment, visit }));
      }
      if (assessment.effortTask) lines.push(csvRow(layout, recordId, forms.effort, next(forms.effort.name), { assessment, visit, effort: summariseEffortTask(assessment.effortTask) }));
      // A visit fetched from the EHR: its effort result as reported (no trials here to fit, or to list in the trials file).
      else if (assessment.origin?.effort) lines.push(csvRow(layout, recordId, forms.effort, next(forms.effort.name), { assessment, visit, effort: { status: 'fetched', result: assessment.origin.effort } }));
      // Only a completed task is analysed and fitted (summariseRewardTask returns at once for any other).
      if (assessment.rewardTask) lines.push(csvRow(layout, recordId, forms.reward, next(forms.reward.name), { assessment, visit, reward: summariseRewardTask(assessment.rewardTask) }));
    }
  }
  return lines.join('');
}

/**
 * One field as Papa Parse writes it with `quotes: true` and `escapeFormulae: FORMULA_CELL` (the header's writer): a
 * formula-like cell gets a leading single quote, then every cell is quoted with inner quotes doubled. Written by
 * hand for speed: a 10 000-assessment file has ten million cells, most of them empty.
 */
function quoteCell(cell: string): string {
  const safe = FORMULA_CELL.test(cell) ? `'${cell}` : cell;
  return `"${safe.includes('"') ? safe.replaceAll('"', '""') : safe}"`;
}

const EMPTY = '"",';
const emptyRuns: string[] = [];
/** `count` empty quoted cells, each followed by a comma (cached: a row is mostly runs of them). */
const empties = (count: number) => (emptyRuns[count] ??= EMPTY.repeat(count));

/**
 * One CSV line (CRLF-terminated) filling only `form`'s columns (and its status field) with `context`: record_id,
 * the repeat columns (empty on the participant row), empty cells up to the form's columns, its fields, its
 * `<form>_complete`, empty cells to the end.
 */
function csvRow<C>(layout: ResearchCsvLayout, recordId: string, form: Form<C>, instance: number | null, context: C): string {
  const { columns, offsets } = layout;
  const at = offsets.get(form.name) ?? 0;
  // The participant form's first field is record_id, already in column 0: its other fields follow the repeat columns.
  const fields = form.repeating ? form.fields : form.fields.slice(1);
  const start = form.repeating ? at : at + 1;
  const head = instance === null ? [recordId, '', ''] : [recordId, form.name, String(instance)];
  const cells = [...head.map(quoteCell), empties(start - head.length).slice(0, -1) || null, ...fields.map((f) => quoteCell(f.cell(context))), quoteCell(COMPLETE)].filter(
    (c): c is string => c !== null,
  );
  const after = columns.length - (start + fields.length + 1);
  return `${cells.join(',')}${after > 0 ? `,${empties(after).slice(0, -1)}` : ''}\r\n`;
}

/**
 * The dataset as CSV text: UTF-8 with a byte-order mark and every field quoted, so spreadsheet software opens
 * codes like `00123` and non-ASCII text correctly. Only completed assessments are exported, grouped by patient code
 * (every record needs a non-empty code); instruments absent from `instruments` are skipped (the caller passes the
 * catalogue). The app writes the same file a page at a time (`researchCsvHeader`, then `researchCsvRecords`).
 */
export function toResearchCsv(records: readonly ResearchRecord[], instruments: readonly Instrument[]): string {
  const layout = researchCsvLayout(instruments);
  const byPatient = new Map<string, Assessment[]>();
  for (const { patientCode, assessment } of records) {
    const list = byPatient.get(patientCode);
    if (list) list.push(assessment);
    else byPatient.set(patientCode, [assessment]);
  }
  return researchCsvHeader(layout) + researchCsvRecords(layout, [...byPatient].map(([patientCode, assessments]) => ({ patientCode, assessments })));
}

const DICTIONARY_HEADER = [
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
];

/**
 * The REDCap data dictionary (its 18 columns): every field of `toResearchCsv`, in the CSV's order, without the
 * `redcap_repeat_*` and `<form>_complete` columns, which REDCap makes itself.
 */
export function toRedcapDictionary(instruments: readonly Instrument[]): string {
  const rows = formList(researchForms(instruments)).flatMap((form) =>
    form.fields.map((c) => [
      c.name,
      form.name,
      '',
      c.type,
      c.label,
      c.choices ?? '',
      c.note ?? '',
      c.validation ?? '',
      c.min === undefined ? '' : String(c.min),
      c.max === undefined ? '' : String(c.max),
      c.identifier ? 'y' : '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]),
  );
  return unparse([DICTIONARY_HEADER, ...rows]);
}

/**
 * The project's repeating-instrument settings in REDCap's "repeating instruments and events" CSV
 * (`form_name,custom_form_label`, for a classic project): every form but `participant` repeats. The file is plain
 * ASCII, so it has no byte-order mark (REDCap matches the header `form_name` as is).
 */
export function toRedcapRepeatingInstruments(instruments: readonly Instrument[]): string {
  const rows = formList(researchForms(instruments))
    .filter((form) => form.repeating)
    .map((form) => [form.name, form.repeatLabel]);
  return unparse([['form_name', 'custom_form_label'], ...rows], '');
}

const TRIAL_HEADER = ['participant', 'trial', 'reward', 'effort', 'accepted', 'patient_code', 'assessment_id', 'block', 'decision_ms', 'success', 'taps_achieved', 'taps_required', 'points'];

/**
 * Every main-task trial of every completed assessment's effort task, one row per offer, in the columns the
 * `ebdm-fit` CLI reads (`participant,trial,reward,effort,accepted`, then extra columns it ignores). The participant
 * is the assessment id, so each visit is fitted on its own.
 */
export function toEffortTrialsCsv(records: readonly ResearchRecord[]): string {
  const rows = records
    .filter((r) => r.assessment.status === 'completed' && r.assessment.effortTask)
    .flatMap(({ patientCode, assessment }) =>
      (assessment.effortTask?.trials ?? []).map((t) => [
        assessment.id,
        String(t.index + 1),
        String(t.reward),
        String(t.effort),
        t.accepted ? '1' : '0',
        patientCode,
        assessment.id,
        String(t.block),
        String(t.decisionMs),
        t.success === null ? '' : t.success ? '1' : '0',
        t.tapsAchieved === null ? '' : String(t.tapsAchieved),
        String(t.tapsRequired),
        String(t.points),
      ]),
    );
  return unparse([TRIAL_HEADER, ...rows]);
}
