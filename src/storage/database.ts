import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import { migration0001 } from './migrations/0001-initial.ts';
import { migration0002 } from './migrations/0002-encrypt-at-rest.ts';
import { migration0003 } from './migrations/0003-outbox.ts';
import { migration0004 } from './migrations/0004-alert-open-index.ts';
import { migration0005 } from './migrations/0005-translation-packs.ts';
import { migration0006 } from './migrations/0006-answer-sets.ts';
import { migration0007 } from './migrations/0007-audit-log.ts';
import { migration0008 } from './migrations/0008-answers-in-assessments.ts';
import type { AnswerRow, AnswerSetRecord, AssessmentRecord, AuditRecord, OutboxRecord, PackRecord, PatientRecord, SettingRecord } from './records.ts';
import { ok, type Result } from '../domain/result.ts';
import { attempt, type StorageError } from './storage-error.ts';

/**
 * One numbered Dexie version: its stores and, when it changes stored rows, the upgrade Dexie runs once on the data
 * of the version before (inside the version-change transaction, before anyone has unlocked: no keys).
 */
export type Migration = {
  readonly version: number;
  readonly stores: Readonly<Record<string, string | null>>;
  readonly upgrade?: (tx: Transaction) => PromiseLike<unknown> | undefined;
};

/** The numbered migrations, oldest first. tests/migrations.test.ts checks each has a test and each upgrade runs. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008];

export type AppDatabase = Dexie & {
  patients: EntityTable<PatientRecord, 'id'>;
  assessments: EntityTable<AssessmentRecord, 'id'>;
  answers: Table<AnswerRow, [string, string, string]>;
  settings: EntityTable<SettingRecord, 'key'>;
  outbox: EntityTable<OutboxRecord, 'id'>;
  packs: EntityTable<PackRecord, 'hash'>;
  answerSets: EntityTable<AnswerSetRecord, 'assessmentId'>;
  audit: EntityTable<AuditRecord, 'id'>;
};

export const DATABASE_NAME = 'motivation-profile';

/** Opens (creating or upgrading) the app's IndexedDB database; `upTo` opens an older version (migration tests). */
export function openDatabase(name = DATABASE_NAME, upTo: number = MIGRATIONS.length): AppDatabase {
  const db = new Dexie(name) as AppDatabase;
  declareVersions(db, MIGRATIONS.slice(0, upTo));
  return db;
}

/** Declares each migration's version on a database not yet opened: its stores, and its upgrade when it has one. */
export function declareVersions(db: Dexie, migrations: readonly Migration[]): void {
  for (const migration of migrations) {
    const version = db.version(migration.version).stores(migration.stores);
    if (migration.upgrade) version.upgrade(migration.upgrade);
  }
}

/**
 * Opens the connection again if it is closed. Chromium closes it after a commit fails on a full disk, and Dexie keeps
 * a failed reopen failed ("DatabaseClosedError") until `open()` is called: a retry after space is freed calls this
 * first, so it works without reloading the page (which would drop the answers still held in memory).
 */
export async function ensureDatabaseOpen(db: AppDatabase): Promise<Result<void, StorageError>> {
  if (db.isOpen()) return ok(undefined);
  return attempt(async () => {
    await db.open();
  });
}
