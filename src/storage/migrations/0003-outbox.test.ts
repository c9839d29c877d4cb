import { expect, it } from 'vitest';
import { freshDb } from '../../../tests/support/vault.ts';
import type { OutboxRowV3 } from './0003-outbox.ts';

/** A version 2 row as version 2 of the app stored it (the sealed bytes stand in for real ciphertext). */
const patientV2 = {
  schemaVersion: 2, id: 'p1', codeHash: 'ab12', createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:00:00.000Z',
  deletedAt: null, keyId: 'data', sealed: new Uint8Array([1, 2, 3, 4]),
};

it('adds the outbox store (unique per assessment, indexed by state) and keeps every version 2 row as it was', async () => {
  const name = `migration-0003-${Date.now()}`;
  const v2 = freshDb(name, 2);
  await v2.table('patients').add(patientV2);
  await v2.table('settings').put({ key: 'preferences', value: { language: 'zh-CN' } });
  v2.close();

  const db = freshDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(3); // later migrations add indexes on top
  const outbox = db.tables.find((t) => t.name === 'outbox');
  expect([outbox?.schema.primKey.src, ...(outbox?.schema.indexes.map((i) => i.src) ?? [])]).toEqual(['id', '&assessmentId', 'state']);
  expect(await db.table('patients').toArray()).toEqual([patientV2]);
  expect(await db.table('settings').get('preferences')).toEqual({ key: 'preferences', value: { language: 'zh-CN' } });
  expect(await db.table('outbox').count()).toBe(0);

  const row: OutboxRowV3 = {
    schemaVersion: 3, id: 'o1', assessmentId: 'a1', createdAt: '2026-01-02T09:00:00.000Z', updatedAt: '2026-01-02T09:00:00.000Z',
    state: 'pending', attempts: 0, sentAt: null, keyId: 'data', sealed: new Uint8Array([5, 6]),
  };
  await db.table('outbox').add(row);
  await expect(db.table('outbox').add({ ...row, id: 'o2' })).rejects.toThrow();
  expect(await db.table('outbox').where('state').equals('pending').primaryKeys()).toEqual(['o1']);
});
