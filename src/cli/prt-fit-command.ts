import Papa from 'papaparse';
import { fitPrt, type PrtFit } from '../domain/prt/prt-fit.ts';
import type { PrtAnalysisTrial, PrtStimulus } from '../domain/prt/prt-trial.ts';
import { summarisePrt, type ExclusionReason, type SignalDetection } from '../domain/prt/signal-detection.ts';
import { ok, type Result } from '../domain/result.ts';
import { FORMULA_CELL } from '../export/csv/csv-safety.ts';
import { DECIMAL, parseFitArgs, readFormat, readTrialsCsv, type SkippedRow } from './trials-csv.ts';

/**
 * `prt-fit`: the Probabilistic Reward Task's outputs per participant of a trials CSV
 * (`participant,block,trial,stimulus,response,rewarded,rt_ms`; other columns are ignored): RT exclusions, log b /
 * log d per block and pooled (src/domain/prt/signal-detection.ts) and the stimulus–action model's ρ, ε, γ
 * (src/domain/prt/prt-fit.ts). Bad rows are skipped and reported by line; the participants' results still print.
 */
export type PrtFitFormat = 'json' | 'csv';
export type PrtFitOptions = { readonly path: string; readonly format: PrtFitFormat };

export const PRT_COLUMNS = ['participant', 'block', 'trial', 'stimulus', 'response', 'rewarded', 'rt_ms'] as const;
type Column = (typeof PRT_COLUMNS)[number];

/** Reads `<file|-> [--format json|csv]`; a usage problem comes back as the message to print. */
export function parsePrtFitArgs(args: readonly string[]): Result<PrtFitOptions, string> {
  let format: PrtFitFormat = 'json';
  const path = parseFitArgs(args, { '--format': readFormat((value) => (format = value)) });
  return path.ok ? ok({ path: path.value, format }) : path;
}

export type PrtParticipantTrials = { readonly participant: string; readonly trials: readonly PrtAnalysisTrial[] };

const WHOLE = /^[+-]?\d+$/;
const REWARDED: Readonly<Record<string, boolean>> = { '1': true, '0': false, true: true, false: false };

function readStimulus(name: string, cell: string): PrtStimulus | { problem: string } {
  const value = cell.toLowerCase();
  if (value === 'rich' || value === 'lean') return value;
  return { problem: cell === '' ? `${name} is empty` : `${name} "${cell}" is not rich or lean` };
}

/**
 * Splits CSV text into each participant's trials, in order of first appearance; each participant's trials are
 * sorted by block, then trial number, because the learning model needs the order they were done in. Line
 * numbers count physical lines (the header is line 1).
 */
export function readPrtTrials(text: string): Result<{ participants: PrtParticipantTrials[]; skipped: SkippedRow[] }, string> {
  const byParticipant = new Map<string, { trial: number; value: PrtAnalysisTrial }[]>();
  const firstLine = new Map<string, number>();
  const skipped: SkippedRow[] = [];
  const read = readTrialsCsv(text, PRT_COLUMNS, (cell, rowLine) => {
    const problems: string[] = [];
    const participant = cell('participant');
    if (participant === '') problems.push('participant is empty');
    const whole = (column: Column) => {
      const value = cell(column);
      if (value === '') problems.push(`${column} is empty`);
      else if (!WHOLE.test(value)) problems.push(`${column} "${value}" is not a whole number`);
      return Number(value);
    };
    const block = whole('block');
    const trial = whole('trial');
    const stimulus = readStimulus('stimulus', cell('stimulus'));
    const response = readStimulus('response', cell('response'));
    if (typeof stimulus !== 'string') problems.push(stimulus.problem);
    if (typeof response !== 'string') problems.push(response.problem);
    const rewardedCell = cell('rewarded').toLowerCase();
    const rewarded = REWARDED[rewardedCell];
    if (rewarded === undefined) problems.push(rewardedCell === '' ? 'rewarded is empty' : `rewarded "${cell('rewarded')}" is not 0, 1, true or false`);
    const rtCell = cell('rt_ms');
    const rtMs = Number(rtCell);
    if (rtCell === '') problems.push('rt_ms is empty');
    else if (!DECIMAL.test(rtCell) || !(rtMs >= 0)) problems.push(`rt_ms "${rtCell}" is not a number of ms ≥ 0`);
    const key = JSON.stringify([participant, cell('block'), cell('trial')]);
    const earlier = firstLine.get(key);
    if (problems.length === 0 && earlier !== undefined) problems.push(`participant "${participant}" block ${block} trial ${trial} already appeared on line ${earlier}`);
    if (problems.length > 0 || typeof stimulus !== 'string' || typeof response !== 'string' || rewarded === undefined) {
      skipped.push({ line: rowLine, reason: problems.join('; ') });
      return;
    }
    firstLine.set(key, rowLine);
    const trials = byParticipant.get(participant) ?? [];
    trials.push({ trial, value: { block, stimulus, response, rewarded, rtMs } });
    byParticipant.set(participant, trials);
  });
  if (!read.ok) return read;
  const participants = [...byParticipant].map(([participant, rows]) => ({
    participant,
    trials: [...rows].sort((a, b) => a.value.block - b.value.block || a.trial - b.trial).map((row) => row.value),
  }));
  return ok({ participants, skipped });
}

/** The learning model's outputs as printed; null when there was no trial to fit. */
export type PrintedModel = {
  /** ρ (MAP), its delta-method SE, and the Laplace SE of ln ρ (an interval is exp(ln ρ ± 1.96·se)). */
  readonly rewardSensitivity: number;
  readonly rewardSensitivitySe: number;
  readonly logRewardSensitivitySe: number;
  /** ε: for research exports only; poorly recovered per person, never a clinical value. */
  readonly learningRate: number;
  readonly instructionSensitivity: number;
  readonly instructionSensitivitySe: number;
  readonly logLik: number;
  readonly converged: boolean;
};

/** One participant's results as printed. */
export type PrtParticipantResult = {
  readonly participant: string;
  /** Trials read for this participant. */
  readonly n: number;
  /** Trials left out of log b / log d and of the likelihood (they still teach the learner), by reason. */
  readonly excluded: number;
  readonly excludedBy: Readonly<Record<ExclusionReason, number>>;
  readonly blocks: readonly (SignalDetection & { readonly block: number })[];
  readonly overall: SignalDetection;
  readonly model: PrintedModel | null;
};

function printedModel(fit: PrtFit): PrintedModel {
  return {
    rewardSensitivity: fit.parameters.rewardSensitivity,
    rewardSensitivitySe: fit.rewardSensitivitySe,
    logRewardSensitivitySe: fit.standardErrors.logRewardSensitivity,
    learningRate: fit.parameters.learningRate,
    instructionSensitivity: fit.parameters.instructionSensitivity,
    instructionSensitivitySe: fit.standardErrors.instructionSensitivity,
    logLik: fit.logLik,
    converged: fit.converged,
  };
}

/** Summarises and fits every participant; RT-excluded trials are unscored in the fit but still learnt from. */
export function analyseParticipants(participants: readonly PrtParticipantTrials[]): PrtParticipantResult[] {
  return participants.map(({ participant, trials }) => {
    const summary = summarisePrt(trials);
    const out = new Set(summary.excluded.map((e) => e.index));
    const fit = fitPrt(trials.map((t, index) => ({ ...t, scored: !out.has(index) })));
    const excludedBy = { 'rt-too-fast': 0, 'rt-too-slow': 0, 'rt-outlier': 0 };
    for (const e of summary.excluded) excludedBy[e.reason] += 1;
    return {
      participant,
      n: summary.n,
      excluded: summary.excluded.length,
      excludedBy,
      blocks: summary.blocks,
      overall: summary.overall,
      model: fit.ok ? printedModel(fit.value) : null,
    };
  });
}

const number = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '' : value);

/**
 * JSON (an array, one entry per participant; NaN prints as null) or CSV with one row per participant: the pooled
 * outputs, then log b / log d for every block number seen in the file (empty where a participant lacks it), then
 * the model.
 */
export function formatPrtResults(results: readonly PrtParticipantResult[], format: PrtFitFormat): string {
  if (format === 'json') return `${JSON.stringify(results, null, 2)}\n`;
  const blockNumbers = [...new Set(results.flatMap((r) => r.blocks.map((b) => b.block)))].sort((a, b) => a - b);
  const header = [
    'participant', 'n', 'excluded', 'logB', 'logD', 'richHitRate', 'leanHitRate', 'richRewards', 'leanRewards',
    ...blockNumbers.flatMap((b) => [`block${b}_logB`, `block${b}_logD`]),
    'rho', 'se_rho', 'se_log_rho', 'epsilon', 'gamma', 'se_gamma', 'logLik', 'converged',
  ];
  const rows = results.map((r) => {
    const block = (n: number) => r.blocks.find((b) => b.block === n);
    return [
      r.participant, r.n, r.excluded, r.overall.logB, r.overall.logD, number(r.overall.richHitRate), number(r.overall.leanHitRate), r.overall.rewards.rich, r.overall.rewards.lean,
      ...blockNumbers.flatMap((n) => [number(block(n)?.logB), number(block(n)?.logD)]),
      number(r.model?.rewardSensitivity), number(r.model?.rewardSensitivitySe), number(r.model?.logRewardSensitivitySe), number(r.model?.learningRate),
      number(r.model?.instructionSensitivity), number(r.model?.instructionSensitivitySe), number(r.model?.logLik), r.model?.converged ?? '',
    ];
  });
  return `${Papa.unparse([header, ...rows], { escapeFormulae: FORMULA_CELL })}\r\n`;
}
