import { givenText, notAskedOf, type Assessment } from '../../domain/assessment.ts';
import { buildCodebook, toColumnName } from '../../domain/codebook.ts';
import { COST_MODELS, type CostModel, type EbdmParameters } from '../../domain/ebdm/model.ts';
import type { EffortResult } from '../../domain/effort-task/effort-result.ts';
import type { ImportedEffort, ImportedEstimate } from '../../domain/imported-effort.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { clinicianLabels } from '../../domain/catalogue-lookup.ts';
import type { RewardResult } from '../../domain/prt/reward-result.ts';
import type { SignalDetection } from '../../domain/prt/signal-detection.ts';
import { DEFAULT_REWARD_TASK_CONFIG } from '../../domain/prt/task-config.ts';

/**
 * The REDCap project the research CSV imports into, as forms of fields. The layout is a classic (non-longitudinal)
 * project with repeating instruments, so the file imports with no reshaping:
 *
 * - `participant` (not repeating): `record_id` = the patient's pseudonymous code made safe (toRedcapRecordId),
 *   and `patient_code` as typed at the clinic. One record per patient.
 * - `visit` (repeating): one instance per completed assessment, in completion order (instance 1 = first visit).
 * - one repeating form per instrument (`phq_9`, `teps`, …), `effort_task` and `reward_task`: one instance per administration,
 *   numbered per patient and form; `<form>_visit` holds the instance number of the visit it was given at.
 *
 * REDCap rules followed (REDCap's Data Import Tool and data dictionary documentation, as summarised e.g. in the
 * "Data Import Tool" guide of the CCTS (ccts-bsc.netlify.app/redcap/data-import-tool) and the REDCap knowledge base
 * articles "Record Data CSV Import" and "Data Dictionary Column Reference" (bdeveer.github.io/REDCap_KB_RAG)):
 * the record identifier is the first field of the first form and the first column of an import; a project with
 * repeating instruments adds `redcap_repeat_instrument` and `redcap_repeat_instance` (left empty on the row of the
 * non-repeating form); every form has a status field `<form>_complete` (0 Incomplete, 1 Unverified, 2 Complete)
 * that REDCap creates itself, so it is a data column but never a data dictionary row; the dictionary has 18 columns;
 * variable names are lower-case letters, digits and underscores, start with a letter, and should stay within 26
 * characters (REDCap's recommendation, so names survive export to statistics packages); number and integer text
 * fields carry Text Validation Min/Max. Calculated fields are computed by REDCap and never imported, so the engine's
 * scores are plain validated number fields. The repeating-instrument settings are REDCap's "repeating instruments
 * and events" CSV (`form_name,custom_form_label`, documented with the API's Import Repeating Instruments and Events
 * method, e.g. redcapAPI's importRepeatingInstrumentsEvents). Variable names: lower-case letters, digits and
 * underscores (UCLA CTSI's REDCap "Important Project Development Concepts"); at most 26 characters (REDCap's
 * field-name advice, e.g. the IDeA-labs REDCap wiki "Anlegen von Variablen"). Record names appear at the end of
 * REDCap page addresses (Utah CTSI's "Record Labels, Auto-Numbering & Unique Identifiers"), hence toRedcapRecordId.
 * The status codes 0/1/2 are REDCap's own form-status choices as its exports write them.
 */
export type Validation = 'number' | 'integer' | 'datetime_seconds_ymd';

/** A data dictionary row, and how its cell is filled from the form's row context `C`. */
export type Field<C> = {
  readonly name: string;
  readonly type: 'text' | 'radio';
  readonly label: string;
  readonly choices?: string;
  readonly note?: string;
  readonly validation?: Validation;
  readonly min?: number;
  readonly max?: number;
  readonly identifier?: boolean;
  readonly cell: (context: C) => string;
};

/** A REDCap instrument: its name (the dictionary's Form Name), whether it repeats, its label in the settings file. */
export type Form<C> = { readonly name: string; readonly repeating: boolean; readonly repeatLabel: string; readonly fields: readonly Field<C>[] };

export type ParticipantContext = { readonly recordId: string; readonly patientCode: string };
export type VisitContext = { readonly assessment: Assessment };
/** One administration: the assessment it belongs to and the instance number of that assessment's visit. */
export type GivenContext = { readonly assessment: Assessment; readonly visit: number };
/** An effort result fetched from the clinic's EHR with its visit (`origin.effort`): no trials, so no fits to compare. */
export type FetchedEffort = { readonly status: 'fetched'; readonly result: ImportedEffort };
export type EffortContext = GivenContext & { readonly effort: EffortResult | FetchedEffort };
/** A reward task (PRT) with its result, recomputed from its trials (`summariseRewardTask`). */
export type RewardContext = GivenContext & { readonly reward: RewardResult };

/** `2026-03-01T09:05:00.000Z` → `2026-03-01 09:05:00` (UTC), the date-time form REDCap imports. */
export function toRedcapDateTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/** REDCap's choice code for a semantic answer code: `several-days` → `several_days` (codes take letters, digits, `_`). */
export const toChoiceCode = (code: string) => code.replace(/-/g, '_');

/**
 * A patient code as a REDCap record name. REDCap shows the record name in page addresses, so only letters, digits
 * and `-` are kept; every other character, `_` included, becomes `_`, its Unicode code point in upper-case hex, and
 * `_` (`W7 042` → `W7_20_042`, `A_1` → `A_5F_1`, `张` → `_5F20_`, a leading `-` → `_2D_`). The mapping can be undone, so two different codes
 * never share a record: collisions are impossible. An empty code has no record name.
 */
export function toRedcapRecordId(patientCode: string): string {
  if (patientCode === '') throw new RangeError('a research record needs a patient code: an empty code has no REDCap record id');
  // A leading `-` is written `_2D_` too: a cell starting with `-` would be guarded against CSV injection with a quote
  // (csv-safety.ts), and REDCap would take the quote as part of the record name.
  return Array.from(patientCode, (ch, i) => (/^[A-Za-z0-9]$/.test(ch) || (ch === '-' && i > 0) ? ch : `_${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}_`)).join('');
}

/** A score key as a field-name part: `behaviouralActivation` → `behavioural_activation`. */
const snake = (key: string) => toColumnName(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());

const text = <C>(name: string, label: string, cell: Field<C>['cell'], extra: Partial<Field<C>> = {}): Field<C> => ({ name, type: 'text', label, cell, ...extra });
const visitField = <C extends GivenContext>(name: string): Field<C> =>
  text(name, 'Visit: instance number of the visit form this was given at', ({ visit }) => String(visit), { validation: 'integer', min: 1 });

export function participantForm(): Form<ParticipantContext> {
  return {
    name: 'participant',
    repeating: false,
    repeatLabel: '',
    fields: [
      text('record_id', 'Record id: the patient code with characters other than letters, digits and - written as _<hex>_', (c) => c.recordId),
      text('patient_code', 'Patient code (the clinic’s pseudonym)', (c) => c.patientCode, { identifier: true }),
    ],
  };
}

export function visitForm(): Form<VisitContext> {
  return {
    name: 'visit',
    repeating: true,
    repeatLabel: '[completed_at_utc]',
    fields: [
      text('assessment_id', 'Assessment id (the app’s id of this visit)', ({ assessment }) => assessment.id),
      text('completed_at_utc', 'Completed at (UTC)', ({ assessment }) => toRedcapDateTime(assessment.completedAt ?? assessment.updatedAt), { validation: 'datetime_seconds_ymd' }),
      text('battery', 'Battery', ({ assessment }) => assessment.batteryName),
      text('mode', 'Who keyed the answers', ({ assessment }) => assessment.mode, { type: 'radio', choices: 'patient, Patient on the tablet | clinician, Clinician (interview or informant)' }),
      text('informant_relation', 'Informant’s relation to the patient', ({ assessment }) => assessment.informantRelation ?? ''),
      text('language', 'Language the patient reads (chosen at the start; <form>_language is the text each questionnaire was given in)', ({ assessment }) => assessment.language),
    ],
  };
}

const READING_CHOICES = 'respondent, Read (or heard) by the respondent as written | clinician_read, Read aloud and interpreted by the clinician';

const PART_CHOICES = '1, Asked | 0, Not asked: left out at the start as not applicable (its items and scores are empty)';

const SCORE_STATUS_CHOICES = 'complete, Complete | prorated, Prorated for missing items | partial, Partly scored | unscorable, Too many items missing | invalid, Invalid answers';

/** An instrument's form: when and how it was scored, the answer codes, then each score (with its range) and band. */
export function instrumentForm(instrument: Instrument): Form<GivenContext> {
  const def = instrument.definition;
  const form = toColumnName(def.id);
  const locale = clinicianLabels(instrument, 'en');
  const result = ({ assessment }: GivenContext) => assessment.results?.[def.id];
  const header: Field<GivenContext>[] = [
    visitField(`${form}_visit`),
    text(`${form}_version`, `${def.shortTitle}: instrument version`, () => def.version),
    // The text the items were given in (issue 14): its language, the SHA-256 of its translation pack (empty when an
    // older assessment did not record it), and whether the clinician read it aloud and interpreted it.
    text(`${form}_language`, `${def.shortTitle}: language of the text given (BCP-47)`, ({ assessment }) => givenText(assessment, def.id).language),
    text(`${form}_pack`, `${def.shortTitle}: SHA-256 of the translation pack given (empty: not recorded)`, ({ assessment }) => givenText(assessment, def.id).packHash ?? ''),
    text(`${form}_reading`, `${def.shortTitle}: how the text was read`, ({ assessment }) => toChoiceCode(givenText(assessment, def.id).reading), { type: 'radio', choices: READING_CHOICES }),
    text(`${form}_engine`, `${def.shortTitle}: scoring engine version`, (c) => result(c)?.provenance.scoringEngineVersion ?? ''),
    text(`${form}_status`, `${def.shortTitle}: score status`, (c) => result(c)?.status ?? '', { type: 'radio', choices: SCORE_STATUS_CHOICES }),
    text(`${form}_flags`, `${def.shortTitle}: clinical flags raised (semicolon-separated codes)`, (c) => (result(c)?.flags ?? []).join(';')),
    text(`${form}_qflags`, `${def.shortTitle}: response-quality flags (semicolon-separated codes)`, ({ assessment }) => (assessment.qualityFlags[def.id] ?? []).map((q) => q.code).join(';')),
    // A part the clinician may leave out (CBI's work and client parts): asked or not, so its empty cells read as
    // "not applicable" rather than missing.
    ...(def.parts ?? []).map((part) =>
      text<GivenContext>(`${form}_asked_${toColumnName(part.id)}`, `${def.shortTitle}: ${locale.parts?.[part.id] ?? part.id}: asked?`, ({ assessment }) => (notAskedOf(assessment, def.id).includes(part.id) ? '0' : '1'), {
        type: 'radio',
        choices: PART_CHOICES,
      }),
    ),
  ];
  const items: Field<GivenContext>[] = buildCodebook(instrument).items.map((item) => ({
    name: item.column,
    type: 'radio',
    label: `${def.shortTitle} ${item.number}. ${item.text}`,
    choices: item.options.map((o) => `${toChoiceCode(o.code)}, ${o.label}`).join(' | '),
    cell: ({ assessment }) => {
      const code = assessment.answers[def.id]?.[item.itemId]?.code;
      return code === undefined ? '' : toChoiceCode(code);
    },
  }));
  const scores = def.scores.flatMap((score): Field<GivenContext>[] => {
    const name = `${form}_${snake(score.key)}`;
    const label = `${def.shortTitle} ${locale.scores[score.key] ?? score.key}`;
    const value = text<GivenContext>(
      name,
      label,
      (c) => {
        const v = result(c)?.scores[score.key];
        return v === null || v === undefined ? '' : String(v);
      },
      {
        validation: score.decimals === 0 ? 'integer' : 'number',
        min: score.range.min,
        max: score.range.max,
        note: `Computed by the Motivation Profile scoring engine${score.descriptive ? '; descriptive, not a validated score' : ''}`,
      },
    );
    const bandSet = def.bands.find((b) => b.score === score.key);
    if (!bandSet) return [value];
    const choices = bandSet.bands.map((b) => `${toChoiceCode(b.code)}, ${locale.bands[score.key]?.[b.code] ?? b.code}`).join(' | ');
    return [value, text(`${name}_band`, `${label}: band`, (c) => toChoiceCode(result(c)?.bands[score.key] ?? ''), { type: 'radio', choices })];
  });
  return { name: form, repeating: true, repeatLabel: `Visit [${form}_visit]`, fields: [...header, ...items, ...scores] };
}

/** The numbers of an effort result, whether fitted here or fetched (then rounded as reported, and with no BIC). */
type EffortNumbers = {
  readonly n: number | null;
  readonly acceptanceRate: number | null;
  readonly parameters: Readonly<Record<keyof EbdmParameters, number | null>>;
  readonly standardErrors: Readonly<Record<keyof EbdmParameters, number | null>>;
  readonly bic: (model: CostModel) => number | undefined;
};

function effortNumbers(effort: EffortContext['effort']): EffortNumbers | null {
  if (effort.status === 'completed') {
    const { reported, fits } = effort;
    return { n: reported.n, acceptanceRate: effort.acceptanceRate, parameters: reported.parameters, standardErrors: reported.standardErrors, bic: (model) => fits.find((f) => f.model === model)?.bic };
  }
  if (effort.status !== 'fetched' || effort.result.status !== 'completed') return null;
  const { n, acceptancePercent, parameters: p } = effort.result;
  const each = (pick: (e: ImportedEstimate) => number | null) => ({ rewardSensitivity: pick(p.rewardSensitivity), effortSensitivity: pick(p.effortSensitivity), acceptanceBias: pick(p.acceptanceBias) });
  return { n, acceptanceRate: acceptancePercent === null ? null : acceptancePercent / 100, parameters: each((e) => e.value), standardErrors: each((e) => e.standardError), bic: () => undefined };
}

/** How an effort result is read: as it stands for one fitted here, the fetched result for one from the EHR. */
const effortStatus = (effort: EffortContext['effort']) => (effort.status === 'fetched' ? effort.result.status : effort.status);

/**
 * The effort task's form: the parabolic fit reported in the app, its standard errors and the BIC of each model. A
 * result fetched from the EHR with its visit (`effort_source` = ehr) has the values as the EHR holds them (three
 * significant digits) and no BIC: its trials are not on the EHR, so nothing was fitted here.
 */
export function effortForm(): Form<EffortContext> {
  const number = (value: number | null | undefined) => (value === undefined || value === null || !Number.isFinite(value) ? '' : String(Math.round(value * 10_000) / 10_000));
  const n = (name: string, label: string, value: (r: EffortNumbers) => number | null | undefined, extra: Partial<Field<EffortContext>> = {}) =>
    text<EffortContext>(
      `effort_${name}`,
      `Effort task: ${label}`,
      ({ effort }) => {
        const r = effortNumbers(effort);
        return r ? number(value(r)) : '';
      },
      { validation: 'number', note: 'Research measure; MAP fit by Motivation Profile (parabolic effort cost unless named)', ...extra },
    );
  const bic = (model: CostModel) => n(`bic_${model}`, `BIC of the ${model} model`, (r) => r.bic(model));
  return {
    name: 'effort_task',
    repeating: true,
    repeatLabel: 'Visit [effort_visit]',
    fields: [
      visitField('effort_visit'),
      text('effort_version', 'Effort task: version', ({ assessment, effort }) => (effort.status === 'fetched' ? (effort.result.status === 'completed' ? (effort.result.taskVersion ?? '') : '') : (assessment.effortTask?.taskVersion ?? ''))),
      text('effort_status', 'Effort task: status', ({ effort }) => toChoiceCode(effortStatus(effort)), {
        type: 'radio',
        choices: 'completed, Effort task completed | skipped, Effort task stopped | in_progress, Effort task unfinished | not_fitted, Effort model not fitted',
      }),
      text('effort_source', 'Effort task: where the result comes from', ({ effort }) => (effort.status === 'fetched' ? 'ehr' : 'tablet'), {
        type: 'radio',
        choices: "tablet, Fitted on this tablet from its trials | ehr, Fetched from the clinic's EHR as another tablet reported it (no trials, no BIC)",
      }),
      n('trials', 'offers played', (r) => r.n, { validation: 'integer', min: 0 }),
      n('acceptance_rate', 'share of offers accepted (0–1)', (r) => r.acceptanceRate, { min: 0, max: 1 }),
      n('kr', 'reward sensitivity kR', (r) => r.parameters.rewardSensitivity),
      n('kr_se', 'standard error of kR', (r) => r.standardErrors.rewardSensitivity),
      n('ke', 'effort sensitivity kE', (r) => r.parameters.effortSensitivity),
      n('ke_se', 'standard error of kE', (r) => r.standardErrors.effortSensitivity),
      n('a', 'acceptance bias a', (r) => r.parameters.acceptanceBias),
      n('a_se', 'standard error of a', (r) => r.standardErrors.acceptanceBias),
      ...COST_MODELS.map(bic),
      text('effort_skip_reason', 'Effort task: why it was stopped', ({ effort }) => {
        const stopped = effort.status === 'fetched' ? effort.result : effort;
        return stopped.status === 'skipped' ? toChoiceCode(stopped.reason) : '';
      }, {
        type: 'radio',
        choices: 'cannot_tap, Cannot tap | declined, Declined | other, Other',
      }),
    ],
  };
}

/** A number rounded to 4 decimals as text; empty when absent or not finite (a hit rate with no trial, an SE with none). */
const decimals4 = (value: number | null | undefined) => (value === undefined || value === null || !Number.isFinite(value) ? '' : String(Math.round(value * 10_000) / 10_000));

/**
 * Blocks with their own fields: the published design's 3 (`DEFAULT_REWARD_TASK_CONFIG`). A record run with more
 * blocks (the config allows up to 6) has its later blocks in the overall values and the reward-trials CSV only.
 */
export const REWARD_FORM_BLOCKS = DEFAULT_REWARD_TASK_CONFIG.blocks;

const MODEL_FREE_NOTE = 'Research measure, no reference data; model-free (Pizzagalli et al. 2005): base-10 log, 0.5 added to every cell, excluded trials left out';
const MODEL_NOTE = 'Research measure, no reference data; MAP fit of the PRT learning model (Huys et al. 2013) by Motivation Profile, excluded trials out of the likelihood';

/**
 * The reward task's (PRT's) form: status, then the model-free outputs (the primary: response bias log b,
 * discriminability log d and the rich and lean hit rates, overall and per block; the trials analysed and excluded),
 * the learning model's fit (ρ with its SE; ε and γ, which the app never shows per person: ε is weakly identified
 * and mostly its prior's, REWARD-TASK.md §5, §7), the achieved mouth timing and the counterbalancing. Only a
 * completed task has numbers; nothing is inferred from a skipped or unfinished one.
 */
export function rewardForm(): Form<RewardContext> {
  const completed = (reward: RewardResult) => (reward.status === 'completed' ? reward : null);
  const n = (name: string, label: string, value: (r: Extract<RewardResult, { status: 'completed' }>) => number | null | undefined, extra: Partial<Field<RewardContext>> = {}) =>
    text<RewardContext>(
      `prt_${name}`,
      `Reward task: ${label}`,
      ({ reward }) => {
        const r = completed(reward);
        return r ? decimals4(value(r)) : '';
      },
      { validation: 'number', ...extra },
    );
  const detection = (prefix: string, where: string, pick: (r: Extract<RewardResult, { status: 'completed' }>) => SignalDetection | undefined) => [
    n(`${prefix}log_b`, `response bias log b${where}`, (r) => pick(r)?.logB, { note: `${MODEL_FREE_NOTE}; positive: a bias towards the rich mouth` }),
    n(`${prefix}log_d`, `discriminability log d${where}`, (r) => pick(r)?.logD, { note: MODEL_FREE_NOTE }),
    n(`${prefix}rich_hit`, `rich hit rate (0–1)${where}`, (r) => pick(r)?.richHitRate, { min: 0, max: 1, note: 'Rich correct / rich shown, included trials, no correction; empty with no rich trial' }),
    n(`${prefix}lean_hit`, `lean hit rate (0–1)${where}`, (r) => pick(r)?.leanHitRate, { min: 0, max: 1, note: 'Lean correct / lean shown, included trials, no correction; empty with no lean trial' }),
  ];
  const blocks = Array.from({ length: REWARD_FORM_BLOCKS }, (_, i) => detection(`b${String(i + 1)}_`, `, block ${String(i + 1)}`, (r) => r.summary.blocks.find((b) => b.block === i + 1)));
  const fit = (r: Extract<RewardResult, { status: 'completed' }>) => r.fit;
  return {
    name: 'reward_task',
    repeating: true,
    repeatLabel: 'Visit [prt_visit]',
    fields: [
      visitField('prt_visit'),
      text('prt_version', 'Reward task: version', ({ assessment }) => assessment.rewardTask?.taskVersion ?? ''),
      text('prt_status', 'Reward task: status', ({ reward }) => toChoiceCode(reward.status), {
        type: 'radio',
        choices: 'completed, Reward task completed | skipped, Reward task stopped | in_progress, Reward task unfinished',
      }),
      text('prt_skip_reason', 'Reward task: why it was stopped', ({ reward }) => (reward.status === 'skipped' ? toChoiceCode(reward.reason) : ''), {
        type: 'radio',
        choices: 'cannot_see, Cannot see the faces | declined, Declined | other, Other',
      }),
      text('prt_rich_mouth', 'Reward task: the rich (more often rewarded) mouth', ({ reward }) => completed(reward)?.richMouth ?? '', { type: 'radio', choices: 'short, Short mouth | long, Long mouth' }),
      n('trials', 'main trials played', (r) => r.summary.n, { validation: 'integer', min: 0 }),
      n('excluded', 'trials excluded from the analysis', (r) => r.summary.excluded.length, {
        validation: 'integer',
        min: 0,
        note: 'Reaction time outside the task’s window (150–2500 ms by default) or more than 3 SD from the person’s mean log RT',
      }),
      ...detection('', ', all blocks', (r) => r.summary.overall),
      ...blocks.flat(),
      n('rho', 'reward sensitivity ρ', (r) => fit(r)?.parameters.rewardSensitivity, { min: 0, note: `${MODEL_NOTE}; empty when not fitted` }),
      n('rho_se', 'standard error of ρ', (r) => fit(r)?.rewardSensitivitySe, {
        min: 0,
        note: 'Laplace SE of ln ρ times ρ (delta method); an interval is better taken as exp(ln ρ ± 1.96·SE of ln ρ)',
      }),
      n('eps', 'learning rate ε (0–1)', (r) => fit(r)?.parameters.learningRate, { min: 0, max: 1, note: `${MODEL_NOTE}; weakly identified, mostly its prior's (logit ε ~ N(logit 0.15, 1)): research only` }),
      n('gamma', 'instruction sensitivity γ', (r) => fit(r)?.parameters.instructionSensitivity, { note: MODEL_NOTE }),
      text('prt_converged', 'Reward task: model fit converged', ({ reward }) => {
        const f = completed(reward)?.fit;
        return f ? (f.converged ? '1' : '0') : '';
      }, { type: 'radio', choices: '1, Yes | 0, No' }),
      n('mouth_ms', 'median achieved mouth duration (ms)', (r) => r.timing.medianShownMs, { min: 0, note: 'Between the display frames it was drawn and removed at; the target is 100 ms' }),
      n('mouth_frames', 'median display frames the mouth was drawn for', (r) => r.timing.medianFrames, { min: 0 }),
    ],
  };
}

/** Every form of the project, in order: participant, visit, the instruments (catalogue order), the effort task, the reward task. */
export function researchForms(instruments: readonly Instrument[]) {
  return {
    participant: participantForm(),
    visit: visitForm(),
    instruments: instruments.map((i) => ({ id: i.definition.id, form: instrumentForm(i) })),
    effort: effortForm(),
    reward: rewardForm(),
  };
}

export type ResearchForms = ReturnType<typeof researchForms>;

/** The forms as one list, for the dictionary and the CSV header (their fields are only read, never filled, here). */
export function formList(forms: ResearchForms): readonly Form<never>[] {
  return [forms.participant, forms.visit, ...forms.instruments.map((i) => i.form), forms.effort, forms.reward];
}
