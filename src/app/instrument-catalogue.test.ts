import { describe, expect, it } from 'vitest';
import { editedPack, TEST_PACK_HASH, TEST_PACK_TEXT } from '../../tests/support/packs.ts';
import { freshDb } from '../../tests/support/vault.ts';
import { findInstrument, packLanguages } from '../domain/catalogue-lookup.ts';
import { markPackRemoved, savePack } from '../storage/pack-writes.ts';
import { builtCatalogue, loadCatalogue } from './instrument-catalogue.ts';

const meta = { instrumentId: 'phq-9', language: 'zh-CN', version: '1.0.0' };

describe('loadCatalogue (the catalogue every screen and patient mode get)', () => {
  it('is the built catalogue when the tablet has no imported packs', async () => {
    const catalogue = await loadCatalogue(freshDb());
    expect(catalogue.instruments.map((i) => packLanguages(i))).toEqual(builtCatalogue().instruments.map((i) => packLanguages(i)));
    expect(catalogue.broken).toEqual(builtCatalogue().broken);
  });

  it('offers a stored pack without any key, and keeps a removed one for the assessments given in it', async () => {
    const db = freshDb();
    await savePack(db, { text: TEST_PACK_TEXT, ...meta }, '2026-03-01T09:00:00.000Z');
    expect(packLanguages(findInstrument(await loadCatalogue(db), 'phq-9')!)).toEqual(['en', 'zh-CN']);
    await markPackRemoved(db, TEST_PACK_HASH, '2026-03-02T09:00:00.000Z');
    const phq9 = findInstrument(await loadCatalogue(db), 'phq-9')!;
    expect(packLanguages(phq9)).toEqual(['en']);
    expect(Object.keys(phq9.archive ?? {})).toEqual([TEST_PACK_HASH]);
  });

  it('lists a damaged stored pack as broken instead of offering it', async () => {
    const db = freshDb();
    await db.packs.put({ schemaVersion: 5, hash: 'f'.repeat(64), ...meta, text: editedPack((p) => delete p.items['phq-9-2']), importedAt: '2026-03-01T09:00:00.000Z', removedAt: null });
    const catalogue = await loadCatalogue(db);
    expect(packLanguages(findInstrument(catalogue, 'phq-9')!)).toEqual(['en']);
    expect(catalogue.broken.flatMap((b) => b.problems)).toContain('translation pack ffffffffffff: phq-9 zh-CN: items.phq-9-2: missing text');
  });
});
