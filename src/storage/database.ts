import { Dexie, type EntityTable, type Table } from 'dexie';
import { migration0001 } from './migrations/0001-initial.ts';
import type { AnswerRow, AssessmentRecord, PatientRecord, SettingRecord } from './records.ts';

/** The numbered migrations, oldest first. A test checks that each has its own test. */
export const MIGRATIONS = [migration0001] as const;

export type AppDatabase = Dexie & {
  patients: EntityTable<PatientRecord, 'id'>;
  assessments: EntityTable<AssessmentRecord, 'id'>;
  answers: Table<AnswerRow, [string, string, string]>;
  settings: EntityTable<SettingRecord, 'key'>;
};

export const DATABASE_NAME = 'motivation-profile';

/** Opens (creating or upgrading) the app's IndexedDB database. */
export function openDatabase(name = DATABASE_NAME): AppDatabase {
  const db = new Dexie(name) as AppDatabase;
  for (const migration of MIGRATIONS) db.version(migration.version).stores(migration.stores);
  return db;
}
