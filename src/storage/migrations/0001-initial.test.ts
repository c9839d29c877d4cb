import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { openDatabase } from '../database.ts';

it('creates the version 1 stores with the indexes the repositories query', async () => {
  const db = openDatabase(`migration-0001-${Date.now()}`, 1);
  await db.open();
  expect(db.verno).toBe(1);
  const schema = Object.fromEntries(db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)]]));
  expect(schema).toEqual({
    patients: ['id', 'codeKey', 'updatedAt'],
    assessments: ['id', '[patientId+createdAt]', 'status', 'updatedAt'],
    answers: ['[assessmentId+instrumentId+itemId]', 'assessmentId'],
    settings: ['key'],
  });
  db.close();
  await db.delete();
});
