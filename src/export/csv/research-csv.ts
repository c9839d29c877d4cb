import Papa from 'papaparse';
import type { Assessment } from '../../domain/assessment.ts';
import { summariseEffortTask } from '../../domain/effort-task/effort-result.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { formList, researchForms, toRedcapRecordId, type Form } from './redcap-forms.ts';
import { FORMULA_CELL } from './csv-safety.ts';

export { toChoiceCode, toRedcapDateTime, toRedcapRecordId } from './redcap-forms.ts';

/**
 * The research dataset as a REDCap import: one record per patient, laid out as a classic project with repeating
 * instruments (see redcap-forms.ts for the layout and the REDCap rules it follows). Columns: `record_id`,
 * `redcap_repeat_instrument`, `redcap_repeat_instance`, then each form's fields followed by its `<form>_complete`.
 * Rows, per patient: the participant row (repeat columns empty), then per visit in completion order the visit row
 * and one row per instrument given and for the effort task, each filling only its own form's columns, with
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
const unparse = (rows: string[][], bom = BOM) => bom + Papa.unparse(rows, { quotes: true, newline: '\r\n', escapeFormulae: FORMULA_CELL }) + '\r\n';

/**
 * The dataset as CSV text: UTF-8 with a byte-order mark and every field quoted, so spreadsheet software opens
 * codes like `00123` and non-ASCII text correctly. Only completed assessments are exported, grouped by patient code
 * (every record needs a non-empty code); instruments absent from `instruments` are skipped (the caller passes the
 * catalogue).
 */
export function toResearchCsv(records: readonly ResearchRecord[], instruments: readonly Instrument[]): string {
  const forms = researchForms(instruments);
  const list = formList(forms);
  const columns = header(list);
  const offsets = new Map<string, number>();
  let offset = 2;
  for (const form of list) {
    offsets.set(form.name, offset);
    offset += form.fields.length + 1;
  }
  /** One row filling only `form`'s columns (and their status field) with `values`. */
  const row = <C>(recordId: string, form: Form<C>, instance: number | null, context: C): string[] => {
    const cells = columns.map(() => '');
    cells[0] = recordId;
    if (instance !== null) {
      cells[1] = form.name;
      cells[2] = String(instance);
    }
    const at = offsets.get(form.name) ?? 0;
    // The participant form's first field is record_id, already in column 0: its other fields follow the repeat columns.
    const fields = form.repeating ? form.fields : form.fields.slice(1);
    const start = form.repeating ? at : at + 1;
    fields.forEach((field, i) => (cells[start + i] = field.cell(context)));
    cells[start + fields.length] = COMPLETE;
    return cells;
  };

  const byPatient = new Map<string, Assessment[]>();
  for (const { patientCode, assessment } of records) {
    if (assessment.status !== 'completed') continue;
    byPatient.set(patientCode, [...(byPatient.get(patientCode) ?? []), assessment]);
  }
  const rows = [...byPatient].flatMap(([patientCode, assessments]) => {
    const recordId = toRedcapRecordId(patientCode);
    const instances = new Map<string, number>();
    const next = (form: string) => {
      const n = (instances.get(form) ?? 0) + 1;
      instances.set(form, n);
      return n;
    };
    const visits = [...assessments].sort((a, b) => (a.completedAt ?? a.updatedAt).localeCompare(b.completedAt ?? b.updatedAt) || a.id.localeCompare(b.id));
    return [
      row(recordId, forms.participant, null, { recordId, patientCode }),
      ...visits.flatMap((assessment) => {
        const visit = next(forms.visit.name);
        const given = assessment.instruments.flatMap(({ id }) => {
          const form = forms.instruments.find((i) => i.id === id)?.form;
          return form ? [row(recordId, form, next(form.name), { assessment, visit })] : [];
        });
        const effort = assessment.effortTask ? [row(recordId, forms.effort, next(forms.effort.name), { assessment, visit, effort: summariseEffortTask(assessment.effortTask) })] : [];
        return [row(recordId, forms.visit, visit, { assessment }), ...given, ...effort];
      }),
    ];
  });
  return unparse([columns, ...rows]);
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
