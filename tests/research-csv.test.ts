import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../src/domain/assessment.ts';
import { buildCodebook, createCellResolver } from '../src/domain/codebook.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import type { Instrument } from '../src/domain/instrument-catalogue.ts';
import { scoreAssessment } from '../src/domain/score-assessment.ts';
import { summariseEffortTask } from '../src/domain/effort-task/effort-result.ts';
import { toEffortTrialsCsv, toRedcapDictionary, toResearchCsv } from '../src/export/csv/research-csv.ts';
import { playEffortTask } from './support/effort-task.ts';
import { listInstrumentFolders } from '../src/cli/instrument-folder.ts';
import { loadInstrument } from './support/instruments.ts';

const instruments: Instrument[] = listInstrumentFolders().map(loadInstrument);
const byId = (id: string) => instruments.find((i) => i.definition.id === id) ?? loadInstrument(id);

/** A visit with every item answered with the option at `pick` (cycling through options), completed unless a draft. */
function visit(id: string, instrumentIds: string[], pick: (itemIndex: number, options: readonly string[]) => string, status: Assessment['status'] = 'completed'): Assessment {
  const defs = instrumentIds.map((i) => byId(i).definition);
  let a = startAssessment({ id: asAssessmentId(id), patientId: asPatientId('p1'), batteryName: 'Research', definitions: defs, mode: 'patient', language: 'en', now: '2026-03-01T09:00:00.000Z' });
  for (const def of defs) {
    def.items.forEach((item, index) => {
      const options = def.optionSets[item.optionSet]?.options ?? [];
      a = recordAnswer(a, def, item.id, { code: pick(index, options), answeredAt: '2026-03-01T09:04:00.000Z', durationMs: 4000 });
    });
  }
  return status === 'completed' ? completeAssessment(a, defs, () => ({}), '2026-03-01T09:05:07.123Z') : a;
}

function parse(text: string): { header: string[]; rows: Record<string, string>[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header = [], ...data] = parsed.data;
  return { header, rows: data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

describe('research CSV', () => {
  const full = visit('a1', ['shaps', 'phq-9', 'ami'], (i, o) => o[i % o.length] ?? '');
  const draft = visit('a2', ['phq-9'], () => 'not-at-all', 'draft');
  const csv = toResearchCsv(
    [
      { patientCode: 'W7-042, "north"', assessment: full },
      { patientCode: 'W7-043', assessment: draft },
    ],
    instruments,
  );

  it('opens in spreadsheets: UTF-8 byte-order mark, CRLF lines, every field quoted', () => {
    expect(csv.startsWith('\uFEFF"record_id","assessment_id","patient_code"')).toBe(true);
    expect(csv.split('\r\n').length).toBe(1 + 3 + 1);
    expect(csv).toContain('"W7-042, ""north"""');
  });

  it('has one row per administered instrument of completed assessments, record_id first', () => {
    const { header, rows } = parse(csv);
    expect(header[0]).toBe('record_id');
    expect(rows.map((r) => r['record_id'])).toEqual(['a1/shaps', 'a1/phq-9', 'a1/ami']);
    expect(rows.map((r) => r['patient_code'])).toEqual(Array(3).fill('W7-042, "north"'));
    expect(rows[0]?.['completed_at_utc']).toBe('2026-03-01 09:05:07');
    expect(rows.map((r) => `${r['instrument'] ?? ''} ${r['instrument_version'] ?? ''}`)).toEqual(['shaps 1.0.0', 'phq-9 1.0.0', 'ami 1.0.0']);
  });

  it('carries the raw answer codes and the engine’s scores, and the codes read back through the CLI codebook', () => {
    const { rows } = parse(csv);
    for (const [index, row] of rows.entries()) {
      const instrument = byId(row['instrument'] ?? '');
      const codebook = buildCodebook(instrument);
      const answers = Object.fromEntries(
        codebook.items.map((item) => {
          const cell = createCellResolver(item)(row[item.column] ?? '');
          return [item.itemId, cell.kind === 'answer' ? cell.code : null];
        }),
      );
      expect(answers).toEqual(Object.fromEntries(Object.entries(full.answers[instrument.definition.id] ?? {}).map(([k, v]) => [k, v.code])));
      const expected = scoreAssessment(instrument.definition, answers);
      const prefix = instrument.definition.id.replace(/-/g, '_');
      expect(row[`${prefix}_total`]).toBe(String(expected.scores['total']));
      expect(row['score_status']).toBe(expected.status);
      // Another instrument's columns stay empty on this row.
      const other = rows[(index + 1) % rows.length]?.['instrument'] ?? '';
      expect(row[`${other.replace(/-/g, '_')}_total`]).toBe('');
    }
    expect(rows[1]?.['phq_9_total_band']).not.toBe('');
  });

  it('describes every column, in order, in a REDCap data dictionary with valid field names', () => {
    const dictionary = parse(toRedcapDictionary(instruments));
    expect(dictionary.header).toHaveLength(18);
    expect(dictionary.header[0]).toBe('Variable / Field Name');
    const names = dictionary.rows.map((r) => r['Variable / Field Name'] ?? '');
    expect(names).toEqual(parse(csv).header);
    expect(names.filter((n) => !/^[a-z][a-z0-9_]{0,99}$/.test(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    const item = dictionary.rows.find((r) => r['Variable / Field Name'] === 'phq_9_9');
    expect(item?.['Field Type']).toBe('radio');
    expect(item?.['Choices, Calculations, OR Slider Labels']).toMatch(/^not_at_all, Not at all \| several_days, /);
    for (const row of dictionary.rows.filter((r) => r['Field Type'] === 'radio')) {
      const codes = (row['Choices, Calculations, OR Slider Labels'] ?? '').split(' | ').map((c) => c.split(',')[0] ?? '');
      expect(codes.filter((c) => !/^[A-Za-z0-9_]+$/.test(c))).toEqual([]);
    }
    expect(dictionary.rows.find((r) => r['Variable / Field Name'] === 'patient_code')?.['Identifier?']).toBe('y');
  });

  it('gives a header-only file when nothing is completed', () => {
    const empty = parse(toResearchCsv([{ patientCode: 'X', assessment: draft }], instruments));
    expect(empty.rows).toEqual([]);
    expect(empty.header[0]).toBe('record_id');
  });

  it('adds the effort task as its own row with the fitted parameters, and its trials in the ebdm-fit columns', () => {
    const effortTask = playEffortTask((reward, effort) => reward - effort * 0.8 > 0.5);
    const withTask = { ...full, id: asAssessmentId('a3'), effortTask };
    const { rows } = parse(toResearchCsv([{ patientCode: 'W7-044', assessment: withTask }], instruments));
    expect(rows.map((r) => r['record_id'])).toEqual(['a3/shaps', 'a3/phq-9', 'a3/ami', 'a3/effort-task']);
    const effortRow = rows[3] ?? {};
    const result = summariseEffortTask(effortTask);
    if (result.status !== 'completed') throw new Error(result.status);
    expect(effortRow['score_status']).toBe('completed');
    expect(effortRow['instrument_version']).toBe('1.0.0');
    expect(Number(effortRow['effort_kr'])).toBeCloseTo(result.reported.parameters.rewardSensitivity, 3);
    expect(Number(effortRow['effort_ke_se'])).toBeCloseTo(result.reported.standardErrors.effortSensitivity, 3);
    expect(effortRow['effort_trials']).toBe('64');
    expect(effortRow['shaps_total']).toBe('');
    expect(rows[0]?.['effort_kr']).toBe('');
    const trials = parse(toEffortTrialsCsv([{ patientCode: 'W7-044', assessment: withTask }]));
    expect(trials.header.slice(0, 5)).toEqual(['participant', 'trial', 'reward', 'effort', 'accepted']);
    expect(trials.rows).toHaveLength(64);
    expect(trials.rows.filter((r) => r['accepted'] === '1')).toHaveLength(effortTask.trials.filter((t) => t.accepted).length);
  });
});
