import Papa from 'papaparse';
import type { Assessment } from '../../domain/assessment.ts';
import { buildCodebook, toColumnName } from '../../domain/codebook.ts';
import { COST_MODELS, type CostModel } from '../../domain/ebdm/model.ts';
import { summariseEffortTask, type EffortResult } from '../../domain/effort-task/effort-result.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { instrumentText } from '../../domain/instrument-lookup.ts';

/**
 * The research dataset: one row per administration (one instrument given in one assessment), `record_id` first,
 * then the raw answer codes and the engine's scores in plain columns, and a REDCap data dictionary whose rows are
 * exactly the CSV's columns in the same order. REDCap does not import calculated fields, so scores are plain
 * number fields (REDCap's data import rules: calculated fields are computed, never imported). Answer codes are the instruments' semantic codes written with `_` for `-`
 * (`several_days`): REDCap choice codes take letters, digits and underscores; the CLI reads both spellings.
 */
export type ResearchRecord = { readonly patientCode: string; readonly assessment: Assessment };

type Column = {
  readonly name: string;
  readonly form: string;
  readonly type: 'text' | 'radio' | 'notes';
  readonly label: string;
  readonly choices?: string;
  readonly note?: string;
  readonly validation?: 'number' | 'datetime_seconds_ymd';
  readonly identifier?: boolean;
  readonly cell: (row: ResearchCells) => string;
};

/** One row: an instrument of the assessment, or (instrument null) its effort task. */
/** The effort row carries its result, fitted once for the row however many columns read it. */
type ResearchCells = { readonly record: ResearchRecord; readonly instrument: Instrument | null; readonly effort: EffortResult | null };

const EFFORT_ID = 'effort-task';
const rowId = ({ instrument }: ResearchCells) => instrument?.definition.id ?? EFFORT_ID;
const resultOf = ({ record, instrument }: ResearchCells) => (instrument ? record.assessment.results?.[instrument.definition.id] : undefined);

const ADMIN_FORM = 'administration';

/** `2026-03-01T09:05:00.000Z` → `2026-03-01 09:05:00` (UTC), the date-time form REDCap imports. */
export function toRedcapDateTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/** REDCap's choice code for a semantic answer code. */
export const toChoiceCode = (code: string) => code.replace(/-/g, '_');

/** A score key as a field-name part: `behaviouralActivation` → `behavioural_activation`. */
const snake = (key: string) => toColumnName(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());

function administrationColumns(): Column[] {
  const a = (name: string, label: string, cell: Column['cell'], extra: Partial<Column> = {}): Column => ({ name, form: ADMIN_FORM, type: 'text', label, cell, ...extra });
  return [
    a('record_id', 'Record id (assessment id / instrument, or / effort-task)', (cells) => `${cells.record.assessment.id}/${rowId(cells)}`),
    a('assessment_id', 'Assessment id (one visit; shared by the instruments given together)', ({ record }) => record.assessment.id),
    a('patient_code', 'Patient code (the clinic’s pseudonym)', ({ record }) => record.patientCode, { identifier: true }),
    a('completed_at_utc', 'Completed at (UTC)', ({ record }) => toRedcapDateTime(record.assessment.completedAt ?? record.assessment.updatedAt), { validation: 'datetime_seconds_ymd' }),
    a('battery', 'Battery', ({ record }) => record.assessment.batteryName),
    a('mode', 'Who keyed the answers', ({ record }) => record.assessment.mode, { type: 'radio', choices: 'patient, Patient on the tablet | clinician, Clinician (interview or informant)' }),
    a('informant_relation', 'Informant’s relation to the patient', ({ record }) => record.assessment.informantRelation ?? ''),
    a('language', 'Language of administration', ({ record }) => record.assessment.language),
    a('instrument', 'Instrument id (effort-task for the effort task)', rowId),
    a('instrument_version', 'Instrument (or effort task) version', ({ record, instrument }) => instrument?.definition.version ?? record.assessment.effortTask?.taskVersion ?? ''),
    a('scoring_engine', 'Scoring engine version', (cells) => resultOf(cells)?.provenance.scoringEngineVersion ?? ''),
    a('score_status', 'Score status (effort task: completed, skipped, in_progress, not_fitted)', (cells) => (cells.instrument ? (resultOf(cells)?.status ?? '') : toChoiceCode(cells.effort?.status ?? '')), {
      type: 'radio',
      choices:
        'complete, Complete | prorated, Prorated for missing items | partial, Partly scored | unscorable, Too many items missing | invalid, Invalid answers | completed, Effort task completed | skipped, Effort task stopped | in_progress, Effort task unfinished | not_fitted, Effort model not fitted',
    }),
    a('flags', 'Clinical flags raised (semicolon-separated codes)', (cells) => (resultOf(cells)?.flags ?? []).join(';')),
    a('quality_flags', 'Response-quality flags (semicolon-separated codes)', ({ record, instrument }) => (instrument ? (record.assessment.qualityFlags[instrument.definition.id] ?? []) : []).map((q) => q.code).join(';')),
  ];
}

function instrumentColumns(instrument: Instrument): Column[] {
  const def = instrument.definition;
  const form = toColumnName(def.id);
  const ours = (cells: ResearchCells) => cells.instrument?.definition.id === def.id;
  const locale = instrumentText(instrument, 'en');
  const items: Column[] = buildCodebook(instrument).items.map((item) => ({
    name: item.column,
    form,
    type: 'radio',
    label: `${def.shortTitle} ${item.number}. ${item.text}`,
    choices: item.options.map((o) => `${toChoiceCode(o.code)}, ${o.label}`).join(' | '),
    cell: (cells) => {
      const code = ours(cells) ? cells.record.assessment.answers[def.id]?.[item.itemId]?.code : undefined;
      return code === undefined ? '' : toChoiceCode(code);
    },
  }));
  const scores: Column[] = def.scores.flatMap((score) => {
    const name = `${form}_${snake(score.key)}`;
    const label = `${def.shortTitle} ${locale.scores[score.key] ?? score.key}`;
    const result = (cells: ResearchCells) => (ours(cells) ? cells.record.assessment.results?.[def.id] : undefined);
    const value: Column = {
      name,
      form,
      type: 'text',
      validation: 'number',
      label,
      note: `Computed by the Motivation Profile scoring engine${score.descriptive ? '; descriptive, not a validated score' : ''}`,
      cell: (cells) => {
        const v = result(cells)?.scores[score.key];
        return v === null || v === undefined ? '' : String(v);
      },
    };
    const bandSet = def.bands.find((b) => b.score === score.key);
    if (!bandSet) return [value];
    const band: Column = {
      name: `${name}_band`,
      form,
      type: 'radio',
      label: `${label}: band`,
      choices: bandSet.bands.map((b) => `${toChoiceCode(b.code)}, ${locale.bands[score.key]?.[b.code] ?? b.code}`).join(' | '),
      cell: (cells) => {
        const b = result(cells)?.bands[score.key];
        return b ? toChoiceCode(b) : '';
      },
    };
    return [value, band];
  });
  return [...items, ...scores];
}

/** The effort task's columns: the parabolic fit reported in the app, its standard errors and the BIC of each model. */
function effortColumns(): Column[] {
  const form = 'effort_task';
  const fitted = (cells: ResearchCells) => {
    const result = cells.effort;
    return result?.status === 'completed' ? result : null;
  };
  const number = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '' : String(Math.round(value * 10_000) / 10_000));
  const n = (name: string, label: string, value: (r: Extract<EffortResult, { status: 'completed' }>) => number | undefined): Column => ({
    name: `effort_${name}`,
    form,
    type: 'text',
    validation: 'number',
    label: `Effort task: ${label}`,
    note: 'Research measure; MAP fit by Motivation Profile (parabolic effort cost unless named)',
    cell: (cells) => {
      const r = fitted(cells);
      return r ? number(value(r)) : '';
    },
  });
  const bic = (model: CostModel) => n(`bic_${model}`, `BIC of the ${model} model`, (r) => r.fits.find((f) => f.model === model)?.bic);
  return [
    n('trials', 'offers played', (r) => r.reported.n),
    n('acceptance_rate', 'share of offers accepted (0–1)', (r) => r.acceptanceRate),
    n('kr', 'reward sensitivity kR', (r) => r.reported.parameters.rewardSensitivity),
    n('kr_se', 'standard error of kR', (r) => r.reported.standardErrors.rewardSensitivity),
    n('ke', 'effort sensitivity kE', (r) => r.reported.parameters.effortSensitivity),
    n('ke_se', 'standard error of kE', (r) => r.reported.standardErrors.effortSensitivity),
    n('a', 'acceptance bias a', (r) => r.reported.parameters.acceptanceBias),
    n('a_se', 'standard error of a', (r) => r.reported.standardErrors.acceptanceBias),
    ...COST_MODELS.map(bic),
    {
      name: 'effort_skip_reason',
      form,
      type: 'radio',
      label: 'Effort task: why it was stopped',
      choices: 'cannot_tap, Cannot tap | declined, Declined | other, Other',
      cell: (cells) => {
        const r = cells.effort;
        return r?.status === 'skipped' ? toChoiceCode(r.reason) : '';
      },
    },
  ];
}

function columnsFor(instruments: readonly Instrument[]): Column[] {
  return [...administrationColumns(), ...instruments.flatMap(instrumentColumns), ...effortColumns()];
}

const effortRow = (columns: readonly Column[], record: ResearchRecord, effort: EffortResult) => columns.map((c) => c.cell({ record, instrument: null, effort }));

const BOM = '\uFEFF';
const unparse = (rows: string[][]) => BOM + Papa.unparse(rows, { quotes: true, newline: '\r\n' }) + '\r\n';

/**
 * The dataset as CSV text: UTF-8 with a byte-order mark and every field quoted, so spreadsheet software opens
 * codes like `00123` and non-ASCII text correctly. Only completed assessments are exported; instruments absent
 * from `instruments` are skipped (the caller passes the catalogue).
 */
export function toResearchCsv(records: readonly ResearchRecord[], instruments: readonly Instrument[]): string {
  const columns = columnsFor(instruments);
  const rows = records
    .filter((r) => r.assessment.status === 'completed')
    .flatMap((record) =>
      [
        ...record.assessment.instruments.flatMap(({ id }) => {
          const instrument = instruments.find((i) => i.definition.id === id);
          return instrument ? [columns.map((c) => c.cell({ record, instrument, effort: null }))] : [];
        }),
        ...(record.assessment.effortTask ? [effortRow(columns, record, summariseEffortTask(record.assessment.effortTask))] : []),
      ],
    );
  return unparse([columns.map((c) => c.name), ...rows]);
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

/** The REDCap data dictionary (its 18 columns) describing every column of `toResearchCsv`, in order. */
export function toRedcapDictionary(instruments: readonly Instrument[]): string {
  const rows = columnsFor(instruments).map((c) => [
    c.name,
    c.form,
    '',
    c.type,
    c.label,
    c.choices ?? '',
    c.note ?? '',
    c.validation ?? '',
    '',
    '',
    c.identifier ? 'y' : '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ]);
  return unparse([DICTIONARY_HEADER, ...rows]);
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
