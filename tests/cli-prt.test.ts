import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrtParticipantResult } from '../src/cli/prt-fit-command.ts';
import { createRandom } from '../src/domain/ebdm/random.ts';
import { fitPrt } from '../src/domain/prt/prt-fit.ts';
import { simulatePrt } from '../src/domain/prt/prt-simulate.ts';
import { generateRewardSchedule } from '../src/domain/prt/reward-schedule.ts';
import { summarisePrt } from '../src/domain/prt/signal-detection.ts';
import { cli } from './support/cli.ts';
import { startAssessment } from '../src/domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import { summariseRewardTask } from '../src/domain/prt/reward-result.ts';
import { toRewardTrialsCsv } from '../src/export/csv/reward-trials-csv.ts';
import { loadInstrument } from './support/instruments.ts';
import { playRewardTask } from './support/reward-task.ts';

const schedule = generateRewardSchedule(5);
if (!schedule.ok) throw new Error(schedule.error);
const random = createRandom(9);
const people = {
  'p-01': simulatePrt({ rewardSensitivity: 3, learningRate: 0.15, instructionSensitivity: 1 }, schedule.value, random),
  'p-02': simulatePrt({ rewardSensitivity: 0.5, learningRate: 0.3, instructionSensitivity: 1.5 }, schedule.value, random),
};
const rows = Object.entries(people).flatMap(([participant, trials]) =>
  trials.map((t, i) => `${participant},${t.block},${i + 1},${t.stimulus},${t.response},${t.rewarded ? 1 : 0},${t.rtMs}`),
);
const csv = `participant,block,trial,stimulus,response,rewarded,rt_ms\n${rows.join('\n')}\n`;

describe('cli prt-fit, run as a user would', { timeout: 60_000 }, () => {
  it('prints each participant\'s log b / log d and learning-model fit, exactly as the domain computes them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mp-prt-')), 'trials.csv');
    writeFileSync(file, csv);
    const { code, stdout, stderr } = await cli(['prt-fit', file]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const results = JSON.parse(stdout) as PrtParticipantResult[];
    expect(results.map((r) => [r.participant, r.n, r.excluded, r.blocks.length])).toEqual([
      ['p-01', 300, 0, 3],
      ['p-02', 300, 0, 3],
    ]);
    const trials = people['p-01'];
    const summary = summarisePrt(trials);
    const fit = fitPrt(trials);
    if (!fit.ok) throw new Error(fit.error.message);
    expect(results[0]?.overall).toEqual(summary.overall);
    expect(results[0]?.model).toMatchObject({ rewardSensitivity: fit.value.parameters.rewardSensitivity, logLik: fit.value.logLik, converged: true });
  });

  it('reads the app\'s own reward-trials CSV and gives what the clinician sees: the same log b, log d, exclusions and ρ', async () => {
    const rewardTask = playRewardTask(12);
    const shaps = loadInstrument('shaps');
    const assessment = {
      ...startAssessment({ id: asAssessmentId('a-12'), patientId: asPatientId('p-12'), batteryName: 'SHAPS', definitions: [shaps.definition], mode: 'patient', language: 'en', now: '2026-04-01T09:00:00.000Z', rewardTask }),
      status: 'completed' as const,
    };
    const file = join(mkdtempSync(join(tmpdir(), 'mp-prt-')), 'reward-trials.csv');
    writeFileSync(file, toRewardTrialsCsv([{ patientCode: 'R-12', assessment }]));
    const { code, stdout, stderr } = await cli(['prt-fit', file]);
    expect([code, stderr]).toEqual([0, '']);
    const [result] = JSON.parse(stdout) as PrtParticipantResult[];
    const shown = summariseRewardTask(rewardTask);
    if (shown.status !== 'completed' || !shown.fit) throw new Error(shown.status);
    expect(result?.participant).toBe('a-12');
    expect(result?.excluded).toBe(shown.summary.excluded.length);
    expect(result?.overall).toEqual(shown.summary.overall);
    expect(result?.model?.rewardSensitivity).toBeCloseTo(shown.fit.parameters.rewardSensitivity, 6);
  });

  it('skips a bad row by line from standard input, writes CSV and exits 1', async () => {
    const { code, stdout, stderr } = await cli(['prt-fit', '-', '--format', 'csv'], `${csv}p-03,1,1,rich,maybe,0,500\n`);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('skipped line 602: response "maybe" is not rich or lean');
    expect(stdout.split('\r\n').filter((line) => line !== '')).toHaveLength(3);
  });

  it('exits 2 with the usage when the file argument is missing', async () => {
    const { code, stdout, stderr } = await cli(['prt-fit', '--format', 'csv']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('missing trials CSV file (or - for standard input)');
    expect(stderr).toContain('prt-fit <trials.csv|->');
  });
});
