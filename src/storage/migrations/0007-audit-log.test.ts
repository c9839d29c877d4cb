import { expect, it } from 'vitest';
import { freshDb } from '../../../tests/support/vault.ts';
import type { AuditRowV7 } from './0007-audit-log.ts';

it('adds the audit store (random id, time index) and keeps every version 6 row as it was', async () => {
  const name = `migration-0007-${Date.now()}`;
  const v6 = freshDb(name, 6);
  await v6.table('settings').put({ key: 'preferences', value: { language: 'zh-CN' } });
  await v6.table('answerSets').add({ schemaVersion: 6, assessmentId: 'a1', patientId: 'p1', keyId: 'data', sealed: new Uint8Array([1, 2]) });
  v6.close();

  const db = freshDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(7);
  const audit = db.tables.find((t) => t.name === 'audit');
  expect([audit?.schema.primKey.src, ...(audit?.schema.indexes.map((i) => i.src) ?? [])]).toEqual(['id', 'at']);
  expect(await db.table('settings').get('preferences')).toEqual({ key: 'preferences', value: { language: 'zh-CN' } });
  expect(await db.table('answerSets').count()).toBe(1);
  expect(await db.table('audit').count()).toBe(0);

  const row: AuditRowV7 = { schemaVersion: 7, id: 'e1', at: '2026-12-05T09:00:00.000Z', keyId: 'data', sealed: new Uint8Array([9]) };
  await db.table('audit').add(row);
  await expect(db.table('audit').add(row)).rejects.toThrow();
  expect(await db.table('audit').orderBy('at').primaryKeys()).toEqual(['e1']);
});
