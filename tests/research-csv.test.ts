import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../src/domain/assessment.ts';
import { buildCodebook, createCellResolver } from '../src/domain/codebook.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import type { Instrument } from '../src/domain/instrument-catalogue.ts';
import { amendAnswers, voidVisit } from '../src/domain/revision.ts';
import { scoreAssessment } from '../src/domain/score-assessment.ts';
import { summariseEffortTask } from '../src/domain/effort-task/effort-result.ts';
import { toEffortTrialsCsv, toRedcapDictionary, toRedcapRecordId, toRedcapRepeatingInstruments, toResearchCsv } from '../src/export/csv/research-csv.ts';
import { toRewardTrialsCsv } from '../src/export/csv/reward-trials-csv.ts';
import { summariseRewardTask } from '../src/domain/prt/reward-result.ts';
import { createRewardTaskRecord } from '../src/domain/prt/task-record.ts';
import { playEffortTask, TEST_DEVICE } from './support/effort-task.ts';
import { playRewardTask, skippedRewardTask } from './support/reward-task.ts';
import { readEbdmTrials } from '../src/cli/ebdm-fit-command.ts';
import { listInstrumentFolders } from '../src/cli/instrument-folder.ts';
import { loadInstrument } from './support/instruments.ts';
import { FORMULA_CELL } from '../src/export/csv/csv-safety.ts';

const instruments: Instrument[] = listInstrumentFolders().map(loadInstrument);
const byId = (id: string) => instruments.find((i) => i.definition.id === id) ?? loadInstrument(id);

/** A visit with every item answered with the option at `pick` (cycling through options), completed unless a draft. */
function visit(
  id: string,
  instrumentIds: string[],
  pick: (itemIndex: number, options: readonly string[]) => string,
  status: Assessment['status'] = 'completed',
  completedAt = '2026-03-01T09:05:07.123Z',
): Assessment {
  const defs = instrumentIds.map((i) => byId(i).definition);
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'Research', definitions: defs, mode: 'patient', language: 'en', now: '2026-03-01T09:00:00.000Z' });
  for (const def of defs) {
    def.items.forEach((item, index) => {
      const options = def.optionSets[item.optionSet]?.options ?? [];
      a = recordAnswer(a, def, item.id, { code: pick(index, options), answeredAt: '2026-03-01T09:04:00.000Z', durationMs: 4000 });
    });
  }
  return status === 'completed' ? completeAssessment(a, defs, () => ({}), completedAt) : a;
}

function parse(text: string): { header: string[]; rows: Record<string, string>[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header = [], ...data] = parsed.data;
  return { header, rows: data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

const REPEAT = ['redcap_repeat_instrument', 'redcap_repeat_instance'];
/** The form a row fills: its repeating instrument, or the participant form on the record's first row. */
const formOf = (row: Record<string, string>) => row['redcap_repeat_instrument'] || 'participant';

describe('research CSV (REDCap: one record per patient, repeating instruments)', () => {
  const full = visit('a1', ['shaps', 'phq-9', 'ami'], (i, o) => o[i % o.length] ?? '');
  const draft = visit('a2', ['phq-9'], () => 'not-at-all', 'draft');
  const csv = toResearchCsv(
    [
      { patientCode: 'W7-042, "north"', assessment: full },
      { patientCode: 'W7-043', assessment: draft },
    ],
    instruments,
  );
  const dictionary = parse(toRedcapDictionary(instruments));
  const fieldForms = dictionary.rows.map((r) => ({ name: r['Variable / Field Name'] ?? '', form: r['Form Name'] ?? '' }));
  const forms = [...new Set(fieldForms.map((f) => f.form))];

  it('opens in spreadsheets: UTF-8 byte-order mark, CRLF lines, every field quoted', () => {
    expect(csv.startsWith('\uFEFF"record_id","redcap_repeat_instrument","redcap_repeat_instance","patient_code"')).toBe(true);
    // Header, participant, visit, three instruments, and the final line end.
    expect(csv.split('\r\n').length).toBe(1 + 1 + 1 + 3 + 1);
    expect(csv).toContain('"W7-042, ""north"""');
  });

  it('has the dictionary’s fields as its columns, in order: record_id, the repeat columns, then each form’s fields and <form>_complete', () => {
    const expected = forms.flatMap((form) => [...fieldForms.filter((f) => f.form === form).map((f) => f.name), `${form}_complete`]);
    expect(expected[0]).toBe('record_id');
    expect(parse(csv).header).toEqual([expected[0], ...REPEAT, ...expected.slice(1)]);
    expect(forms).toEqual(['participant', 'visit', ...instruments.map((i) => i.definition.id.replace(/-/g, '_')), 'effort_task', 'reward_task']);
    // Each form's fields are contiguous, as REDCap requires.
    expect(fieldForms.map((f) => f.form)).toEqual(forms.flatMap((form) => fieldForms.filter((f) => f.form === form).map(() => form)));
  });

  it('names every variable as REDCap allows, within its recommended 26 characters', () => {
    const names = [...parse(csv).header];
    expect(names.filter((n) => n.length > 26 || !/^[a-z][a-z0-9_]*$/.test(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('teps_15');
  });

  it('describes each field in a REDCap data dictionary of 18 columns', () => {
    expect(dictionary.header).toHaveLength(18);
    expect(dictionary.header[0]).toBe('Variable / Field Name');
    const item = dictionary.rows.find((r) => r['Variable / Field Name'] === 'phq_9_9');
    expect(item?.['Field Type']).toBe('radio');
    expect(item?.['Choices, Calculations, OR Slider Labels']).toMatch(/^not_at_all, Not at all \| several_days, /);
    for (const row of dictionary.rows.filter((r) => r['Field Type'] === 'radio')) {
      const codes = (row['Choices, Calculations, OR Slider Labels'] ?? '').split(' | ').map((c) => c.split(',')[0] ?? '');
      expect(codes.filter((c) => !/^[A-Za-z0-9_]+$/.test(c))).toEqual([]);
    }
    expect(dictionary.rows.find((r) => r['Variable / Field Name'] === 'patient_code')?.['Identifier?']).toBe('y');
  });

  it('gives every score field number validation with the instrument’s score range as min and max', () => {
    for (const { definition: def } of instruments) {
      for (const score of def.scores) {
        const name = `${def.id.replace(/-/g, '_')}_${score.key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
        const row = dictionary.rows.find((r) => r['Variable / Field Name'] === name);
        expect(row?.['Text Validation Type OR Show Slider Number'], name).toBe(score.decimals === 0 ? 'integer' : 'number');
        expect([row?.['Text Validation Min'], row?.['Text Validation Max']], name).toEqual([String(score.range.min), String(score.range.max)]);
      }
    }
  });

  it('marks every form it fills Complete (2) and leaves the other forms’ columns empty', () => {
    const { rows } = parse(csv);
    expect(rows.map(formOf)).toEqual(['participant', 'visit', 'shaps', 'phq_9', 'ami']);
    for (const row of rows) {
      const form = formOf(row);
      expect(row[`${form}_complete`], form).toBe('2');
      const others = fieldForms.filter((f) => f.form !== form && f.name !== 'record_id').flatMap((f) => [f.name]);
      const otherStatus = forms.filter((f) => f !== form).map((f) => `${f}_complete`);
      expect([...others, ...otherStatus].filter((name) => row[name] !== ''), form).toEqual([]);
    }
  });

  it('carries the raw answer codes and the engine’s scores, and the codes read back through the CLI codebook', () => {
    const { rows } = parse(csv);
    for (const row of rows.filter((r) => !['participant', 'visit'].includes(formOf(r)))) {
      const instrument = byId(formOf(row) === 'phq_9' ? 'phq-9' : formOf(row));
      const codebook = buildCodebook(instrument);
      const answers = Object.fromEntries(
        codebook.items.map((item) => {
          const cell = createCellResolver(item)(row[item.column] ?? '');
          return [item.itemId, cell.kind === 'answer' ? cell.code : null];
        }),
      );
      expect(answers).toEqual(Object.fromEntries(Object.entries(full.answers[instrument.definition.id] ?? {}).map(([k, v]) => [k, v.code])));
      const expected = scoreAssessment(instrument.definition, answers);
      const prefix = formOf(row);
      expect(row[`${prefix}_total`]).toBe(String(expected.scores['total']));
      expect(row[`${prefix}_status`]).toBe(expected.status);
      expect(row[`${prefix}_version`]).toBe('1.0.0');
      expect(row[`${prefix}_visit`]).toBe('1');
    }
    expect(rows.find((r) => formOf(r) === 'phq_9')?.['phq_9_total_band']).not.toBe('');
    const visitRow = rows.find((r) => formOf(r) === 'visit');
    expect([visitRow?.['assessment_id'], visitRow?.['completed_at_utc'], visitRow?.['redcap_repeat_instance']]).toEqual(['a1', '2026-03-01 09:05:07', '1']);
  });

  it('records per form the text each questionnaire was given in: its language, its pack’s SHA-256 and how it was read', () => {
    const hash = 'c'.repeat(64);
    const given = {
      ...full,
      language: 'zh-CN',
      texts: {
        ...full.texts,
        'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: hash, reading: 'respondent' as const },
        shaps: { language: 'en', version: '1.0.0', packHash: 'd'.repeat(64), reading: 'clinician-read' as const },
      },
    };
    const { header, rows } = parse(toResearchCsv([{ patientCode: 'W7-042', assessment: given }], instruments));
    for (const form of ['phq_9', 'shaps', 'ami']) expect(header).toEqual(expect.arrayContaining([`${form}_language`, `${form}_pack`, `${form}_reading`]));
    const row = (form: string) => rows.find((r) => formOf(r) === form) ?? {};
    expect([row('phq_9')['phq_9_language'], row('phq_9')['phq_9_pack'], row('phq_9')['phq_9_reading']]).toEqual(['zh-CN', hash, 'respondent']);
    expect([row('shaps')['shaps_language'], row('shaps')['shaps_reading']]).toEqual(['en', 'clinician_read']);
    // An assessment from before texts were recorded: its language, the pack left empty (never guessed).
    expect([row('ami')['ami_language'], row('ami')['ami_pack'], row('ami')['ami_reading']]).toEqual(['en', '', 'respondent']);
    expect(row('visit')['language']).toBe('zh-CN');
    const reading = dictionary.rows.find((r) => r['Variable / Field Name'] === 'phq_9_reading');
    expect([reading?.['Form Name'], reading?.['Field Type'], reading?.['Choices, Calculations, OR Slider Labels']]).toEqual([
      'phq_9',
      'radio',
      'respondent, Read (or heard) by the respondent as written | clinician_read, Read aloud and interpreted by the clinician',
    ]);
    expect(dictionary.rows.find((r) => r['Variable / Field Name'] === 'phq_9_pack')?.['Field Type']).toBe('text');
  });

  it('makes one record per patient: two patients with one visit each and one with two visits', () => {
    const second = visit('b2', ['phq-9', 'shaps'], () => 'several-days', 'completed', '2026-04-01T10:00:00.000Z');
    const first = visit('b1', ['phq-9'], () => 'not-at-all', 'completed', '2026-03-01T10:00:00.000Z');
    const { rows } = parse(
      toResearchCsv(
        [
          { patientCode: 'P-1', assessment: visit('x1', ['shaps'], () => 'agree') },
          { patientCode: 'P 2', assessment: second },
          { patientCode: 'P_3', assessment: visit('z1', ['phq-9'], () => 'not-at-all') },
          { patientCode: 'P 2', assessment: first },
        ],
        instruments,
      ),
    );
    const shape = rows.map((r) => [r['record_id'], r['redcap_repeat_instrument'], r['redcap_repeat_instance'], r['phq_9_visit'] || r['shaps_visit'] || r['assessment_id'] || r['patient_code']].join(' '));
    expect(shape).toEqual([
      'P-1   P-1',
      'P-1 visit 1 x1',
      'P-1 shaps 1 1',
      'P_20_2   P 2',
      'P_20_2 visit 1 b1',
      'P_20_2 phq_9 1 1',
      'P_20_2 visit 2 b2',
      'P_20_2 phq_9 2 2',
      'P_20_2 shaps 1 2',
      'P_5F_3   P_3',
      'P_5F_3 visit 1 z1',
      'P_5F_3 phq_9 1 1',
    ]);
    expect(rows.filter((r) => r['redcap_repeat_instrument'] === 'phq_9' && r['record_id'] === 'P_20_2').map((r) => r['phq_9_1'])).toEqual(['not_at_all', 'several_days']);
  });

  it('writes each visit as it now stands: a corrected visit’s newest version, a voided visit not at all', () => {
    const phq = byId('phq-9');
    // Item 9 "Not at all": no safety alert (an open one would have to be acknowledged before a correction).
    const first = visit('c1', ['phq-9'], (i, o) => o[i === 8 ? 0 : 1] ?? '', 'completed', '2026-03-01T10:00:00.000Z');
    const other = visit('d1', ['phq-9'], () => 'not-at-all', 'completed', '2026-04-01T10:00:00.000Z');
    const at = '2026-04-02T08:00:00.000Z';
    const amended = amendAnswers(first, [first, other], [phq], { 'phq-9': { 'phq-9-1': 'not-at-all' } }, { reason: 'wrong-answer', note: '', at, by: '', newId: 'c2' });
    const voided = voidVisit(other, [first, other], { reason: 'wrong-patient', note: '', at, by: '', newId: 'd2' });
    if (!amended.ok || !voided.ok) throw new Error('not corrected');
    const { rows } = parse(toResearchCsv([first, amended.value, other, voided.value].map((assessment) => ({ patientCode: 'Q-1', assessment })), instruments));
    expect(rows.filter((r) => formOf(r) === 'visit').map((r) => r['assessment_id'])).toEqual(['c2']);
    expect(rows.filter((r) => formOf(r) === 'phq_9').map((r) => r['phq_9_1'])).toEqual(['not_at_all']);
  });

  it('makes record ids safe for REDCap (letters, digits, -, _) and never gives two codes one id', () => {
    const codes = ['W7-042', 'W7 042', 'W7_042', 'W7_20_042', 'w7-042', '张三', 'a/b', 'a_2F_b', '00123', '😀'];
    const ids = codes.map(toRedcapRecordId);
    expect(ids.slice(0, 3)).toEqual(['W7-042', 'W7_20_042', 'W7_5F_042']);
    expect(ids.filter((id) => !/^[A-Za-z0-9_-]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(codes.length);
    expect(() => toRedcapRecordId('')).toThrow(/patient code/);
  });

  it('gives the repeating-instrument settings in REDCap’s form_name,custom_form_label format: every form but participant', () => {
    const settings = toRedcapRepeatingInstruments(instruments);
    expect(/^[\x20-\x7e\r\n]*$/.test(settings)).toBe(true);
    const { header, rows } = parse(settings);
    expect(header).toEqual(['form_name', 'custom_form_label']);
    expect(rows.map((r) => r['form_name'])).toEqual(forms.filter((f) => f !== 'participant'));
    expect(rows.find((r) => r['form_name'] === 'phq_9')?.['custom_form_label']).toBe('Visit [phq_9_visit]');
  });

  it('gives a header-only file when nothing is completed', () => {
    const empty = parse(toResearchCsv([{ patientCode: 'X', assessment: draft }], instruments));
    expect(empty.rows).toEqual([]);
    expect(empty.header.slice(0, 3)).toEqual(['record_id', ...REPEAT]);
  });

  it('adds the effort task as its own repeating form with the fitted parameters, and its trials in the ebdm-fit columns', () => {
    const effortTask = playEffortTask((reward, effort) => reward - effort * 0.8 > 0.5);
    const withTask = { ...full, id: asAssessmentId('a3'), effortTask };
    const { rows } = parse(toResearchCsv([{ patientCode: 'W7-044', assessment: withTask }], instruments));
    expect(rows.map(formOf)).toEqual(['participant', 'visit', 'shaps', 'phq_9', 'ami', 'effort_task']);
    const effortRow = rows[5] ?? {};
    const result = summariseEffortTask(effortTask);
    if (result.status !== 'completed') throw new Error(result.status);
    expect(effortRow['effort_status']).toBe('completed');
    expect(effortRow['effort_version']).toBe('1.0.0');
    expect(effortRow['effort_visit']).toBe('1');
    expect(effortRow['effort_task_complete']).toBe('2');
    expect(Number(effortRow['effort_kr'])).toBeCloseTo(result.reported.parameters.rewardSensitivity, 3);
    expect(Number(effortRow['effort_ke_se'])).toBeCloseTo(result.reported.standardErrors.effortSensitivity, 3);
    expect(effortRow['effort_trials']).toBe('64');
    expect(effortRow['shaps_total']).toBe('');
    expect(rows[2]?.['effort_kr']).toBe('');
    const trials = parse(toEffortTrialsCsv([{ patientCode: 'W7-044', assessment: withTask }]));
    expect(trials.header.slice(0, 5)).toEqual(['participant', 'trial', 'reward', 'effort', 'accepted']);
    expect(trials.rows).toHaveLength(64);
    expect(trials.rows.filter((r) => r['accepted'] === '1')).toHaveLength(effortTask.trials.filter((t) => t.accepted).length);
  });
  it('adds an effort result fetched from the EHR as reported, marked as from the EHR, with no BIC and no trials', () => {
    const effort = {
      status: 'completed' as const,
      taskVersion: '1.0.0',
      n: 64,
      acceptancePercent: 71.9,
      parameters: { rewardSensitivity: { value: 1.23, standardError: 0.21 }, effortSensitivity: { value: 0.456, standardError: 0.1 }, acceptanceBias: { value: -0.5, standardError: null } },
      resources: [],
    };
    const fetched = { ...full, id: asAssessmentId('a4'), effortTask: null, origin: { server: 'https://ehr.example/fhir', pulledAt: '2026-04-01T08:00:00.000Z', responses: [], mismatches: [], effort } };
    const { rows } = parse(toResearchCsv([{ patientCode: 'W7-045', assessment: fetched }], instruments));
    const effortRow = rows.find((r) => formOf(r) === 'effort_task') ?? {};
    expect([effortRow['effort_status'], effortRow['effort_source'], effortRow['effort_version'], effortRow['effort_trials'], effortRow['effort_acceptance_rate']]).toEqual(['completed', 'ehr', '1.0.0', '64', '0.719']);
    expect([effortRow['effort_kr'], effortRow['effort_kr_se'], effortRow['effort_ke'], effortRow['effort_a'], effortRow['effort_a_se'], effortRow['effort_bic_parabolic']]).toEqual(['1.23', '0.21', '0.456', '-0.5', '', '']);
    const stopped = { ...fetched, origin: { ...fetched.origin, effort: { status: 'skipped' as const, phase: 'main' as const, reason: 'cannot-tap' as const, resources: [] } } };
    const stoppedRow = parse(toResearchCsv([{ patientCode: 'W7-045', assessment: stopped }], instruments)).rows.find((r) => formOf(r) === 'effort_task') ?? {};
    expect([stoppedRow['effort_status'], stoppedRow['effort_source'], stoppedRow['effort_skip_reason'], stoppedRow['effort_kr']]).toEqual(['skipped', 'ehr', 'cannot_tap', '']);
    expect(parse(toEffortTrialsCsv([{ patientCode: 'W7-045', assessment: fetched }])).rows).toEqual([]);
  });

  describe('the reward task (PRT)', () => {
    const rewardTask = playRewardTask(4);
    const result = summariseRewardTask(rewardTask);
    if (result.status !== 'completed' || !result.fit) throw new Error(result.status);
    const { fit } = result;
    const withTask = { ...full, id: asAssessmentId('a5'), rewardTask };
    const rows = parse(toResearchCsv([{ patientCode: 'W7-046', assessment: withTask }], instruments)).rows;
    const rewardRow = rows.find((r) => formOf(r) === 'reward_task') ?? {};
    const four = (x: number) => String(Math.round(x * 10_000) / 10_000);

    it('adds a completed task as its own repeating form: model-free outputs overall and per block, the fit with ε and γ, the timing', () => {
      expect(rows.map(formOf)).toEqual(['participant', 'visit', 'shaps', 'phq_9', 'ami', 'reward_task']);
      expect([rewardRow['prt_visit'], rewardRow['prt_status'], rewardRow['prt_version'], rewardRow['prt_skip_reason'], rewardRow['reward_task_complete']]).toEqual(['1', 'completed', '1.0.0', '', '2']);
      expect([rewardRow['prt_trials'], rewardRow['prt_excluded'], rewardRow['prt_rich_mouth']]).toEqual(['300', String(result.summary.excluded.length), rewardTask.assignment.richMouth]);
      const { overall, blocks } = result.summary;
      expect([rewardRow['prt_log_b'], rewardRow['prt_log_d'], rewardRow['prt_rich_hit'], rewardRow['prt_lean_hit']]).toEqual([overall.logB, overall.logD, overall.richHitRate, overall.leanHitRate].map(four));
      expect(Number(rewardRow['prt_log_b'])).toBeGreaterThan(0.1);
      for (const b of blocks) {
        expect([rewardRow[`prt_b${b.block}_log_b`], rewardRow[`prt_b${b.block}_log_d`], rewardRow[`prt_b${b.block}_rich_hit`], rewardRow[`prt_b${b.block}_lean_hit`]]).toEqual([b.logB, b.logD, b.richHitRate, b.leanHitRate].map(four));
      }
      const { parameters } = fit;
      expect([rewardRow['prt_rho'], rewardRow['prt_rho_se'], rewardRow['prt_eps'], rewardRow['prt_gamma'], rewardRow['prt_converged']]).toEqual([
        four(parameters.rewardSensitivity),
        four(fit.rewardSensitivitySe),
        four(parameters.learningRate),
        four(parameters.instructionSensitivity),
        '1',
      ]);
      expect([rewardRow['prt_mouth_ms'], rewardRow['prt_mouth_frames']]).toEqual([four(result.timing.medianShownMs), '6']);
      // The other rows leave the reward task's columns empty.
      expect(rows.filter((r) => formOf(r) !== 'reward_task').map((r) => r['prt_log_b'] ?? '').join('')).toBe('');
    });

    it('describes every reward-task field in the dictionary, ε marked research only, and leaves a visit without the task no row', () => {
      const fields = dictionary.rows.filter((r) => r['Form Name'] === 'reward_task');
      expect(fields.map((r) => r['Variable / Field Name'])).toEqual(Object.keys(rewardRow).filter((c) => c.startsWith('prt_')));
      expect(fields.find((r) => r['Variable / Field Name'] === 'prt_eps')?.['Field Note']).toMatch(/research only/);
      for (const row of fields.filter((r) => /log_[bd]$/.test(r['Variable / Field Name'] ?? ''))) expect(row['Field Note']).toMatch(/no reference data/);
      expect(parse(csv).rows.map(formOf)).not.toContain('reward_task');
    });

    it('writes a stopped or unfinished task’s status and reason, and no number', () => {
      const at = (task: typeof rewardTask) => parse(toResearchCsv([{ patientCode: 'W7-047', assessment: { ...full, rewardTask: task } }], instruments)).rows.find((r) => formOf(r) === 'reward_task') ?? {};
      const stopped = at(skippedRewardTask('cannot-see'));
      expect([stopped['prt_status'], stopped['prt_skip_reason'], stopped['prt_version'], stopped['prt_log_b'], stopped['prt_rho'], stopped['prt_trials']]).toEqual(['skipped', 'cannot_see', '1.0.0', '', '', '']);
      const unfinished = at(createRewardTaskRecord({ seed: 2, startedAt: 0, device: TEST_DEVICE }));
      expect([unfinished['prt_status'], unfinished['prt_log_b'], unfinished['prt_eps']]).toEqual(['in_progress', '', '']);
    });

    it('lists every main trial in the prt-fit columns first, rich and lean by the counterbalancing, with the exclusions of the analysis', () => {
      const trials = parse(toRewardTrialsCsv([{ patientCode: 'W7-046', assessment: withTask }, { patientCode: 'W7-048', assessment: full }]));
      expect(trials.header.slice(0, 7)).toEqual(['participant', 'block', 'trial', 'stimulus', 'response', 'rewarded', 'rt_ms']);
      expect(trials.header).toEqual(expect.arrayContaining(['mouth', 'response_mouth', 'correct', 'scheduled_reward', 'excluded', 'frames', 'shown_ms', 'frame_ms', 'rich_mouth', 'short_side', 'assessment_id']));
      expect(trials.rows).toHaveLength(300);
      rewardTask.trials.forEach((t, i) => {
        const row = trials.rows[i] ?? {};
        expect([row['participant'], row['block'], row['trial'], row['stimulus'], row['response'], row['rewarded'], row['rt_ms'], row['mouth'], row['response_mouth'], row['correct']]).toEqual([
          'a5',
          String(t.block),
          String(i + 1),
          t.mouth === rewardTask.assignment.richMouth ? 'rich' : 'lean',
          t.response === rewardTask.assignment.richMouth ? 'rich' : 'lean',
          t.rewarded ? '1' : '0',
          String(t.rtMs),
          t.mouth,
          t.response,
          t.correct ? '1' : '0',
        ]);
      });
      const excluded = trials.rows.flatMap((r, index) => (r['excluded'] ? [{ index, reason: r['excluded'] }] : []));
      expect(excluded).toEqual(result.summary.excluded);
      expect(trials.rows.filter((r) => r['rewarded'] === '1')).toHaveLength(result.summary.overall.rewards.rich + result.summary.overall.rewards.lean);
      expect(new Set(trials.rows.map((r) => `${r['rich_mouth'] ?? ''} ${r['short_side'] ?? ''} ${r['patient_code'] ?? ''}`))).toEqual(
        new Set([`${rewardTask.assignment.richMouth} ${rewardTask.assignment.shortSide} W7-046`]),
      );
    });
  });
});


describe('research CSV and REDCap dictionary: parts a clinician left out (CBI)', () => {
  const cbi = byId('cbi').definition;
  const clientItems = cbi.parts?.find((p) => p.id === 'client')?.items ?? [];
  // instruments/cbi/fixtures/mixed.json: personal 54.2, work 46.4, client 58.3.
  const mixed: Record<string, string> = {
    'cbi-p1': 'often', 'cbi-p2': 'sometimes', 'cbi-p3': 'seldom', 'cbi-p4': 'never-almost-never', 'cbi-p5': 'always', 'cbi-p6': 'often',
    'cbi-w1': 'to-a-high-degree', 'cbi-w2': 'somewhat', 'cbi-w3': 'to-a-low-degree', 'cbi-w4': 'often', 'cbi-w5': 'seldom', 'cbi-w6': 'sometimes', 'cbi-w7': 'often',
    'cbi-c1': 'to-a-very-high-degree', 'cbi-c2': 'to-a-high-degree', 'cbi-c3': 'somewhat', 'cbi-c4': 'to-a-very-low-degree', 'cbi-c5': 'always', 'cbi-c6': 'seldom',
  };
  /** A completed CBI visit answering every asked item as in the fixture, the parts in `notAsked` left out at the start. */
  function cbiVisit(id: string, notAsked: readonly string[]): Assessment {
    let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'Burnout', definitions: [cbi], mode: 'patient', language: 'en', now: '2026-03-01T09:00:00.000Z', notAsked: { cbi: notAsked } });
    const out = new Set(cbi.parts?.flatMap((p) => (notAsked.includes(p.id) ? p.items : [])));
    for (const item of cbi.items.filter((i) => !out.has(i.id))) a = recordAnswer(a, cbi, item.id, { code: mixed[item.id] ?? '', answeredAt: '2026-03-01T09:04:00.000Z', durationMs: 4000 });
    return completeAssessment(a, [cbi], () => ({}), '2026-03-01T09:05:00.000Z');
  }
  const dictionary = parse(toRedcapDictionary(instruments));
  const field = (name: string) => dictionary.rows.find((r) => r['Variable / Field Name'] === name);
  const cbiRow = (assessment: Assessment) => parse(toResearchCsv([{ patientCode: 'B-1', assessment }], instruments)).rows.find((r) => formOf(r) === 'cbi') ?? {};
  const codebook = buildCodebook(byId('cbi'));
  const clientColumns = codebook.items.filter((i) => clientItems.includes(i.itemId)).map((i) => i.column);

  it('describes cbi_asked_work and cbi_asked_client as radio fields of the cbi form, 1 asked and 0 not asked, before the items', () => {
    for (const name of ['cbi_asked_work', 'cbi_asked_client']) {
      const row = field(name);
      expect([row?.['Form Name'], row?.['Field Type']], name).toEqual(['cbi', 'radio']);
      expect(row?.['Choices, Calculations, OR Slider Labels'], name).toMatch(/^1, Asked \| 0, Not asked/);
    }
    expect(field('cbi_asked_client')?.['Field Label']).toContain('Client-related burnout');
    const names = dictionary.rows.filter((r) => r['Form Name'] === 'cbi').map((r) => r['Variable / Field Name']);
    expect(names.slice(names.indexOf('cbi_qflags'), names.indexOf('cbi_1') + 1)).toEqual(['cbi_qflags', 'cbi_asked_work', 'cbi_asked_client', 'cbi_1']);
    // Only an instrument with parts has asked columns.
    expect(dictionary.rows.filter((r) => /_asked_/.test(r['Variable / Field Name'] ?? '')).map((r) => r['Variable / Field Name'])).toEqual(['cbi_asked_work', 'cbi_asked_client']);
  });

  it('writes a completed visit with client not asked as cbi_asked_client 0, cbi_asked_work 1, and empty client items and score', () => {
    const visitWithout = cbiVisit('n1', ['client']);
    expect(visitWithout.instruments).toEqual([{ id: 'cbi', version: cbi.version, notAsked: ['client'] }]);
    const row = cbiRow(visitWithout);
    expect([row['cbi_asked_work'], row['cbi_asked_client'], row['cbi_status'], row['cbi_personal'], row['cbi_work'], row['cbi_client']]).toEqual(['1', '0', 'complete', '54.2', '46.4', '']);
    expect(clientColumns).toEqual(['cbi_14', 'cbi_15', 'cbi_16', 'cbi_17', 'cbi_18', 'cbi_19']);
    expect(clientColumns.map((c) => row[c])).toEqual(['', '', '', '', '', '']);
    expect([row['cbi_1'], row['cbi_7'], row['cbi_13']]).toEqual(['often', 'to_a_high_degree', 'often']);
    expect(row['cbi_complete']).toBe('2');
  });

  it('writes 1 for every part asked, and 0 for each of two parts left out', () => {
    const all = cbiRow(cbiVisit('n2', []));
    expect([all['cbi_asked_work'], all['cbi_asked_client'], all['cbi_client'], all['cbi_14']]).toEqual(['1', '1', '58.3', 'to_a_very_high_degree']);
    const neither = cbiRow(cbiVisit('n3', ['work', 'client']));
    expect([neither['cbi_asked_work'], neither['cbi_asked_client'], neither['cbi_personal'], neither['cbi_work'], neither['cbi_client'], neither['cbi_7']]).toEqual(['0', '0', '54.2', '', '', '']);
  });
});

describe('CSV injection (OWASP): no cell any CSV writes starts a live formula', () => {
  const hostile = ['=HYPERLINK("http://x","y")', '-2+3+cmd|calc', '+1+1', '@SUM(A1)', '\tTAB', '\rCR'];
  /** A cell a spreadsheet would run: it starts with =, +, -, @, tab or CR and is not a plain number. */
  const live = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(cell);
  const cells = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.flat();

  it('guards hostile patient codes in the research CSV and the effort- and reward-trials CSVs, keeping negative numbers as numbers', () => {
    const withTask = { ...visit('h1', ['phq-9'], () => 'not-at-all'), effortTask: playEffortTask((reward, effort) => reward > effort + 1), rewardTask: playRewardTask(4, { richRight: 0.6, leanRight: 0.9 }) };
    const records = hostile.map((patientCode, i) => ({ patientCode, assessment: { ...withTask, id: asAssessmentId(`h${i}`), patientId: asPatientId(`p${i}`) } }));
    const research = cells(toResearchCsv(records, instruments));
    const trials = [...cells(toEffortTrialsCsv(records)), ...cells(toRewardTrialsCsv(records))];
    expect([...research, ...trials].filter(live)).toEqual([]);
    // The codes are still there, behind a single quote, and no REDCap record id needs one.
    expect(trials).toContain(`'${hostile[0] ?? ''}`);
    const recordIds = parse(toResearchCsv(records, instruments)).rows.map((r) => r['record_id'] ?? '');
    expect(recordIds.filter((id) => id.startsWith("'"))).toEqual([]);
    // Negative numbers (the effort model's acceptance bias, a lean-biased person's log b) stay numbers.
    const negative = trials.concat(research).filter((c) => /^-\d/.test(c));
    expect(negative.length).toBeGreaterThan(0);
    expect(negative.every((c) => !c.startsWith("'"))).toBe(true);
  });

  it('writes every cell exactly as Papa Parse’s writer would (quotes, doubled inner quotes, guarded formulas), hostile codes included', () => {
    const withTask = { ...visit('h1', ['phq-9', 'shaps'], () => 'not-at-all'), effortTask: playEffortTask((reward, effort) => reward > effort + 1) };
    const records = hostile.map((patientCode, i) => ({ patientCode: `${patientCode} "${i}"`, assessment: { ...withTask, id: asAssessmentId(`h${i}`), patientId: asPatientId(`p${i}`) } }));
    const written = toResearchCsv(records, instruments);
    const rows = Papa.parse<string[]>(written.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    // Re-reading strips nothing but the quoting, and a guarded cell (now starting with ') is not guarded again.
    expect(written).toBe(`\uFEFF${Papa.unparse(rows, { quotes: true, newline: '\r\n', escapeFormulae: FORMULA_CELL })}\r\n`);
  });

  it('guards the REDCap dictionary and the repeating-instrument settings too', () => {
    expect([...cells(toRedcapDictionary(instruments)), ...cells(toRedcapRepeatingInstruments(instruments))].filter(live)).toEqual([]);
  });
});

describe('the CLI reads the app’s guarded trials file back', () => {
  it('reads every trial of a file whose patient codes were guarded (participant = the assessment id)', () => {
    const assessment = { ...visit('g1', ['phq-9'], () => 'not-at-all'), effortTask: playEffortTask((reward, effort) => reward > effort) };
    const read = readEbdmTrials(toEffortTrialsCsv([{ patientCode: '=HYPERLINK("http://x","y")', assessment }]));
    expect(read.ok && read.value.participants.map((p) => [p.participant, p.trials.length])).toEqual([['g1', assessment.effortTask.trials.length]]);
    expect(read.ok && read.value.skipped).toEqual([]);
  });
});
