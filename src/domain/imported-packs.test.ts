import { describe, expect, it } from 'vitest';
import { editedPack, shippedCatalogue, TEST_PACK_HASH, TEST_PACK_TEXT } from '../../tests/support/packs.ts';
import { withImportedPacks, type StoredPack } from './imported-packs.ts';
import { administeredText, respondentText } from './instrument-lookup.ts';
import { findInstrument, packLanguages } from './catalogue-lookup.ts';

const built = shippedCatalogue();
const stored = (text: string, hash: string, overrides: Partial<StoredPack> = {}): StoredPack => ({ hash, text, importedAt: '2026-03-01T09:00:00.000Z', removedAt: null, ...overrides });
const phq9 = (catalogue: typeof built) => findInstrument(catalogue, 'phq-9')!;

describe('withImportedPacks', () => {
  it('offers an imported pack in its language and archives it by hash; other instruments and English are as built', () => {
    const { catalogue, skipped } = withImportedPacks(built, [stored(TEST_PACK_TEXT, TEST_PACK_HASH)]);
    expect(skipped).toEqual([]);
    expect(packLanguages(phq9(catalogue))).toEqual(['en', 'zh-CN']);
    expect(respondentText(phq9(catalogue), 'zh-CN')).toMatchObject({ language: 'zh-CN', hash: TEST_PACK_HASH, origin: 'imported' });
    expect(respondentText(phq9(catalogue), 'zh-CN').items['phq-9-1']).toContain('[TEST PACK — not a translation]');
    expect(phq9(catalogue).packs.en).toBe(phq9(built).packs.en);
    expect(Object.keys(phq9(catalogue).archive ?? {})).toEqual([TEST_PACK_HASH]);
    expect(packLanguages(findInstrument(catalogue, 'shaps')!)).toEqual(['en']);
  });

  it('no longer offers a removed pack, but an assessment given in it keeps its words', () => {
    const { catalogue } = withImportedPacks(built, [stored(TEST_PACK_TEXT, TEST_PACK_HASH, { removedAt: '2026-03-02T09:00:00.000Z' })]);
    expect(packLanguages(phq9(catalogue))).toEqual(['en']);
    expect(administeredText(phq9(catalogue), { language: 'zh-CN', packHash: TEST_PACK_HASH }).items['phq-9-1']).toContain('[TEST PACK');
  });

  it('starts again from the built-in packs, so merging twice gives the same catalogue and removal takes effect', () => {
    const once = withImportedPacks(built, [stored(TEST_PACK_TEXT, TEST_PACK_HASH)]).catalogue;
    expect(withImportedPacks(once, [stored(TEST_PACK_TEXT, TEST_PACK_HASH)]).catalogue).toEqual(once);
    expect(packLanguages(phq9(withImportedPacks(once, []).catalogue))).toEqual(['en']);
  });

  it('never lets an imported pack replace a built-in one', () => {
    const english = editedPack((p) => (p.language = 'en'));
    const { catalogue } = withImportedPacks(built, [stored(english, 'e'.repeat(64))]);
    expect(phq9(catalogue).packs.en?.origin).toBe('built-in');
    expect(phq9(catalogue).archive?.['e'.repeat(64)]?.language).toBe('en');
  });

  it('offers the later of two imports in one language', () => {
    const later = editedPack((p) => (p.title = 'later'));
    const { catalogue } = withImportedPacks(built, [stored(later, 'b'.repeat(64), { importedAt: '2026-03-05T00:00:00.000Z' }), stored(TEST_PACK_TEXT, TEST_PACK_HASH)]);
    expect(phq9(catalogue).packs['zh-CN']?.title).toBe('later');
  });

  it.each([
    ['text that is not JSON', '{', 'the stored text is not JSON'],
    ['an item with no text', editedPack((p) => (p.items['phq-9-4'] = 3)), 'the stored text is not a translation pack'],
    ['a missing item', editedPack((p) => delete p.items['phq-9-4']), 'phq-9 zh-CN: items.phq-9-4: missing text'],
    ['another version', editedPack((p) => (p.version = '2.0.0')), 'phq-9 zh-CN: version: "2.0.0" is not the instrument\'s version "1.0.0"'],
    ['an instrument this app lacks', editedPack((p) => (p.instrument = 'xyz')), 'instrument "xyz" is not in this app'],
  ])('skips and reports a stored pack with %s, neither offered nor archived', (_what, text, problem) => {
    const { catalogue, skipped } = withImportedPacks(built, [stored(text, 'c'.repeat(64))]);
    expect(skipped).toEqual([{ hash: 'c'.repeat(64), problems: [problem] }]);
    expect(packLanguages(phq9(catalogue))).toEqual(['en']);
    expect(phq9(catalogue).archive).toEqual({});
    expect(catalogue.broken).toEqual([{ folder: 'imported translation pack cccccccccccc', problems: [`translation pack cccccccccccc: ${problem}`] }]);
  });
});
