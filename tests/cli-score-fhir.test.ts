import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Bundle, BundleEntry, FhirResource, Observation, QuestionnaireResponse } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { fhirFromCsv } from '../src/cli/fhir-command.ts';
import { listInstrumentFolders } from '../src/cli/instrument-folder.ts';
import { scoreCsvStream, type RowResult } from '../src/cli/score-command.ts';
import { scoreFhirText, type FhirRow } from '../src/cli/score-fhir-command.ts';
import { buildCodebook } from '../src/domain/codebook.ts';
import type { Instrument } from '../src/domain/instrument-catalogue.ts';
import type { Fixture } from '../src/domain/instrument-schema.ts';
import { cli } from './support/cli.ts';
import { loadInstrument } from './support/instruments.ts';

const ids = listInstrumentFolders();
const instruments = ids.map(loadInstrument);
const BASE = 'https://motivation-profile.app/fhir';

/** Every golden fixture of an instrument as one research CSV: id = the fixture's file name, codebook columns, codes. */
function fixtureCsv(instrument: Instrument): string {
  const dir = join(import.meta.dirname, '..', 'instruments', instrument.definition.id, 'fixtures');
  const { items } = buildCodebook(instrument);
  const rows = readdirSync(dir)
    .sort()
    .map((file) => {
      const { answers } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
      return [file.replace(/\.json$/, ''), ...items.map((item) => answers[item.itemId] ?? '')].join(',');
    });
  return `${['id', ...items.map((i) => i.column)].join(',')}\n${rows.join('\n')}\n`;
}

async function scoreCsv(instrument: Instrument, csv: string): Promise<RowResult[]> {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const scored = await scoreCsvStream(Readable.from([csv]), output, instrument, 'json');
  if (!scored.ok) throw new Error(scored.error);
  return JSON.parse(text) as RowResult[];
}

/** The collection Bundle the `fhir` command makes of a CSV. */
async function collectionOf(instrument: Instrument, csv: string): Promise<Bundle> {
  const made = await fhirFromCsv(Readable.from([csv]), instrument, { appVersion: '0.2.0', now: '2026-03-01T10:00:00.000Z' });
  if (!made.ok) throw new Error(made.error);
  return made.value.bundle;
}

const responsesIn = (bundle: Bundle) => (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'QuestionnaireResponse');
const asSearchset = (bundle: Bundle): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: (bundle.entry ?? []).map((e) => ({ ...e, search: { mode: e.resource?.resourceType === 'QuestionnaireResponse' ? 'match' : 'include' } })),
});
const asTransaction = (bundle: Bundle): Bundle => ({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: (bundle.entry ?? []).map((e) => ({ ...e, request: { method: 'POST', url: e.resource?.resourceType ?? '' } })),
});
const asNdjson = (bundle: Bundle) => `${responsesIn(bundle).map((e) => JSON.stringify(e.resource)).join('\n')}\n`;
const withoutInstrument = (rows: readonly FhirRow[]) => rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'instrument')));

function scored(text: string) {
  const result = scoreFhirText(text, instruments);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe.each(ids)('score-fhir agrees with score on every fixture of %s', (id) => {
  const instrument = loadInstrument(id);
  const csv = fixtureCsv(instrument);

  it.each(['collection', 'searchset', 'transaction', 'ndjson'] as const)('read from a %s', async (form) => {
    const expected = await scoreCsv(instrument, csv);
    const collection = await collectionOf(instrument, csv);
    const text = form === 'ndjson' ? asNdjson(collection) : JSON.stringify(form === 'searchset' ? asSearchset(collection) : form === 'transaction' ? asTransaction(collection) : collection);
    const { rows, refused, notes } = scored(text);
    expect(refused).toEqual([]);
    expect(notes).toEqual([]);
    expect(rows.every((r) => r.instrument === id)).toBe(true);
    // The `fhir` command leaves out rows with errors (an unknown option): every other fixture comes back the same.
    expect(withoutInstrument(rows)).toEqual(expected.filter((r) => r.status !== 'invalid'));
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('score-fhir refuses bad resources by index and scores the rest', () => {
  const shaps = loadInstrument('shaps');
  const agreeAll = `id,${Array.from({ length: 14 }, (_, i) => `shaps_${i + 1}`).join(',')}\ngood-1,${Array(14).fill('agree').join(',')}\ngood-2,${Array(14).fill('disagree').join(',')}\n`;
  const goodResponses = async () => responsesIn(await collectionOf(shaps, agreeAll)).map((e) => e.resource as QuestionnaireResponse);
  const edit = (r: QuestionnaireResponse, linkId: string, change: Partial<NonNullable<QuestionnaireResponse['item']>[number]>): QuestionnaireResponse => ({
    ...r,
    item: (r.item ?? []).map((i) => (i.linkId === linkId ? { ...i, ...change } : i)),
  });

  it('reports each bad entry of a Bundle by its index, with the reason, and prints the good ones', async () => {
    const [a, b] = await goodResponses();
    if (!a || !b) throw new Error('two responses expected');
    const entries: BundleEntry<FhirResource>[] = [
      { resource: a },
      { resource: { ...b, questionnaire: 'http://example.org/Questionnaire/gad-7|1' } },
      { resource: edit({ ...b, identifier: { value: 'bad-code' } }, 'shaps-2', { answer: [{ valueCoding: { system: `${BASE}/CodeSystem/shaps-options`, code: 'sometimes' } }] }) },
      { resource: { ...b, questionnaire: `${BASE}/Questionnaire/shaps|0.0.1` } },
      { resource: edit(b, 'shaps-3', { answer: [{ valueString: 'agree' }] }) },
      { resource: b },
    ];
    const { rows, refused } = scored(JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: entries }));
    expect(rows.map((r) => r.id)).toEqual(['good-1', 'good-2']);
    expect(refused.map((r) => r.where)).toEqual(['entry[1]', 'entry[2]', 'entry[3]', 'entry[4]']);
    expect(refused[0]?.message).toContain('gad-7');
    expect(refused[1]?.message).toContain('sometimes');
    expect(refused[2]?.message).toContain('0.0.1');
    expect(refused[3]?.message).toContain('valueString');
  });

  it('names the response by identifier value, else by resource id, and refuses one with neither', async () => {
    const [a] = await goodResponses();
    if (!a) throw new Error('a response expected');
    const bare = { ...a };
    delete bare.identifier;
    const text = [JSON.stringify(a), JSON.stringify({ ...bare, id: 'qr-9' }), JSON.stringify(bare)].join('\n');
    const { rows, refused } = scored(text);
    expect(rows.map((r) => r.id)).toEqual(['good-1', 'qr-9']);
    expect(refused).toEqual([{ where: 'line 3', message: expect.stringContaining('neither an identifier nor an id') }]);
  });

  it('reports a line of NDJSON that is not JSON, and a line that is not a QuestionnaireResponse, by line number', async () => {
    const [a] = await goodResponses();
    const text = [JSON.stringify(a), '{"resourceType": "QuestionnaireResponse",', JSON.stringify({ resourceType: 'Patient', id: 'p1' })].join('\n');
    const { rows, refused } = scored(text);
    expect(rows).toHaveLength(1);
    expect(refused.map((r) => r.where)).toEqual(['line 2', 'line 3']);
    expect(refused[0]?.message).toContain('not JSON');
    expect(refused[1]?.message).toContain('Patient');
  });

  it('skips a Bundle’s Questionnaires, Observations and Provenance without complaint, and a voided response with a note', async () => {
    const collection = await collectionOf(shaps, agreeAll);
    const voided = (collection.entry ?? []).map((e, i) => (i === 1 ? { ...e, resource: { ...(e.resource as QuestionnaireResponse), status: 'entered-in-error' as const } } : e));
    const { rows, refused, notes } = scored(JSON.stringify({ ...collection, entry: voided }));
    expect(rows.map((r) => r.id)).toEqual(['good-2']);
    expect(refused).toEqual([]);
    expect(notes).toEqual([expect.stringMatching(/^entry\[1\].*entered-in-error/)]);
  });

  it('notes a score the response or its Observation states that the engine does not give, and prints the engine’s', async () => {
    const collection = await collectionOf(shaps, agreeAll);
    const entries = (collection.entry ?? []).map((e, i) => {
      if (i === 1) return { ...e, resource: edit(e.resource as QuestionnaireResponse, 'score-total', { answer: [{ valueDecimal: 9 }] }) };
      if (i === 2 && e.resource?.resourceType === 'Observation') {
        const observation = e.resource as Observation;
        return { ...e, resource: { ...observation, valueQuantity: { ...observation.valueQuantity, value: 8 } } };
      }
      return e;
    });
    const { rows, notes } = scored(JSON.stringify({ ...collection, entry: entries }));
    expect(rows[0]?.scores.total).toBe(0);
    expect(notes).toEqual([expect.stringMatching(/^entry\[1\] \(good-1\).*total 9.*engine 0/), expect.stringMatching(/^entry\[1\] \(good-1\).*Observation.*total 8.*engine 0/)]);
  });

  it.each([
    ['text that is not JSON', 'id,shaps_1\n', /not JSON/],
    ['a Bundle of another type', JSON.stringify({ resourceType: 'Bundle', type: 'history', entry: [] }), /history/],
    ['a single resource that is not a Bundle or a QuestionnaireResponse', JSON.stringify({ resourceType: 'Patient' }), /Patient/],
  ])('refuses %s as a whole', (_name, text, message) => {
    const result = scoreFhirText(text, instruments);
    expect(result.ok ? 'scored' : result.error).toMatch(message);
  });
});

describe('cli score-fhir, run as a user would', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-score-fhir-'));

  it('prints the same JSON as score for the same PHQ-9 rows, read from a Bundle file', async () => {
    const phq = loadInstrument('phq-9');
    const csv = fixtureCsv(phq);
    const csvPath = join(dir, 'phq.csv');
    writeFileSync(csvPath, csv);
    const bundle = await cli(['fhir', 'phq-9', csvPath]);
    const bundlePath = join(dir, 'phq.json');
    writeFileSync(bundlePath, bundle.stdout);
    const [byCsv, byFhir] = await Promise.all([cli(['score', 'phq-9', csvPath]), cli(['score-fhir', bundlePath])]);
    expect(byFhir.code).toBe(0);
    const expected = (JSON.parse(byCsv.stdout) as RowResult[]).filter((r) => r.status !== 'invalid');
    expect(withoutInstrument(JSON.parse(byFhir.stdout) as FhirRow[])).toEqual(expected);
    expect(byFhir.stderr).toContain(`scored ${expected.length} responses`);
  });

  it('reads NDJSON from standard input; a bad line is named on stderr, skipped, and the exit code is 1', async () => {
    const shaps = loadInstrument('shaps');
    const collection = await collectionOf(shaps, `id,${Array.from({ length: 14 }, (_, i) => `shaps_${i + 1}`).join(',')}\nr-1,${Array(14).fill('agree').join(',')}\n`);
    const [good] = responsesIn(collection).map((e) => e.resource as QuestionnaireResponse);
    const text = `${JSON.stringify(good)}\n${JSON.stringify({ ...good, questionnaire: 'http://example.org/Questionnaire/x|1' })}\n`;
    const result = await cli(['score-fhir', '-'], text);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as FhirRow[]).map((r) => [r.id, r.instrument, r.scores.total])).toEqual([['r-1', 'shaps', 0]]);
    expect(result.stderr).toMatch(/^line 2: .*example\.org/m);
  });

  it('refuses a missing file with exit 1, and no argument with the usage and exit 2', async () => {
    const missing = await cli(['score-fhir', join(dir, 'nothing.json')]);
    expect([missing.code, missing.stdout]).toEqual([1, '']);
    const usage = await cli(['score-fhir']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('score-fhir');
  });
});
