import { describe, expect, it } from 'vitest';
import { editedPack, shippedCatalogue, TEST_PACK_TEXT } from '../../tests/support/packs.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTRUMENTS_ROOT } from '../cli/instrument-folder.ts';
import { checkPackFile, checkPackSize, checkPackText, describePackProblem, MAX_PACK_BYTES, packTemplate, type PackProblem } from './translation-pack.ts';

const catalogue = shippedCatalogue();
const problems = (text: string): PackProblem[] => {
  const checked = checkPackFile(catalogue, text);
  return checked.ok ? [] : checked.error;
};

describe('checkPackFile', () => {
  it('accepts the complete test pack for PHQ-9 1.0.0 in zh-CN', () => {
    const checked = checkPackFile(catalogue, TEST_PACK_TEXT);
    expect(checked.ok && [checked.value.instrument, checked.value.version, checked.value.language]).toEqual(['phq-9', '1.0.0', 'zh-CN']);
  });

  it.each<[string, string, PackProblem[]]>([
    ['a missing item', editedPack((p) => delete p.items['phq-9-4']), [{ code: 'item-missing', item: 'phq-9-4' }]],
    ['an item with empty text', editedPack((p) => (p.items['phq-9-4'] = '  ')), [{ code: 'item-missing', item: 'phq-9-4' }]],
    ['an item the instrument does not have', editedPack((p) => (p.items['phq-9-11'] = 'x')), [{ code: 'item-extra', item: 'phq-9-11' }]],
    ['a missing option', editedPack((p) => delete p.optionSets['phq-frequency']['several-days']), [{ code: 'option-missing', set: 'phq-frequency', option: 'several-days' }]],
    ['an option with empty text', editedPack((p) => (p.optionSets['phq-difficulty']['very-difficult'] = '')), [{ code: 'option-missing', set: 'phq-difficulty', option: 'very-difficult' }]],
    ['an extra option', editedPack((p) => (p.optionSets['phq-frequency'].always = 'x')), [{ code: 'option-extra', set: 'phq-frequency', option: 'always' }]],
    ['a missing option set', editedPack((p) => delete p.optionSets['phq-difficulty']), [{ code: 'option-set-missing', set: 'phq-difficulty' }]],
    ['another version', editedPack((p) => (p.version = '2.0.0')), [{ code: 'wrong-version', found: '2.0.0', expected: '1.0.0' }]],
    ['an unknown instrument', editedPack((p) => (p.instrument = 'xyz')), [{ code: 'unknown-instrument', instrument: 'xyz' }]],
    ['a file that is not JSON', '{"instrument": "phq-9",', [{ code: 'not-json' }]],
    ['JSON that is not an object', '[1, 2]', [{ code: 'not-a-pack' }]],
    ['a missing licence', editedPack((p) => delete p.provenance.licence), [{ code: 'field-missing', field: 'provenance.licence' }]],
    ['an empty title', editedPack((p) => (p.title = '')), [{ code: 'field-empty', field: 'title' }]],
    ['an unknown field', editedPack((p) => (p.colour = 'red')), [{ code: 'field-unknown', field: 'colour' }]],
    ['an alias for an unknown option', editedPack((p) => (p.optionAliases = { 'phq-frequency': { always: ['x'] } })), [{ code: 'alias-unknown', set: 'phq-frequency', option: 'always' }]],
    ['the English pack, which is built in', readFileSync(join(INSTRUMENTS_ROOT, 'phq-9', 'locales', 'en.json'), 'utf8'), [{ code: 'built-in-language', instrument: 'phq-9', language: 'en' }]],
  ])('refuses %s, naming it', (_what, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('names a bad language tag by its field', () => {
    expect(problems(editedPack((p) => (p.language = 'Chinese')))).toEqual([{ code: 'field-invalid', field: 'language', detail: 'a language tag such as "en" or "zh-CN"' }]);
  });

  it('refuses a file over 1 MB before parsing it, and says how large it is', () => {
    const big = `${TEST_PACK_TEXT.slice(0, -2)}, "padding": "${'x'.repeat(5 * 1024 * 1024)}"}`;
    expect(problems(big)).toEqual([{ code: 'too-large', bytes: new TextEncoder().encode(big).length, limit: MAX_PACK_BYTES }]);
    expect(checkPackSize(5 * 1024 * 1024)).toEqual({ ok: false, error: [{ code: 'too-large', bytes: 5 * 1024 * 1024, limit: MAX_PACK_BYTES }] });
    expect(checkPackSize(MAX_PACK_BYTES).ok).toBe(true);
  });
});

describe('describePackProblem', () => {
  it.each<[PackProblem, string]>([
    [{ code: 'item-missing', item: 'phq-9-4' }, 'Item phq-9-4 has no text'],
    [{ code: 'not-json' }, 'Not valid JSON'],
    [{ code: 'unknown-instrument', instrument: 'xyz' }, "Unknown instrument 'xyz'"],
    [{ code: 'wrong-version', found: '2.0.0', expected: '1.0.0' }, 'Written for version 2.0.0; this app has 1.0.0'],
    [{ code: 'too-large', bytes: 5 * 1024 * 1024, limit: MAX_PACK_BYTES }, 'File too large (5.0 MB; the limit is 1 MB)'],
  ])('says %j in plain words', (problem, words) => {
    expect(describePackProblem(problem)).toBe(words);
  });
});

describe('packTemplate', () => {
  it('has every respondent string and provenance field empty; filled in, it checks', () => {
    const def = catalogue.instruments.find((i) => i.definition.id === 'phq-9')!.definition;
    const template = packTemplate(def, 'zh-CN');
    expect(Object.keys(template.items)).toEqual(def.items.map((i) => i.id));
    const text = JSON.stringify(template);
    expect(checkPackText(() => def, JSON.parse(text)).ok).toBe(false);
    const filled = checkPackText(() => def, JSON.parse(text.replaceAll('""', '"x"')));
    expect(filled.ok).toBe(true);
  });
});
