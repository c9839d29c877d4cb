import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { MIGRATIONS } from '../src/storage/database.ts';

const dir = join(import.meta.dirname, '..', 'src', 'storage', 'migrations');

it('numbers migrations 1, 2, 3… in order with one file each', () => {
  const files = readdirSync(dir).filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
  expect(MIGRATIONS.map((m) => m.version)).toEqual(files.map((_, i) => i + 1));
  expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(MIGRATIONS.map((m) => m.version));
});

it('has a test beside every migration', () => {
  const all = readdirSync(dir);
  const untested = all.filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts') && !all.includes(f.replace(/\.ts$/, '.test.ts')));
  expect(untested).toEqual([]);
});
