import { expect, it } from 'vitest';
import { freshDb } from '../../../tests/support/vault.ts';
import type { PackRowV5 } from './0005-translation-packs.ts';

/** A version 4 assessment row as version 4 of the app stored it (the sealed bytes stand in for real ciphertext). */
const assessmentV4 = {
  schemaVersion: 2, id: 'a1', patientId: 'p1', instruments: [{ id: 'phq-9', version: '1.0.0' }], status: 'completed',
  createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:05:00.000Z', completedAt: '2026-01-01T09:05:00.000Z',
  alertOpen: 1, keyId: 'data', sealed: new Uint8Array([1, 2, 3, 4]),
};

it('adds the packs store (keyed by hash, no other index) and keeps every version 4 row as it was', async () => {
  const name = `migration-0005-${Date.now()}`;
  const v4 = freshDb(name, 4);
  await v4.table('assessments').add(assessmentV4);
  await v4.table('settings').put({ key: 'preferences', value: { language: 'zh-CN' } });
  v4.close();

  const db = freshDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(5); // later migrations add to it
  const packs = db.tables.find((t) => t.name === 'packs');
  expect([packs?.schema.primKey.src, ...(packs?.schema.indexes.map((i) => i.src) ?? [])]).toEqual(['hash']);
  expect(await db.table('assessments').toArray()).toEqual([assessmentV4]);
  expect(await db.table('assessments').where('[status+alertOpen]').equals(['completed', 1]).primaryKeys()).toEqual(['a1']);
  expect(await db.table('settings').get('preferences')).toEqual({ key: 'preferences', value: { language: 'zh-CN' } });
  expect(await db.table('packs').count()).toBe(0);

  const row: PackRowV5 = {
    schemaVersion: 5, hash: 'a'.repeat(64), instrumentId: 'phq-9', language: 'zh-CN', version: '1.0.0', text: '{}',
    importedAt: '2026-03-01T09:00:00.000Z', removedAt: null,
  };
  await db.table('packs').add(row);
  await expect(db.table('packs').add({ ...row, language: 'fr' })).rejects.toThrow();
  expect(await db.table('packs').get('a'.repeat(64))).toEqual(row);
});
