import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { fitPrt } from '../domain/prt/prt-fit.ts';
import { analyseParticipants, formatPrtResults, parsePrtFitArgs, readPrtTrials } from './prt-fit-command.ts';

const HEADER = 'participant,block,trial,stimulus,response,rewarded,rt_ms';

describe('prt-fit arguments', () => {
  it('defaults to JSON and takes --format value or --format=value', () => {
    expect(parsePrtFitArgs(['t.csv'])).toEqual({ ok: true, value: { path: 't.csv', format: 'json' } });
    expect(parsePrtFitArgs(['--format=csv', '-'])).toEqual({ ok: true, value: { path: '-', format: 'csv' } });
    expect(parsePrtFitArgs(['-', '--format', 'csv'])).toEqual({ ok: true, value: { path: '-', format: 'csv' } });
  });

  it.each([
    [[], 'missing trials CSV file (or - for standard input)'],
    [['a.csv', 'b.csv'], 'unexpected argument "b.csv"'],
    [['a.csv', '--format', 'xml'], '--format takes json or csv, not "xml"'],
    [['a.csv', '--model', 'x'], 'unknown option "--model"'],
  ])('refuses %j', (args, message) => {
    expect(parsePrtFitArgs(args)).toEqual({ ok: false, error: message });
  });
});

describe('readPrtTrials', () => {
  it('reads any column order, case, BOM, CRLF and extra columns; sorts each person by block then trial', () => {
    const text = `\uFEFFNote,RT_MS,Rewarded,Response,Stimulus,Trial,Block,Participant\r\nx,610,0,lean,lean,2,2,p\r\nx,500,TRUE,rich,rich,1,1,p\r\n\r\nx,700,false,rich,lean,1,2,p\r\nx,480,1,lean,lean,1,1,q\r\n`;
    const read = readPrtTrials(text);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.skipped).toEqual([]);
    expect(read.value.participants).toEqual([
      {
        participant: 'p',
        trials: [
          { block: 1, stimulus: 'rich', response: 'rich', rewarded: true, rtMs: 500 },
          { block: 2, stimulus: 'lean', response: 'rich', rewarded: false, rtMs: 700 },
          { block: 2, stimulus: 'lean', response: 'lean', rewarded: false, rtMs: 610 },
        ],
      },
      { participant: 'q', trials: [{ block: 1, stimulus: 'lean', response: 'lean', rewarded: true, rtMs: 480 }] },
    ]);
  });

  it('skips bad rows with their physical line number and every reason', () => {
    const text = [
      HEADER,
      'a,1,1,rich,rich,1,500',
      'a,1,1,lean,lean,0,500',
      'a,1,2,short,rich,1,500',
      'a,1.5,3,rich,rich,1,500',
      'a,1,4,rich,,yes,500',
      'a,1,5,rich,rich,0,-3',
      '"b\nc",1,1,lean,lean,0,',
      ',1,7,rich,rich,0,400',
      'a,1,8,lean,rich,0,400',
      '',
    ].join('\n');
    const read = readPrtTrials(text);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.skipped).toEqual([
      { line: 3, reason: 'participant "a" block 1 trial 1 already appeared on line 2' },
      { line: 4, reason: 'stimulus "short" is not rich or lean' },
      { line: 5, reason: 'block "1.5" is not a whole number' },
      { line: 6, reason: 'response is empty; rewarded "yes" is not 0, 1, true or false' },
      { line: 7, reason: 'rt_ms "-3" is not a number of ms ≥ 0' },
      { line: 8, reason: 'rt_ms is empty' },
      { line: 10, reason: 'participant is empty' },
    ]);
    expect(read.value.participants.map((p) => [p.participant, p.trials.length])).toEqual([['a', 2]]);
  });

  it('refuses a file without the required columns, or an empty one', () => {
    expect(readPrtTrials('participant,block,trial\np,1,1\n')).toEqual({
      ok: false,
      error: 'missing column "stimulus"; missing column "response"; missing column "rewarded"; missing column "rt_ms". The file needs the columns participant, block, trial, stimulus, response, rewarded, rt_ms',
    });
    expect(readPrtTrials('\n\n')).toMatchObject({ ok: false, error: expect.stringContaining('the file is empty') as unknown });
  });
});

describe('analyseParticipants and formatPrtResults', () => {
  const rows = [
    'p,1,1,rich,rich,1,500',
    'p,1,2,lean,lean,0,520',
    'p,1,3,rich,lean,0,540',
    'p,1,4,lean,lean,1,90',
    'p,2,1,rich,rich,0,530',
    'p,2,2,lean,rich,0,560',
  ];
  const read = readPrtTrials(`${HEADER}\n${rows.join('\n')}\n`);
  if (!read.ok) throw new Error(read.error);
  const [result] = analyseParticipants(read.value.participants);

  it('excludes by RT, summarises per block and fits with the excluded trial unscored but learnt from', () => {
    expect(result).toMatchObject({ participant: 'p', n: 6, excluded: 1, excludedBy: { 'rt-too-fast': 1, 'rt-too-slow': 0, 'rt-outlier': 0 } });
    expect(result?.blocks.map((b) => [b.block, b.counts])).toEqual([
      [1, { richCorrect: 1, richIncorrect: 1, leanCorrect: 1, leanIncorrect: 0 }],
      [2, { richCorrect: 1, richIncorrect: 0, leanCorrect: 0, leanIncorrect: 1 }],
    ]);
    expect(result?.overall.rewards).toEqual({ rich: 1, lean: 1 });
    const trials = read.value.participants[0]?.trials ?? [];
    const expected = fitPrt(trials.map((t) => ({ ...t, scored: t.rtMs >= 150 })));
    if (!expected.ok) throw new Error(expected.error.message);
    expect(result?.model).toEqual({
      rewardSensitivity: expected.value.parameters.rewardSensitivity,
      rewardSensitivitySe: expected.value.rewardSensitivitySe,
      logRewardSensitivitySe: expected.value.standardErrors.logRewardSensitivity,
      learningRate: expected.value.parameters.learningRate,
      instructionSensitivity: expected.value.parameters.instructionSensitivity,
      instructionSensitivitySe: expected.value.standardErrors.instructionSensitivity,
      logLik: expected.value.logLik,
      converged: expected.value.converged,
    });
  });

  it('writes one CSV row per participant with a log b / log d pair per block, neutralising formula-like ids', () => {
    const renamed = result ? [{ ...result, participant: '=HYPERLINK(1)' }] : [];
    const table = Papa.parse<string[]>(formatPrtResults(renamed, 'csv').trim()).data;
    expect(table[0]).toEqual([
      'participant', 'n', 'excluded', 'logB', 'logD', 'richHitRate', 'leanHitRate', 'richRewards', 'leanRewards',
      'block1_logB', 'block1_logD', 'block2_logB', 'block2_logD',
      'rho', 'se_rho', 'se_log_rho', 'epsilon', 'gamma', 'se_gamma', 'logLik', 'converged',
    ]);
    expect(table[1]?.[0]).toBe("'=HYPERLINK(1)");
    expect(table[1]?.slice(1, 3)).toEqual(['6', '1']);
    expect(Number(table[1]?.[9])).toBeCloseTo(result?.blocks[0]?.logB ?? Number.NaN, 12);
  });

  it('writes JSON with NaN as null and no model for a person with every trial excluded', () => {
    const fast = readPrtTrials(`${HEADER}\nz,1,1,rich,rich,1,100\n`);
    if (!fast.ok) throw new Error(fast.error);
    const json = JSON.parse(formatPrtResults(analyseParticipants(fast.value.participants), 'json')) as { model: unknown; overall: { richHitRate: unknown } }[];
    expect(json[0]?.model).toBeNull();
    expect(json[0]?.overall.richHitRate).toBeNull();
  });
});
