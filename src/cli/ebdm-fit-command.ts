import Papa from 'papaparse';
import type { Readable } from 'node:stream';
import { bestByBic, fitEbdm, type EbdmFit } from '../domain/ebdm/fit.ts';
import { COST_MODELS, type CostModel, type EbdmTrial } from '../domain/ebdm/model.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { FORMULA_CELL } from '../export/csv/csv-safety.ts';
import { DECIMAL, parseFitArgs, readFormat, readTrialsCsv, type SkippedRow } from './trials-csv.ts';

/**
 * `ebdm-fit`: fits the effort-based decision-making model to each participant of a trials CSV
 * (`participant,trial,reward,effort,accepted`; other columns are ignored). Bad rows are skipped and reported by
 * line; the participants' fits still print.
 */
export type EbdmFitFormat = 'json' | 'csv';
export type EbdmModelChoice = CostModel | 'all';
export type EbdmFitOptions = { readonly path: string; readonly model: EbdmModelChoice; readonly format: EbdmFitFormat };

export const EBDM_COLUMNS = ['participant', 'trial', 'reward', 'effort', 'accepted'] as const;

/** Reads `<file|-> [--model …] [--format …]`; a usage problem comes back as the message to print. */
export function parseEbdmFitArgs(args: readonly string[]): Result<EbdmFitOptions, string> {
  let model: EbdmModelChoice = 'parabolic';
  let format: EbdmFitFormat = 'json';
  const path = parseFitArgs(args, {
    '--model': (value) => {
      if (value !== 'all' && !COST_MODELS.includes(value as CostModel)) return `--model takes ${COST_MODELS.join(', ')} or all, not "${value ?? ''}"`;
      model = value as EbdmModelChoice;
      return null;
    },
    '--format': readFormat((value) => (format = value)),
  });
  return path.ok ? ok({ path: path.value, model, format }) : path;
}

export type ParticipantTrials = { readonly participant: string; readonly trials: readonly EbdmTrial[] };

/** Maps the header to column positions; a missing or repeated required column refuses the file. */
/** A reward or effort cell: any positive finite decimal, so other task versions fit too. */
function readLevel(name: string, cell: string): { value: number } | { problem: string } {
  if (cell === '') return { problem: `${name} is empty` };
  if (!DECIMAL.test(cell)) return { problem: `${name} "${cell}" is not a number` };
  const value = Number(cell);
  return Number.isFinite(value) && value > 0 ? { value } : { problem: `${name} ${cell} is not a positive number` };
}

/**
 * Splits CSV text into each participant's trials, in order of first appearance. Line numbers count physical
 * lines (the header is line 1), so a quoted cell that spans lines does not throw them off.
 */
export function readEbdmTrials(text: string): Result<{ participants: ParticipantTrials[]; skipped: SkippedRow[] }, string> {
  const byParticipant = new Map<string, EbdmTrial[]>();
  const firstLine = new Map<string, number>();
  const skipped: SkippedRow[] = [];
  const read = readTrialsCsv(text, EBDM_COLUMNS, (cell, rowLine) => {
    const problems: string[] = [];
    const participant = cell('participant');
    const trial = cell('trial');
    if (participant === '') problems.push('participant is empty');
    if (trial === '') problems.push('trial is empty');
    const reward = readLevel('reward', cell('reward'));
    const effort = readLevel('effort', cell('effort'));
    if ('problem' in reward) problems.push(reward.problem);
    if ('problem' in effort) problems.push(effort.problem);
    const accepted = cell('accepted');
    if (accepted !== '0' && accepted !== '1') problems.push(accepted === '' ? 'accepted is empty' : `accepted "${accepted}" is not 0 or 1`);
    const key = JSON.stringify([participant, trial]);
    const earlier = firstLine.get(key);
    if (participant !== '' && trial !== '' && earlier !== undefined) problems.push(`participant "${participant}" trial "${trial}" already appeared on line ${earlier}`);
    if (problems.length > 0 || 'problem' in reward || 'problem' in effort) {
      skipped.push({ line: rowLine, reason: problems.join('; ') });
      return;
    }
    firstLine.set(key, rowLine);
    const trials = byParticipant.get(participant) ?? [];
    trials.push({ reward: reward.value, effort: effort.value, accepted: accepted === '1' });
    byParticipant.set(participant, trials);
  });
  if (!read.ok) return read;
  return ok({ participants: [...byParticipant].map(([participant, trials]) => ({ participant, trials })), skipped });
}

/** The fields of the domain's `EbdmFit` (documented there) that the CLI prints: all but the step count. */
type PrintedFit = Pick<EbdmFit, 'model' | 'parameters' | 'standardErrors' | 'logLik' | 'bic' | 'n' | 'converged'>;

/** One participant's fit as printed. */
export type ParticipantFit = { readonly participant: string } & PrintedFit & {
  /** Only with `--model all`: true on the model with the lowest BIC for this participant. */
  readonly bestByBic?: true;
};

/** Fits every participant with one model, or with all three (marking the lowest BIC). */
export function fitParticipants(participants: readonly ParticipantTrials[], choice: EbdmModelChoice): ParticipantFit[] {
  const models = choice === 'all' ? COST_MODELS : [choice];
  return participants.flatMap(({ participant, trials }) => {
    const fits = models.flatMap((model) => {
      const fit = fitEbdm(trials, model);
      return fit.ok ? [fit.value] : [];
    });
    const best = choice === 'all' ? bestByBic(fits) : undefined;
    return fits.map((fit: EbdmFit) => ({
      participant,
      model: fit.model,
      parameters: fit.parameters,
      standardErrors: fit.standardErrors,
      logLik: fit.logLik,
      bic: fit.bic,
      n: fit.n,
      converged: fit.converged,
      ...(fit === best ? { bestByBic: true as const } : {}),
    }));
  });
}

/** Reads a whole stream as UTF-8 text: a trials file is small (64–128 rows a person). */
export async function readAll(input: Readable): Promise<Result<string, string>> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return ok(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    return err(`cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const KEYS = ['rewardSensitivity', 'effortSensitivity', 'acceptanceBias'] as const;

/**
 * JSON (an array, one entry per participant and model; a NaN standard error prints as null) or CSV with one row
 * per entry, standard errors as `se_*` columns and a `bestByBic` column only when models were compared.
 */
export function formatEbdmFits(fits: readonly ParticipantFit[], format: EbdmFitFormat): string {
  if (format === 'json') return `${JSON.stringify(fits, null, 2)}\n`;
  const compared = fits.some((fit) => fit.bestByBic === true);
  const header = ['participant', 'model', ...KEYS, ...KEYS.map((k) => `se_${k}`), 'logLik', 'bic', 'n', 'converged', ...(compared ? ['bestByBic'] : [])];
  const rows = fits.map((fit) => [
    fit.participant,
    fit.model,
    ...KEYS.map((k) => fit.parameters[k]),
    ...KEYS.map((k) => (Number.isNaN(fit.standardErrors[k]) ? '' : fit.standardErrors[k])),
    fit.logLik,
    fit.bic,
    fit.n,
    fit.converged,
    ...(compared ? [fit.bestByBic === true] : []),
  ]);
  return `${Papa.unparse([header, ...rows], { escapeFormulae: FORMULA_CELL })}\r\n`;
}
