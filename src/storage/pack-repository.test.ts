import { describe, expect, it } from 'vitest';
import { editedPack, shippedCatalogue, TEST_PACK_HASH, TEST_PACK_TEXT } from '../../tests/support/packs.ts';
import { freshDb } from '../../tests/support/vault.ts';
import { withImportedPacks } from '../domain/imported-packs.ts';
import { administeredText } from '../domain/instrument-lookup.ts';
import { findInstrument, packLanguages } from '../domain/catalogue-lookup.ts';
import { sha256Hex } from './crypto-envelope.ts';
import { listPackRecords, readStoredPacks } from './pack-repository.ts';
import { markPackRemoved, savePack } from './pack-writes.ts';

const meta = { instrumentId: 'phq-9', language: 'zh-CN', version: '1.0.0' };
const day = (d: number) => `2026-03-0${d}T09:00:00.000Z`;

async function catalogueFrom(db: ReturnType<typeof freshDb>) {
  const stored = await readStoredPacks(db);
  if (!stored.ok) throw new Error(stored.error.code);
  return findInstrument(withImportedPacks(shippedCatalogue(), stored.value).catalogue, 'phq-9')!;
}

describe('pack repository (real Dexie on fake-indexeddb)', () => {
  it('hashes a text as the CLI does (SHA-256 of its UTF-8, hex)', async () => {
    expect(await sha256Hex(TEST_PACK_TEXT)).toBe(TEST_PACK_HASH);
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('stores an imported pack with its text exactly as imported, and lists it', async () => {
    const db = freshDb();
    const saved = await savePack(db, { text: TEST_PACK_TEXT, ...meta }, day(1));
    expect(saved).toEqual({
      ok: true,
      value: { outcome: 'added', replaced: [], record: { schemaVersion: 5, hash: TEST_PACK_HASH, ...meta, text: TEST_PACK_TEXT, importedAt: day(1), removedAt: null } },
    });
    const listed = await listPackRecords(db);
    expect(listed.ok && listed.value.map((r) => [r.hash, r.text === TEST_PACK_TEXT])).toEqual([[TEST_PACK_HASH, true]]);
    expect(packLanguages(await catalogueFrom(db))).toEqual(['en', 'zh-CN']);
  });

  it('removes a pack from what is offered but keeps it for the assessments given in it', async () => {
    const db = freshDb();
    await savePack(db, { text: TEST_PACK_TEXT, ...meta }, day(1));
    const removed = await markPackRemoved(db, TEST_PACK_HASH, day(2));
    expect(removed.ok && removed.value.removedAt).toBe(day(2));
    expect(await db.packs.count()).toBe(1);
    const phq9 = await catalogueFrom(db);
    expect(packLanguages(phq9)).toEqual(['en']);
    expect(administeredText(phq9, { language: 'zh-CN', packHash: TEST_PACK_HASH }).hash).toBe(TEST_PACK_HASH);
    const again = await markPackRemoved(db, TEST_PACK_HASH, day(3));
    expect(again.ok ? 'ok' : again.error.code).toBe('not-found');
  });

  it('offers a new pack for a language in place of the old one, which stays archived', async () => {
    const db = freshDb();
    await savePack(db, { text: TEST_PACK_TEXT, ...meta }, day(1));
    const newer = editedPack((p) => (p.title = '[TEST PACK — not a translation] newer'));
    const saved = await savePack(db, { text: newer, ...meta }, day(2));
    expect(saved.ok && [saved.value.outcome, saved.value.replaced]).toEqual(['added', [TEST_PACK_HASH]]);
    const rows = await listPackRecords(db);
    expect(rows.ok && rows.value.map((r) => r.removedAt)).toEqual([day(2), null]);
    const phq9 = await catalogueFrom(db);
    expect(phq9.packs['zh-CN']?.title).toContain('newer');
    expect(Object.keys(phq9.archive ?? {}).sort()).toEqual([TEST_PACK_HASH, await sha256Hex(newer)].sort());
  });

  it('changes nothing when the same file is imported again, and offers a removed one again', async () => {
    const db = freshDb();
    await savePack(db, { text: TEST_PACK_TEXT, ...meta }, day(1));
    const twice = await savePack(db, { text: TEST_PACK_TEXT, ...meta }, day(2));
    expect(twice.ok && [twice.value.outcome, twice.value.record.importedAt]).toEqual(['already-offered', day(1)]);
    await markPackRemoved(db, TEST_PACK_HASH, day(3));
    const back = await savePack(db, { text: TEST_PACK_TEXT, ...meta }, day(4));
    expect(back.ok && [back.value.outcome, back.value.record.removedAt]).toEqual(['offered-again', null]);
    expect(packLanguages(await catalogueFrom(db))).toEqual(['en', 'zh-CN']);
  });
});
