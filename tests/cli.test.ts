import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, PassThrough } from 'node:stream';
import { readInstrument } from '../src/cli/instrument-folder.ts';
import { scoreCsvStream, type RowResult } from '../src/cli/score-command.ts';
import { cli } from './support/cli.ts';
import { editedPack, TEST_PACK_HASH, TEST_PACK_PATH } from './support/packs.ts';

function phq(id = 'phq-9') {
  const instrument = readInstrument(id);
  if (!instrument.ok) throw new Error(instrument.error.join('\n'));
  return instrument.value;
}

const header = ['id', ...Array.from({ length: 9 }, (_, i) => `phq_9_${i + 1}`)].join(',');
const none = Array.from({ length: 9 }, () => 'Not at all').join(',');

async function score(csv: string | Buffer, format: 'json' | 'csv' = 'json', instrumentId = 'phq-9') {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const result = await scoreCsvStream(Readable.from([csv]), output, phq(instrumentId), format);
  return { result, text, rows: format === 'json' && result.ok ? (JSON.parse(text) as RowResult[]) : [] };
}

describe('score command on hostile files', () => {
  it('scores a plain file, one result per row, in order', async () => {
    const { rows } = await score(`${header}\np1,${none}\np2,${none.replace(/Not at all/g, 'Nearly every day')}\n`);
    expect(rows.map((r) => [r.id, r.scores.total, r.bands.total, r.flags])).toEqual([
      ['p1', 0, 'none-minimal', []],
      ['p2', 27, 'severe', ['suicidalIdeation']],
    ]);
  });

  it('accepts a byte-order mark, CRLF line ends and blank lines', async () => {
    const { rows } = await score(`\uFEFF${header}\r\n\r\np1,${none}\r\n   \r\np2,${none}\r\n`);
    expect(rows.map((r) => r.id)).toEqual(['p1', 'p2']);
    expect(rows.every((r) => r.status === 'complete')).toBe(true);
  });

  it('reads quoted cells with commas and matches labels and codes regardless of case and spacing', async () => {
    const cells = ['"Not at all"', 'SEVERAL DAYS', '  more than  half the days ', 'nearly-every-day', ...Array(5).fill('not-at-all')];
    const { rows } = await score(`${header}\n"smith, j",${cells.join(',')}\n`);
    expect(rows[0]).toMatchObject({ id: 'smith, j', scores: { total: 6 }, status: 'complete', errors: [] });
  });

  it('reports an unknown label in its row with null scores and goes on with the next row', async () => {
    const { rows } = await score(`${header}\nbad,${none.replace('Not at all', 'Sometimes')}\ngood,${none}\n`);
    expect(rows[0]).toMatchObject({ id: 'bad', status: 'invalid', scores: { total: null }, bands: { total: null } });
    expect(rows[0]?.errors).toEqual([
      expect.objectContaining({ column: 'phq_9_1', value: 'Sometimes', message: expect.stringContaining('"Sometimes" is not an answer to phq_9_1') }),
    ]);
    expect(rows[1]).toMatchObject({ id: 'good', status: 'complete', scores: { total: 0 } });
  });

  it('keeps the item-9 alert on a row made invalid by another cell', async () => {
    const cells = ['Sometimes', ...Array(7).fill('Not at all'), 'Nearly every day'];
    const { rows } = await score(`${header}\np1,${cells.join(',')}\n`);
    expect(rows[0]).toMatchObject({ status: 'invalid', scores: { total: null }, flags: ['suicidalIdeation'] });
  });

  it('accepts "Strongly agree" and "Definitely agree" for the same SHAPS answer on every item', async () => {
    const shapsHeader = ['id', ...Array.from({ length: 14 }, (_, i) => `shaps_${i + 1}`)].join(',');
    const { rows } = await score(
      `${shapsHeader}\na,${Array(14).fill('Definitely agree').join(',')}\nb,${Array(14).fill('Strongly agree').join(',')}\n`,
      'json',
      'shaps',
    );
    expect(rows.map((r) => [r.status, r.scores])).toEqual([
      ['complete', { total: 0, likert: 14 }],
      ['complete', { total: 0, likert: 14 }],
    ]);
  });

  it('accepts the alternative AES label set ("A lot") as well as the form\'s ("Very true")', async () => {
    const aesHeader = ['id', ...Array.from({ length: 18 }, (_, i) => `aes_s_${i + 1}`)].join(',');
    const { rows } = await score(`${aesHeader}\na,${Array(18).fill('A lot').join(',')}\nb,${Array(18).fill('Very true').join(',')}\n`, 'json', 'aes-s');
    expect(rows.map((r) => r.scores.total)).toEqual([27, 27]);
  });

  it('reads TEPS columns by number (codebook version 2) and by the version-1 names, but not one item under both', async () => {
    const teps = phq('teps');
    const numbers = teps.definition.items.map((i) => i.number);
    const byNumber = ['id', ...numbers.map((n) => `teps_${n}`)].join(',');
    const byName = ['id', ...teps.definition.items.map((i) => i.id.replace(/-/g, '_'))].join(',');
    const cells = Array(numbers.length).fill('Very true for me').join(',');
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const read = async (csv: string) => {
      text = '';
      const result = await scoreCsvStream(Readable.from([csv]), output, teps, 'json');
      return { result, rows: result.ok ? (JSON.parse(text) as RowResult[]) : [] };
    };
    const [current, former] = [await read(`${byNumber}\na,${cells}\n`), await read(`${byName}\na,${cells}\n`)];
    expect(current.rows[0]?.status).toBe('complete');
    expect(former.rows[0]).toEqual(current.rows[0]);
    const both = await read(`${byNumber},teps_looking_forward_pleasurable\na,${cells},Very true for me\n`);
    expect(both.result.ok ? 'accepted' : both.result.error).toContain('columns "teps_15" and "teps_looking_forward_pleasurable" are the same item');
  });

  it('names a missing cell by the column the file used', async () => {
    const formerHeader = `${header},phq_9_difficulty`;
    const { rows } = await score(`${formerHeader}\np1,${none.replace('Not at all,', ',')},\n`);
    expect(rows[0]?.missing).toEqual(['phq_9_1']);
  });

  it('stops at an unclosed quote with a message instead of swallowing later rows', async () => {
    const { result, rows } = await score(`${header}\np1,${none}\n"p2,${none}\np3,${none}\n`);
    expect(result.ok ? 'accepted' : result.error).toContain('never closed');
    expect(rows).toEqual([]);
  });

  it('names a file that is not UTF-8 rather than scoring garbled text', async () => {
    const latin1 = Buffer.concat([Buffer.from(`${header}\nRen`), Buffer.from([0xe9]), Buffer.from(`,${none}\n`)]);
    const { rows } = await score(latin1);
    expect(rows[0]?.errors.map((e) => e.message)).toContain('the row is not valid UTF-8: save the file as UTF-8 (CSV UTF-8)');
  });

  it('reports ids that appear more than once', async () => {
    const { result } = await score(`${header}\np1,${none}\np1,${none}\n`);
    expect(result.ok && result.value).toEqual({ rows: 2, duplicateIds: ['p1'] });
  });

  it('refuses screen positions as answers: a number is not a label', async () => {
    const { rows } = await score(`${header}\np1,${Array(9).fill('0').join(',')}\n`);
    expect(rows[0]?.status).toBe('invalid');
    expect(rows[0]?.errors).toHaveLength(9);
  });

  it('flags a ragged row instead of guessing which column moved', async () => {
    const { rows } = await score(`${header}\np1,${none},extra\n`);
    expect(rows[0]).toMatchObject({ status: 'invalid', scores: { total: null } });
    expect(rows[0]?.errors[0]?.message).toBe('row has 11 fields but the header has 10');
  });

  it('lists blank cells as missing and prorates within the rule', async () => {
    const { rows } = await score(`${header}\np1,${none.replace('Not at all,', ',')}\n`);
    expect(rows[0]).toMatchObject({ status: 'prorated', missing: ['phq_9_1'], scores: { total: 0 } });
  });

  it.each([
    ['a missing column', header.replace(',phq_9_9', ''), 'missing column "phq_9_9"'],
    ['an unknown column', `${header},mood`, 'unknown column "mood"'],
    ['a repeated column', `${header},phq_9_1`, 'column "phq_9_1" appears twice'],
    ['no id column', header.replace('id,', ''), 'missing column "id"'],
  ])('refuses a file with %s before scoring any row', async (_label, badHeader, message) => {
    const { result, text } = await score(`${badHeader}\np1,${none}\n`);
    expect(result.ok ? 'accepted' : result.error).toContain(message);
    expect(text).toBe('');
  });

  it('refuses an empty file', async () => {
    const { result } = await score('');
    expect(result.ok ? 'accepted' : result.error).toContain('the file is empty');
  });

  it('writes CSV with one row per input row and quoted cells', async () => {
    const { text } = await score(`${header}\n"a,b",${none}\n`, 'csv');
    expect(text.split('\r\n')).toEqual(['id,status,total,total_band,flags,missing,errors', '"a,b",complete,0,none-minimal,,,', '']);
  });

  it('escapes an id that a spreadsheet would run as a formula', async () => {
    const { text } = await score(`${header}\n=HYPERLINK(x),${none}\n`, 'csv');
    expect(text.split('\r\n')[1]).toBe("\"'=HYPERLINK(x)\",complete,0,none-minimal,,,");
  });
});

describe('score command with a published conversion table (CFPB, by age group and administration)', () => {
  const items = Array.from({ length: 10 }, (_, i) => `cfpb_fwb_10_${i + 1}`);
  // Every answer worth 2 ("Somewhat" / "Sometimes"): total response value 20.
  const middle = Array.from({ length: 10 }, (_, i) => (i < 6 ? 'Somewhat' : 'Sometimes')).join(',');

  it('converts by the age and administration columns, and says why a row could not be converted', async () => {
    const csv = `id,age,administration,${items.join(',')}\nyoung,40,self,${middle}\nold,70,interviewer,${middle}\nnoage,,self,${middle}\nchild,16,self,${middle}\n`;
    const { rows } = await score(csv, 'json', 'cfpb-fwb-10');
    expect(rows.map((r) => [r.id, r.status, r.scores.score, r.reasons])).toEqual([
      ['young', 'complete', 50, {}],
      ['old', 'complete', 50, {}],
      ['noage', 'unscorable', null, { score: 'age-unknown' }],
      ['child', 'unscorable', null, { score: 'age-outside-table' }],
    ]);
  });

  it('scores nothing without the columns, and refuses a bad cell as a row error', async () => {
    const { rows } = await score(`id,${items.join(',')}\np1,${middle}\n`, 'json', 'cfpb-fwb-10');
    expect(rows.map((r) => [r.scores.score, r.reasons])).toEqual([[null, { score: 'administration-unknown' }]]);
    const bad = await score(`id,age,administration,${items.join(',')}\np1,forty,by post,${middle}\n`, 'json', 'cfpb-fwb-10');
    expect(bad.rows.map((r) => [r.status, r.errors.map((e) => e.column)])).toEqual([['invalid', ['age', 'administration']]]);
  });

  it('writes the reasons as a CSV column, and refuses the columns for an instrument without a table', async () => {
    const { text } = await score(`id,age,administration,${items.join(',')}\np1,,self,${middle}\n`, 'csv', 'cfpb-fwb-10');
    expect(text.split('\r\n').slice(0, 2)).toEqual(['id,status,score,flags,missing,reasons,errors', 'p1,unscorable,,,,score: age-unknown,']);
    const phqWithAge = await score(`${header},age\np1,${none},40\n`);
    expect(!phqWithAge.result.ok && phqWithAge.result.error).toMatch(/^unknown column "age"/);
  });
});

describe('score command with parts a clinician may leave out (CBI, the not_asked column)', () => {
  const items = Array.from({ length: 19 }, (_, i) => `cbi_${i + 1}`);
  // instruments/cbi/fixtures/mixed.json: personal 54.2, work 46.4, client 58.3.
  const personal = ['Often', 'Sometimes', 'Seldom', 'Never/almost never', 'Always', 'Often'];
  const work = ['To a high degree', 'Somewhat', 'To a low degree', 'Often', 'Seldom', 'Sometimes', 'Often'];
  const client = ['To a very high degree', 'To a high degree', 'Somewhat', 'To a very low degree', 'Always', 'Seldom'];
  const blank = (n: number) => Array<string>(n).fill('');
  const head = `id,not_asked,${items.join(',')}`;

  it('scores a row with client not asked and its cells blank: client null for the stated reason, not missing, complete', async () => {
    const { rows } = await score(`${head}\np1,client,${[...personal, ...work, ...blank(6)].join(',')}\n`, 'json', 'cbi');
    expect(rows).toEqual([
      { id: 'p1', scores: { personal: 54.2, work: 46.4, client: null }, bands: {}, flags: [], status: 'complete', missing: [], reasons: { client: 'not-asked' }, errors: [] },
    ]);
  });

  it('reads several parts separated by spaces, and a blank cell as every part asked', async () => {
    const csv = `${head}\nboth,  work   client ,${[...personal, ...blank(13)].join(',')}\nall,,${[...personal, ...work, ...client].join(',')}\nnone-answered,,${[...personal, ...work, ...blank(6)].join(',')}\n`;
    const { rows } = await score(csv, 'json', 'cbi');
    expect(rows.map((r) => [r.id, r.status, r.scores, r.missing, r.reasons])).toEqual([
      ['both', 'complete', { personal: 54.2, work: null, client: null }, [], { work: 'not-asked', client: 'not-asked' }],
      ['all', 'complete', { personal: 54.2, work: 46.4, client: 58.3 }, [], {}],
      // Asked and left blank: missing, not "not asked".
      ['none-answered', 'partial', { personal: 54.2, work: 46.4, client: null }, items.slice(13), {}],
    ]);
  });

  it('scores every part without the column, as if every part was asked', async () => {
    const { rows } = await score(`id,${items.join(',')}\np1,${[...personal, ...work, ...blank(6)].join(',')}\n`, 'json', 'cbi');
    expect(rows.map((r) => [r.status, r.scores.client, r.missing.length, r.reasons])).toEqual([['partial', null, 6, {}]]);
  });

  it('makes an unknown part in not_asked a row error naming the column, and goes on with the next row', async () => {
    const csv = `${head}\nbad,hobbies,${[...personal, ...work, ...blank(6)].join(',')}\nmixed,client hobbies,${[...personal, ...work, ...blank(6)].join(',')}\ngood,client,${[...personal, ...work, ...blank(6)].join(',')}\n`;
    const { rows } = await score(csv, 'json', 'cbi');
    expect(rows[0]).toMatchObject({ id: 'bad', status: 'invalid', scores: { personal: null, work: null, client: null }, reasons: {} });
    expect(rows[0]?.errors).toEqual([{ column: 'not_asked', value: 'hobbies', message: '"hobbies" is not a part of this questionnaire (its parts: work, client)' }]);
    expect(rows[1]).toMatchObject({ id: 'mixed', status: 'invalid', errors: [expect.objectContaining({ column: 'not_asked', value: 'hobbies' })] });
    expect(rows[1]?.errors).toHaveLength(1);
    expect(rows[2]).toMatchObject({ id: 'good', status: 'complete', reasons: { client: 'not-asked' } });
  });

  it('refuses a row that answers a part it says was not asked, naming each answered column', async () => {
    const { rows } = await score(`${head}\np1,client,${[...personal, ...work, ...client.slice(0, 2), ...blank(4)].join(',')}\n`, 'json', 'cbi');
    expect(rows.map((r) => [r.status, r.scores.personal, r.errors.map((e) => e.column)])).toEqual([['invalid', null, ['cbi_14', 'cbi_15']]]);
    expect(rows[0]?.errors[0]?.message).toBe('cbi_14 is answered, but its part "client" is in not_asked');
  });

  it('writes the reasons as a CSV column, and refuses the not_asked column for an instrument without parts', async () => {
    const { text } = await score(`${head}\np1,client,${[...personal, ...work, ...blank(6)].join(',')}\n`, 'csv', 'cbi');
    expect(text.split('\r\n').slice(0, 2)).toEqual(['id,status,personal,work,client,flags,missing,reasons,errors', 'p1,complete,54.2,46.4,,,,client: not-asked,']);
    const phqWithParts = await score(`${header},not_asked\np1,${none},client\n`);
    expect(!phqWithParts.result.ok && phqWithParts.result.error).toMatch(/^unknown column "not_asked"/);
  });

  it('scores the column run as a user would, from standard input', { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli(['score', 'cbi', '-'], `${head}\np1,client,${[...personal, ...work, ...blank(6)].join(',')}\n`);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as RowResult[]).map((r) => [r.status, r.scores, r.reasons])).toEqual([['complete', { personal: 54.2, work: 46.4, client: null }, { client: 'not-asked' }]]);
  });
});

describe('the command line, run as a user would', { timeout: 30_000 }, () => {
  it('lists the instruments', async () => {
    const { code, stdout } = await cli(['list']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toContainEqual({ id: 'shaps', version: '1.0.0', title: 'Snaith–Hamilton Pleasure Scale' });
  });

  it('prints a codebook with the columns the score command expects', async () => {
    const { code, stdout } = await cli(['codebook', 'shaps']);
    expect(code).toBe(0);
    const codebook = JSON.parse(stdout) as { codebookVersion: number; items: { column: string; number: number; text: string; options: { code: string; label: string }[] }[] };
    expect(codebook.codebookVersion).toBe(2);
    expect(codebook.items[1]).toEqual({
      column: 'shaps_2',
      number: 2,
      text: 'I would enjoy being with my family or close friends.',
      options: [
        { code: 'strongly-disagree', label: 'Strongly disagree' },
        { code: 'disagree', label: 'Disagree' },
        { code: 'agree', label: 'Agree' },
        { code: 'strongly-agree', label: 'Definitely agree' },
      ],
    });
  });

  it('scores a file from standard input', async () => {
    const { code, stdout, stderr } = await cli(['score', 'phq-9', '-'], `${header}\np1,${none}\n`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { id: 'p1', scores: { total: 0 }, bands: { total: 'none-minimal' }, flags: [], status: 'complete', missing: [], errors: [] },
    ]);
    expect(stderr).toContain('scored 1 row');
  });

  it('scores a file as CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-cli-'));
    const file = join(dir, 'in.csv');
    writeFileSync(file, `${header}\np1,${none}\n`);
    const { code, stdout } = await cli(['score', 'phq-9', file, '--format', 'csv']);
    expect(code).toBe(0);
    expect(stdout).toContain('p1,complete,0,none-minimal');
  });

  it.each([
    [['score', 'phq-10', '-'], 2, 'unknown instrument "phq-10"'],
    [['score', 'phq-9', '/no/such/file.csv'], 1, 'cannot read /no/such/file.csv'],
    [['score', 'phq-9', '-', '--format', 'xml'], 2, '--format takes json or csv'],
    [['frobnicate'], 2, 'unknown command "frobnicate"'],
    [['codebook'], 2, 'missing instrument id'],
  ])('exits non-zero with a clear message for %j', async (args, exitCode, message) => {
    const { code, stdout, stderr } = await cli(args, '');
    expect(code).toBe(exitCode);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('refuses a file with the wrong columns with exit 1 and nothing on stdout', async () => {
    const { code, stdout, stderr } = await cli(['score', 'phq-9', '-'], 'id,q1\n1,2\n');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown column "q1"');
  });
});

describe('cli fhir', { timeout: 30_000 }, () => {
  it('prints one collection Bundle: the Questionnaire, then per valid row a response named by its id, Observations and a Provenance', async () => {
    const several = Array.from({ length: 9 }, (_, i) => (i === 8 ? 'Several days' : 'Nearly every day')).join(',');
    const result = await cli(['fhir', 'phq-9', '-'], `${header}\nr-1,${none}\nr-2,${several}\nr-3,${none.replace('Not at all', 'sometimes')}\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('skipped row r-3');
    const bundle = JSON.parse(result.stdout) as { type: string; entry: { resource: { resourceType: string; identifier?: { value: string } | { value: string }[]; valueQuantity?: { value: number } } }[] };
    expect(bundle.type).toBe('collection');
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual([
      'Questionnaire',
      'QuestionnaireResponse', 'Observation', 'Observation', 'Provenance',
      'QuestionnaireResponse', 'Observation', 'Observation', 'Provenance',
    ]);
    const responses = bundle.entry.filter((e) => e.resource.resourceType === 'QuestionnaireResponse').map((e) => e.resource.identifier);
    expect(responses).toEqual([expect.objectContaining({ value: 'r-1' }), expect.objectContaining({ value: 'r-2' })]);
    expect(bundle.entry[6]?.resource.valueQuantity?.value).toBe(25);
  });

  it('writes a row with an empty required cell as a stopped response, its prorated score final with a note, and no Observation for an unscorable row', async () => {
    const oneEmpty = ['', ...Array(8).fill('Several days')].join(',');
    const threeEmpty = ['', '', '', ...Array(6).fill('Several days')].join(',');
    const result = await cli(['fhir', 'phq-9', '-'], `${header}
r-1,${none}
r-2,${oneEmpty}
r-3,${threeEmpty}
`);
    expect(result.code).toBe(0);
    type Entry = { fullUrl: string; resource: { resourceType: string; id?: string; status: string; identifier?: { value: string } | { value: string }[]; note?: { text: string }[] } };
    const { entry } = JSON.parse(result.stdout) as { entry: Entry[] };
    expect(entry[0]?.fullUrl).toBe('https://motivation-profile.app/fhir/Questionnaire/phq-9');
    expect(entry[0]?.resource.id).toBe('phq-9');
    const responses = entry.filter((e) => e.resource.resourceType === 'QuestionnaireResponse').map((e) => e.resource.status);
    expect(responses).toEqual(['completed', 'stopped', 'stopped']);
    const totals = entry.filter((e) => e.resource.resourceType === 'Observation').map((e) => [(e.resource.identifier as { value: string }[])[0]?.value, e.resource.status, e.resource.note]);
    expect(totals).toEqual([
      ['r-1/total', 'final', undefined],
      ['r-1/phq-9-9', 'final', undefined],
      ['r-2/total', 'final', [{ text: 'prorated from 8 of 9 items' }]],
      ['r-2/phq-9-9', 'final', undefined],
      ['r-3/phq-9-9', 'final', undefined],
    ]);
  });
});

describe('cli translation packs: check-locale, locale-template, codebook --locale', { timeout: 30_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-locale-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('prints one OK line with instrument, version, language and hash for a good pack', async () => {
    const checked = await cli(['check-locale', TEST_PACK_PATH]);
    expect(checked).toEqual({ code: 0, stdout: `OK phq-9 1.0.0 zh-CN sha256:${TEST_PACK_HASH}\n`, stderr: '' });
  });

  it.each([
    ['a missing item', editedPack((p) => delete p.items['phq-9-4']), ['Item phq-9-4 has no text']],
    ['an extra item and a missing option', editedPack((p) => { p.items['phq-9-11'] = 'x'; delete p.optionSets['phq-frequency']['several-days']; }), ['Item phq-9-11 is not in the instrument', 'Option several-days of phq-frequency has no text']],
    ['another version', editedPack((p) => (p.version = '2.0.0')), ['Written for version 2.0.0; this app has 1.0.0']],
    ['an unknown instrument', editedPack((p) => (p.instrument = 'xyz')), ["Unknown instrument 'xyz'"]],
    ['a file that is not JSON', 'nope', ['Not valid JSON']],
    ['a 5 MB file', `{"x": "${'x'.repeat(5 * 1024 * 1024)}"}`, ['File too large (5.0 MB; the limit is 1 MB)']],
  ])('exits 1 naming each problem of %s', async (what, text, problems) => {
    const path = file(`${what.replace(/\W+/g, '-')}.json`, text);
    const checked = await cli(['check-locale', path]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toBe('');
    expect(checked.stderr.trim().split('\n')).toEqual(problems.map((p) => `${path}: ${p}`));
  });

  it('prints a template of every respondent string and provenance field as ""; filled in, it passes check-locale', async () => {
    const made = await cli(['locale-template', 'phq-9', 'zh-CN']);
    expect(made.code).toBe(0);
    const template = JSON.parse(made.stdout) as { items: Record<string, string>; optionSets: Record<string, Record<string, string>>; provenance: Record<string, string> };
    expect(Object.keys(template.items)).toEqual(phq().definition.items.map((i) => i.id));
    expect([...Object.values(template.items), ...Object.values(template.provenance), ...Object.values(template.optionSets).flatMap((set) => Object.values(set))].every((v) => v === '')).toBe(true);
    expect((await cli(['check-locale', file('empty.json', made.stdout)])).code).toBe(1);
    const filled = await cli(['check-locale', file('filled.json', made.stdout.replaceAll('""', '"x"'))]);
    expect(filled.code).toBe(0);
    expect(filled.stdout).toMatch(/^OK phq-9 1\.0\.0 zh-CN sha256:[0-9a-f]{64}\n$/);
    expect((await cli(['locale-template', 'phq-9', 'Chinese'])).code).toBe(2);
  });

  it('prints the codebook in a pack file’s language, and refuses a language it has no pack for', async () => {
    const made = await cli(['codebook', 'phq-9', '--language', 'zh-CN', '--locale', TEST_PACK_PATH]);
    expect(made.code).toBe(0);
    const codebook = JSON.parse(made.stdout) as { items: { column: string; text: string; options: { code: string; label: string }[] }[] };
    expect(codebook.items[0]).toEqual({
      column: 'phq_9_1',
      number: 1,
      text: '[TEST PACK — not a translation] PHQ-9 item 1 测试文本',
      options: ['not-at-all', 'several-days', 'more-than-half-the-days', 'nearly-every-day'].map((code, i) => ({ code, label: `测试选项 ${i}` })),
    });
    const missing = await cli(['codebook', 'phq-9', '--language', 'zh-CN']);
    expect([missing.code, missing.stderr]).toEqual([1, 'phq-9 has no zh-CN translation pack here; give one with --locale <file>\n']);
    const clash = await cli(['codebook', 'shaps', '--locale', TEST_PACK_PATH]);
    expect([clash.code, clash.stderr]).toEqual([1, `${TEST_PACK_PATH}: the pack is for phq-9, not shaps\n`]);
  });
});
