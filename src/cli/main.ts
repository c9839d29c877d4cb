import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodebook } from '../domain/codebook.ts';
import { listInstrumentFolders, readInstrument } from './instrument-folder.ts';
import { checkLocaleFile, formatCheckedLocale, instrumentWithLocale, localeTemplate } from './locale-command.ts';
import { fhirFromCsv } from './fhir-command.ts';
import { CONTRACT_USAGE, contractExitCode, formatContractReport, parseFhirContractArgs, runFhirContract } from './fhir-contract-command.ts';
import { fitParticipants, formatEbdmFits, parseEbdmFitArgs, readAll, readEbdmTrials } from './ebdm-fit-command.ts';
import { analyseParticipants, formatPrtResults, parsePrtFitArgs, readPrtTrials } from './prt-fit-command.ts';
import { openInput, scoreCsvStream, type ScoreFormat } from './score-command.ts';
import { formatFhirRows, scoreFhirText } from './score-fhir-command.ts';

/**
 * Command-line entry: `npm run --silent cli -- <command>`. JSON on stdout, messages on stderr.
 * Exit codes: 0 success, 1 a file or data problem, 2 a usage problem.
 */
const USAGE = `Usage: npm run --silent cli -- <command>
  list                                       the instruments, as JSON
  codebook <id> [--language <lang>] [--locale <pack.json>]
                                             item columns (codebookVersion 2), wording and options,
                                             in a language of a built-in pack or of a pack file
  check-locale <pack.json>                   check a translation pack as the app's import does; prints
                                             OK <instrument> <version> <language> sha256:<hash>
  locale-template <id> <lang>                an empty translation pack for the instrument's current
                                             version: fill in every "" verbatim from a licensed source
  score <id> <file.csv|-> [--format json|csv]  score every row of a CSV (id + codebook columns; cfpb-fwb-10
                                             also reads age and administration = self|interviewer)
  fhir <id> <file.csv|->                     the same rows as one FHIR R4 collection Bundle (JSON)
  score-fhir <bundle.json|->                 score the QuestionnaireResponses for our Questionnaires in a
                                             Bundle (collection, searchset, transaction) or NDJSON: JSON
                                             as score's, with each row's instrument
  ebdm-fit <trials.csv|-> [--model parabolic|linear|exponential|all] [--format json|csv]
                                             fit the effort task per participant (columns participant,
                                             trial, reward, effort, accepted)
  prt-fit <trials.csv|-> [--format json|csv]  the reward task per participant: RT exclusions, log b and
                                             log d per block and pooled, and the learning model's rho
                                             (with SE), epsilon, gamma (columns participant, block,
                                             trial, stimulus, response, rewarded, rt_ms)
  fhir-contract <base-url> [--token <bearer>] [--mrn-system <uri>]
                                             check a FHIR server before go-live (also
                                             npm run fhir-contract -- …); prints PASS/WARN/FAIL lines`;

class ExitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function appVersion(): string {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function loadInstrument(id: string | undefined) {
  if (!id) throw new ExitError(`missing instrument id\n${USAGE}`, 2);
  const known = listInstrumentFolders();
  if (!known.includes(id)) throw new ExitError(`unknown instrument "${id}"; known: ${known.join(', ')}`, 2);
  const instrument = readInstrument(id);
  if (!instrument.ok) throw new ExitError(`instrument "${id}" is broken:\n${instrument.error.join('\n')}`, 1);
  return instrument.value;
}

/** Every instrument folder that passes its checks; a broken one is named on stderr (its responses are then unknown). */
function loadCatalogue() {
  return listInstrumentFolders().flatMap((id) => {
    const instrument = readInstrument(id);
    if (!instrument.ok) process.stderr.write(`warning: instrument "${id}" is broken and not read:\n${instrument.error.join('\n')}\n`);
    return instrument.ok ? [instrument.value] : [];
  });
}

async function run(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  switch (command) {
    case 'list': {
      const list = listInstrumentFolders().map((id) => {
        const { definition } = loadInstrument(id);
        return { id: definition.id, version: definition.version, title: definition.title };
      });
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    case 'codebook': {
      const { positional, language, locale } = parseCodebookOptions(rest);
      const chosen = instrumentWithLocale(loadInstrument(positional[0]), language, locale);
      if (!chosen.ok) throw new ExitError(chosen.error.join('\n'), 1);
      const codebook = buildCodebook(chosen.value.instrument, chosen.value.language);
      const items = codebook.items.map(({ column, number, text, options }) => ({ column, number, text, options }));
      process.stdout.write(`${JSON.stringify({ ...codebook, items }, null, 2)}\n`);
      return;
    }
    case 'check-locale': {
      if (!rest[0]) throw new ExitError(`missing translation pack file\n${USAGE}`, 2);
      const checked = checkLocaleFile(rest[0]);
      if (!checked.ok) throw new ExitError(checked.error.map((problem) => `${rest[0] ?? ''}: ${problem}`).join('\n'), 1);
      process.stdout.write(`${formatCheckedLocale(checked.value)}\n`);
      for (const note of checked.value.notes) process.stderr.write(`${note}\n`);
      return;
    }
    case 'locale-template': {
      const instrument = loadInstrument(rest[0]);
      if (!rest[1]) throw new ExitError(`missing language (such as zh-CN)\n${USAGE}`, 2);
      const template = localeTemplate(instrument, rest[1]);
      if (!template.ok) throw new ExitError(template.error, 2);
      process.stdout.write(`${JSON.stringify(template.value, null, 2)}\n`);
      return;
    }
    case 'fhir': {
      const instrument = loadInstrument(rest[0]);
      if (!rest[1]) throw new ExitError(`missing CSV file (or - for standard input)\n${USAGE}`, 2);
      const input = await openInput(rest[1], process.stdin);
      if (!input.ok) throw new ExitError(input.error, 1);
      const made = await fhirFromCsv(input.value, instrument, { appVersion: appVersion(), now: new Date().toISOString() });
      if (!made.ok) throw new ExitError(`${rest[1]}: ${made.error}`, 1);
      process.stdout.write(`${JSON.stringify(made.value.bundle, null, 2)}\n`);
      for (const row of made.value.skipped) process.stderr.write(`skipped row ${row.id || '(no id)'}: ${row.errors.map((e) => e.message).join('; ')}\n`);
      if (made.value.skipped.length > 0) process.exitCode = 1;
      return;
    }
    case 'score': {
      const { positional, format } = parseScoreOptions(rest);
      const instrument = loadInstrument(positional[0]);
      if (!positional[1]) throw new ExitError(`missing CSV file (or - for standard input)\n${USAGE}`, 2);
      const input = await openInput(positional[1], process.stdin);
      if (!input.ok) throw new ExitError(input.error, 1);
      const scored = await scoreCsvStream(input.value, process.stdout, instrument, format);
      if (!scored.ok) throw new ExitError(`${positional[1]}: ${scored.error}`, 1);
      const { rows, duplicateIds } = scored.value;
      process.stderr.write(`scored ${rows} row${rows === 1 ? '' : 's'} with ${instrument.definition.id} ${instrument.definition.version}\n`);
      if (duplicateIds.length > 0) {
        process.stderr.write(`warning: ${duplicateIds.length} id(s) appear more than once: ${duplicateIds.slice(0, 10).join(', ')}\n`);
      }
      return;
    }
    case 'score-fhir': {
      if (!rest[0]) throw new ExitError(`missing FHIR file (or - for standard input)\n${USAGE}`, 2);
      const input = await openInput(rest[0], process.stdin);
      if (!input.ok) throw new ExitError(input.error, 1);
      const text = await readAll(input.value);
      const scored = text.ok ? scoreFhirText(text.value, loadCatalogue()) : text;
      if (!scored.ok) throw new ExitError(`${rest[0]}: ${scored.error}`, 1);
      const { rows, refused, notes } = scored.value;
      process.stdout.write(formatFhirRows(rows));
      for (const r of refused) process.stderr.write(`${r.where}: ${r.message}\n`);
      for (const note of notes) process.stderr.write(`note: ${note}\n`);
      process.stderr.write(`scored ${rows.length} response${rows.length === 1 ? '' : 's'}${refused.length > 0 ? `, skipped ${refused.length} bad resource${refused.length === 1 ? '' : 's'}` : ''}\n`);
      if (refused.length > 0) process.exitCode = 1;
      return;
    }
    case 'ebdm-fit': {
      const options = parseEbdmFitArgs(rest);
      if (!options.ok) throw new ExitError(`${options.error}\n${USAGE}`, 2);
      const input = await openInput(options.value.path, process.stdin);
      if (!input.ok) throw new ExitError(input.error, 1);
      const text = await readAll(input.value);
      const read = text.ok ? readEbdmTrials(text.value) : text;
      if (!read.ok) throw new ExitError(`${options.value.path}: ${read.error}`, 1);
      const fits = fitParticipants(read.value.participants, options.value.model);
      process.stdout.write(formatEbdmFits(fits, options.value.format));
      for (const row of read.value.skipped) process.stderr.write(`skipped line ${row.line}: ${row.reason}\n`);
      for (const fit of fits.filter((f) => !f.converged)) process.stderr.write(`warning: the ${fit.model} fit of "${fit.participant}" did not converge\n`);
      if (read.value.skipped.length > 0) process.exitCode = 1;
      return;
    }
    case 'prt-fit': {
      const options = parsePrtFitArgs(rest);
      if (!options.ok) throw new ExitError(`${options.error}\n${USAGE}`, 2);
      const input = await openInput(options.value.path, process.stdin);
      if (!input.ok) throw new ExitError(input.error, 1);
      const text = await readAll(input.value);
      const read = text.ok ? readPrtTrials(text.value) : text;
      if (!read.ok) throw new ExitError(`${options.value.path}: ${read.error}`, 1);
      const results = analyseParticipants(read.value.participants);
      process.stdout.write(formatPrtResults(results, options.value.format));
      for (const row of read.value.skipped) process.stderr.write(`skipped line ${row.line}: ${row.reason}\n`);
      for (const result of results.filter((r) => r.model !== null && !r.model.converged)) process.stderr.write(`warning: the learning-model fit of "${result.participant}" did not converge\n`);
      for (const result of results.filter((r) => r.model === null)) process.stderr.write(`warning: "${result.participant}" has no trial left to fit after exclusions\n`);
      if (read.value.skipped.length > 0) process.exitCode = 1;
      return;
    }
    case 'fhir-contract': {
      const options = parseFhirContractArgs(rest);
      if (!options.ok) throw new ExitError(`fhir-contract: ${options.error}\n${CONTRACT_USAGE}`, 2);
      const report = await runFhirContract(options.value, { fetchFn: fetch, newUuid: randomUUID, now: () => new Date().toISOString(), appVersion: appVersion() });
      process.stdout.write(formatContractReport(report, options.value));
      process.exitCode = contractExitCode(report);
      return;
    }
    case undefined:
    case '--help':
    case 'help':
      throw new ExitError(USAGE, command === undefined ? 2 : 0);
    default:
      throw new ExitError(`unknown command "${command}"\n${USAGE}`, 2);
  }
}

function parseScoreOptions(args: string[]): { positional: string[]; format: ScoreFormat } {
  const positional: string[] = [];
  let format: ScoreFormat = 'json';
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const value = arg === '--format' ? args[++i] : arg.startsWith('--format=') ? arg.slice('--format='.length) : undefined;
    if (arg === '--format' || arg.startsWith('--format=')) {
      if (value !== 'json' && value !== 'csv') throw new ExitError(`--format takes json or csv, not "${value ?? ''}"`, 2);
      format = value;
    } else if (arg.startsWith('--') && arg !== '-') {
      throw new ExitError(`unknown option "${arg}"\n${USAGE}`, 2);
    } else {
      positional.push(arg);
    }
  }
  return { positional, format };
}

/** `codebook <id> [--language <lang>] [--locale <file>]`, each option also as `--name=value`. */
function parseCodebookOptions(args: string[]): { positional: string[]; language?: string; locale?: string } {
  const positional: string[] = [];
  const options: { language?: string; locale?: string } = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const name = ['--language', '--locale'].find((option) => arg === option || arg.startsWith(`${option}=`));
    if (name) {
      const value = arg === name ? args[++i] : arg.slice(name.length + 1);
      if (!value) throw new ExitError(`${name} takes a value\n${USAGE}`, 2);
      options[name === '--language' ? 'language' : 'locale'] = value;
    } else if (arg.startsWith('--')) {
      throw new ExitError(`unknown option "${arg}"\n${USAGE}`, 2);
    } else {
      positional.push(arg);
    }
  }
  return { positional, ...options };
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ExitError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  throw error;
});
