import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { parseEbdmFitArgs, type ParticipantFit } from '../src/cli/ebdm-fit-command.ts';
import { fitEbdm } from '../src/domain/ebdm/fit.ts';
import type { EbdmTrial } from '../src/domain/ebdm/model.ts';
import { createRandom } from '../src/domain/ebdm/random.ts';
import { simulateChoices, standardDesign } from '../src/domain/ebdm/simulate.ts';
import { cli } from './support/cli.ts';

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mp-ebdm-')), name);
  writeFileSync(file, text);
  return file;
}

const random = createRandom(17);
const people: Record<string, EbdmTrial[]> = {
  'p-01': simulateChoices({ rewardSensitivity: 0.9, effortSensitivity: 0.15, acceptanceBias: -1 }, standardDesign(4, random), 'parabolic', random),
  'p-02': simulateChoices({ rewardSensitivity: 0.4, effortSensitivity: 0.3, acceptanceBias: 0.5 }, standardDesign(4, random), 'parabolic', random),
};
const rows = Object.entries(people).flatMap(([participant, trials]) =>
  trials.map((t, i) => `${participant},${i + 1},${t.reward},${t.effort},${t.accepted ? 1 : 0}`),
);
const csv = `participant,trial,reward,effort,accepted\n${rows.join('\n')}\n`;

describe('cli ebdm-fit, run as a user would', { timeout: 60_000 }, () => {
  it('fits each participant with the parabolic model by default, exactly as the domain does', async () => {
    const { code, stdout, stderr } = await cli(['ebdm-fit', tempFile('trials.csv', csv)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const fits = JSON.parse(stdout) as ParticipantFit[];
    expect(fits.map((f) => [f.participant, f.model, f.n])).toEqual([
      ['p-01', 'parabolic', 64],
      ['p-02', 'parabolic', 64],
    ]);
    const expected = fitEbdm(people['p-01'] ?? [], 'parabolic');
    if (!expected.ok) throw new Error(expected.error.message);
    expect(fits[0]).toEqual({
      participant: 'p-01',
      model: 'parabolic',
      parameters: expected.value.parameters,
      standardErrors: expected.value.standardErrors,
      logLik: expected.value.logLik,
      bic: expected.value.bic,
      n: 64,
      converged: true,
    });
  });

  it('with --model all fits three models per participant and marks the lowest BIC', async () => {
    const { code, stdout } = await cli(['ebdm-fit', '-', '--model', 'all'], csv);
    expect(code).toBe(0);
    const fits = JSON.parse(stdout) as ParticipantFit[];
    expect(fits).toHaveLength(6);
    for (const participant of ['p-01', 'p-02']) {
      const own = fits.filter((f) => f.participant === participant);
      expect(own.map((f) => f.model)).toEqual(['parabolic', 'linear', 'exponential']);
      const best = own.filter((f) => f.bestByBic === true);
      expect(best).toHaveLength(1);
      expect(best[0]?.bic).toBe(Math.min(...own.map((f) => f.bic)));
    }
  });

  it('reads a byte-order mark, CRLF, reordered and upper-case columns, extra columns and blank lines', async () => {
    const trials = people['p-02'] ?? [];
    const lines = trials.map((t, i) => `x,${t.accepted ? 1 : 0},${t.effort},${i + 1},p-02,${t.reward}`);
    const text = `\uFEFFNote,Accepted,EFFORT,Trial,Participant,Reward\r\n\r\n${lines.join('\r\n')}\r\n`;
    const { code, stdout } = await cli(['ebdm-fit', tempFile('bom.csv', text), '--model=linear']);
    expect(code).toBe(0);
    const fits = JSON.parse(stdout) as ParticipantFit[];
    const expected = fitEbdm(trials, 'linear');
    if (!expected.ok) throw new Error(expected.error.message);
    expect(fits).toMatchObject([{ participant: 'p-02', model: 'linear', n: 64, parameters: expected.value.parameters }]);
  });

  it('skips bad rows with their line number and reason, fits the rest and exits 1', async () => {
    const text = [
      'participant,trial,reward,effort,accepted',
      'a,1,2,1,1',
      'a,2,5,4,0',
      'a,2,3,1,1',
      'a,3,two,1,1',
      'a,4,3,,1',
      'a,5,3,2,yes',
      'a,6,-1,2,1',
      '"b\nc",1,2,1,1',
      ',7,2,1,1',
      'a,8,2.5,1.5,0',
      '',
    ].join('\n');
    const { code, stdout, stderr } = await cli(['ebdm-fit', '-'], text);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'skipped line 4: participant "a" trial "2" already appeared on line 3',
      'skipped line 5: reward "two" is not a number',
      'skipped line 6: effort is empty',
      'skipped line 7: accepted "yes" is not 0 or 1',
      'skipped line 8: reward -1 is not a positive number',
      'skipped line 11: participant is empty',
    ]);
    const fits = JSON.parse(stdout) as ParticipantFit[];
    // A non-integer reward and effort are kept: other versions of the task use other levels.
    expect(fits.map((f) => [f.participant, f.n])).toEqual([
      ['a', 3],
      ['b\nc', 1],
    ]);
  });

  it('writes CSV with --format csv, neutralising a participant id that looks like a formula', async () => {
    const text = 'participant,trial,reward,effort,accepted\n=HYPERLINK(1),1,2,1,1\n=HYPERLINK(1),2,5,4,0\n';
    const { code, stdout } = await cli(['ebdm-fit', '-', '--format', 'csv', '--model', 'all'], text);
    expect(code).toBe(0);
    const table = Papa.parse<string[]>(stdout.trim()).data;
    expect(table[0]).toEqual([
      'participant',
      'model',
      'rewardSensitivity',
      'effortSensitivity',
      'acceptanceBias',
      'se_rewardSensitivity',
      'se_effortSensitivity',
      'se_acceptanceBias',
      'logLik',
      'bic',
      'n',
      'converged',
      'bestByBic',
    ]);
    expect(table).toHaveLength(4);
    expect(table[1]?.[0]).toBe("'=HYPERLINK(1)");
    expect(table.slice(1).filter((row) => row[12] === 'true')).toHaveLength(1);
  });

  it('refuses a file without the required columns, or one it cannot read, with exit 1 and nothing on stdout', async () => {
    const missing = await cli(['ebdm-fit', '-'], 'participant,trial,reward\np,1,2\n');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('missing column "effort"; missing column "accepted"');
    const absent = await cli(['ebdm-fit', join(tmpdir(), 'no-such-dir-mp', 'trials.csv')]);
    expect(absent).toMatchObject({ code: 1, stdout: '' });
    expect(absent.stderr).toContain('cannot read');
  });

  it('exits 2 with the usage when the file argument is missing', async () => {
    const { code, stdout, stderr } = await cli(['ebdm-fit', '--model', 'all']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('missing trials CSV file (or - for standard input)');
    expect(stderr).toContain('ebdm-fit <trials.csv|->');
  });
});

describe('ebdm-fit arguments', () => {
  it('defaults to the parabolic model and JSON, and takes --option value or --option=value', () => {
    expect(parseEbdmFitArgs(['t.csv'])).toEqual({ ok: true, value: { path: 't.csv', model: 'parabolic', format: 'json' } });
    expect(parseEbdmFitArgs(['--model=exponential', '-', '--format', 'csv'])).toEqual({ ok: true, value: { path: '-', model: 'exponential', format: 'csv' } });
  });

  it.each([
    [['x.csv', '--model', 'quadratic'], '--model takes parabolic, linear, exponential or all, not "quadratic"'],
    [['x.csv', '--model'], '--model takes parabolic, linear, exponential or all, not ""'],
    [['x.csv', '--format', 'xml'], '--format takes json or csv, not "xml"'],
    [['x.csv', '--fast'], 'unknown option "--fast"'],
    [['x.csv', 'y.csv'], 'unexpected argument "y.csv"'],
  ])('refuses %j as a usage problem', (args, message) => {
    expect(parseEbdmFitArgs(args)).toEqual({ ok: false, error: message });
  });
});
