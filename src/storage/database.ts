import { Dexie, type EntityTable, type Table } from 'dexie';
import { migration0001 } from './migrations/0001-initial.ts';
import { migration0002 } from './migrations/0002-encrypt-at-rest.ts';
import { migration0003 } from './migrations/0003-outbox.ts';
import { migration0004 } from './migrations/0004-alert-open-index.ts';
import type { AnswerRow, AssessmentRecord, OutboxRecord, PatientRecord, SettingRecord } from './records.ts';

/** The numbered migrations, oldest first. A test checks that each has its own test. */
export const MIGRATIONS = [migration0001, migration0002, migration0003, migration0004] as const;

export type AppDatabase = Dexie & {
  patients: EntityTable<PatientRecord, 'id'>;
  assessments: EntityTable<AssessmentRecord, 'id'>;
  answers: Table<AnswerRow, [string, string, string]>;
  settings: EntityTable<SettingRecord, 'key'>;
  outbox: EntityTable<OutboxRecord, 'id'>;
};

export const DATABASE_NAME = 'motivation-profile';

/** Opens (creating or upgrading) the app's IndexedDB database; `upTo` opens an older version (migration tests). */
export function openDatabase(name = DATABASE_NAME, upTo: number = MIGRATIONS.length): AppDatabase {
  const db = new Dexie(name) as AppDatabase;
  for (const migration of MIGRATIONS.slice(0, upTo)) db.version(migration.version).stores(migration.stores);
  return db;
}
