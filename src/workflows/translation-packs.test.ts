import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { editedPack, packFile, shippedCatalogue, TEST_PACK_HASH, TEST_PACK_TEXT } from '../../tests/support/packs.ts';
import { freshDb } from '../../tests/support/vault.ts';
import { INSTRUMENTS_ROOT } from '../cli/instrument-folder.ts';
import { NO_KEYS } from '../storage/vault.ts';
import { describePackProblem } from '../domain/translation-pack.ts';
import { importPack, listPacks, removePack, type ImportProblem } from './translation-packs.ts';

const catalogue = shippedCatalogue();

/** A tablet as Settings sees it: packs need no clinician keys. */
function tablet() {
  const env = testEnvironment({}, '2026-03-01T09:00:00.000Z');
  return { vault: { db: freshDb(), keys: NO_KEYS }, env, catalogue };
}

/** The stored rows, oldest import first. */
const rows = async (ctx: ReturnType<typeof tablet>) => (await ctx.vault.db.packs.toArray()).sort((a, b) => a.importedAt.localeCompare(b.importedAt)).map((r) => [r.hash, r.removedAt]);
const words = (problems: readonly ImportProblem[]) => problems.map((p) => (p.code === 'storage' || p.code === 'already-imported' || p.code === 'unreadable' ? p.code : describePackProblem(p)));

describe('importPack', () => {
  it('imports the test pack and lists it with its provenance', async () => {
    const ctx = tablet();
    const imported = await importPack(ctx, packFile(TEST_PACK_TEXT));
    expect(imported.ok && imported.value).toMatchObject({ hash: TEST_PACK_HASH, instrumentId: 'phq-9', language: 'zh-CN', version: '1.0.0', importedAt: '2026-03-01T09:00:00.000Z', removedAt: null, problems: [] });
    expect(imported.ok && imported.value.provenance?.source).toContain('not a translation');
    const listed = await listPacks(ctx);
    expect(listed.ok && listed.value).toEqual([imported.ok && imported.value]);
  });

  const fiveMegabytes = { fileName: 'big.json', size: 5 * 1024 * 1024, text: () => Promise.reject(new Error('a file that large must not be read')) };
  it.each<[string, ReturnType<typeof packFile> | typeof fiveMegabytes, string[]]>([
    ['a missing item', packFile(editedPack((p) => delete p.items['phq-9-4'])), ['Item phq-9-4 has no text']],
    ['an extra item', packFile(editedPack((p) => (p.items['phq-9-11'] = 'x'))), ['Item phq-9-11 is not in the instrument']],
    ['another version', packFile(editedPack((p) => (p.version = '2.0.0'))), ['Written for version 2.0.0; this app has 1.0.0']],
    ['an unknown instrument', packFile(editedPack((p) => (p.instrument = 'xyz'))), ["Unknown instrument 'xyz'"]],
    ['a file that is not JSON', packFile('PHQ-9 in Chinese, see attached PDF'), ['Not valid JSON']],
    ['a 5 MB file (refused before it is read)', fiveMegabytes, ['File too large (5.0 MB; the limit is 1 MB)']],
    ['English, which is built in', packFile(readFileSync(join(INSTRUMENTS_ROOT, 'phq-9', 'locales', 'en.json'), 'utf8')), ['phq-9 already has a built-in en pack, which an imported pack may not replace']],
  ])('refuses %s with a message and changes nothing', async (_what, file, expected) => {
    const ctx = tablet();
    await importPack(ctx, packFile(TEST_PACK_TEXT));
    const before = await rows(ctx);
    const imported = await importPack(ctx, file);
    expect(imported.ok ? 'imported' : words(imported.error)).toEqual(expected);
    expect(await rows(ctx)).toEqual(before);
    expect(before).toEqual([[TEST_PACK_HASH, null]]);
  });

  it('says so when the browser cannot read the chosen file, changing nothing', async () => {
    const ctx = tablet();
    const imported = await importPack(ctx, { fileName: 'gone.json', size: 100, text: () => Promise.reject(new Error('NotReadableError')) });
    expect(imported.ok ? 'imported' : imported.error).toEqual([{ code: 'unreadable' }]);
    expect(await rows(ctx)).toEqual([]);
  });

  it('says so when the same file is imported again, changing nothing', async () => {
    const ctx = tablet();
    await importPack(ctx, packFile(TEST_PACK_TEXT));
    ctx.env.advance(60_000);
    const again = await importPack(ctx, packFile(TEST_PACK_TEXT));
    expect(again.ok ? 'imported' : again.error).toEqual([{ code: 'already-imported', instrument: 'phq-9', language: 'zh-CN' }]);
    expect(await rows(ctx)).toEqual([[TEST_PACK_HASH, null]]);
  });

  it('replaces the pack offered for a language with a newer import; the old one stays for its assessments', async () => {
    const ctx = tablet();
    await importPack(ctx, packFile(TEST_PACK_TEXT));
    ctx.env.advance(60_000);
    const newer = await importPack(ctx, packFile(editedPack((p) => (p.title = '[TEST PACK — not a translation] newer'))));
    if (!newer.ok) throw new Error(JSON.stringify(newer.error));
    expect(await rows(ctx)).toEqual([[TEST_PACK_HASH, '2026-03-01T09:01:00.000Z'], [newer.value.hash, null]]);
  });
});

describe('removePack and listPacks', () => {
  it('removes a pack from what is offered, keeping its row', async () => {
    const ctx = tablet();
    await importPack(ctx, packFile(TEST_PACK_TEXT));
    ctx.env.advance(60_000);
    expect(await removePack(ctx, TEST_PACK_HASH)).toEqual({ ok: true, value: undefined });
    const listed = await listPacks(ctx);
    expect(listed.ok && listed.value.map((p) => [p.hash, p.removedAt])).toEqual([[TEST_PACK_HASH, '2026-03-01T09:01:00.000Z']]);
    const twice = await removePack(ctx, TEST_PACK_HASH);
    expect(twice.ok ? 'removed' : twice.error.code).toBe('not-found');
  });

  it('lists a stored pack that no longer checks with its problems', async () => {
    const ctx = tablet();
    const text = editedPack((p) => delete p.items['phq-9-4']);
    await ctx.vault.db.packs.put({ schemaVersion: 5, hash: 'd'.repeat(64), instrumentId: 'phq-9', language: 'zh-CN', version: '1.0.0', text, importedAt: '2026-02-01T09:00:00.000Z', removedAt: null });
    const listed = await listPacks(ctx);
    expect(listed.ok && listed.value.map((p) => [p.provenance, p.problems])).toEqual([[null, ['phq-9 zh-CN: items.phq-9-4: missing text']]]);
  });
});
