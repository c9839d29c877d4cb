import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { simulateFullDisk } from '../../tests/support/full-disk.ts';
import { freshDb } from '../../tests/support/vault.ts';
import { ensureDatabaseOpen } from './database.ts';
import { attempt, toStorageError } from './storage-error.ts';

const quota = (message: string) => new DOMException(message, 'QuotaExceededError');
const codeOf = (error: unknown) => toStorageError(error).error.code;

describe('a full disk is told apart from a browser that stores nothing', () => {
  it.each([
    ['a request refused for quota', quota('The quota has been exceeded.')],
    ['a transaction aborted at commit (Dexie AbortError around QuotaExceededError)', new Dexie.AbortError('Transaction aborted', quota('The current transaction exceeded its quota limitations.'))],
    [
      'Chromium reopening the backing store on a full disk (DatabaseClosedError around it)',
      new Dexie.DatabaseClosedError(quota('Encountered full disk while opening backing store for indexedDB.open.')),
    ],
    ['the open itself failing on a full disk', new Dexie.OpenFailedError(quota('Encountered full disk while opening backing store for indexedDB.open.'))],
    ['LevelDB out of space, surfaced as UnknownError', new DOMException('IO error: 000005.log: No space left on device (ENOSPC)', 'UnknownError')],
    ['WebKit aborting because the disk is full', new Dexie.AbortError('Transaction aborted', new DOMException('Database or disk is full', 'UnknownError'))],
  ])('calls %s "storage-full"', (_what, error) => {
    expect(codeOf(error)).toBe('storage-full');
  });

  it.each([
    ['a bare closed connection', new Dexie.DatabaseClosedError()],
    ['no IndexedDB at all (private browsing)', new Dexie.MissingAPIError('IndexedDB API missing')],
  ])('still calls %s "unavailable"', (_what, error) => {
    expect(codeOf(error)).toBe('unavailable');
  });

  it('leaves an unrelated internal error "unknown"', () => {
    expect(codeOf(new DOMException('Internal error opening backing store.', 'UnknownError'))).toBe('unknown');
  });
});

describe('full disk on a real database (Dexie on fake-indexeddb, failing as a browser fails)', () => {
  it('reports a write to a full disk as "storage-full", and the same write succeeds once space is free', async () => {
    const db = freshDb();
    const disk = await simulateFullDisk(db, ['settings']);
    disk.fill();
    const failed = await attempt(() => db.settings.put({ key: 'k', value: 1 }));
    expect(!failed.ok && failed.error.code).toBe('storage-full');
    disk.free();
    expect((await attempt(() => db.settings.put({ key: 'k', value: 1 }))).ok).toBe(true);
  });

  it('reopens a connection the browser closed after the failed write, without a reload', async () => {
    const db = freshDb();
    const disk = await simulateFullDisk(db, ['settings'], 'closed');
    disk.fill();
    const failed = await attempt(() => db.settings.put({ key: 'k', value: 1 }));
    expect(!failed.ok && failed.error.code).toBe('storage-full');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const afterClose = await attempt(() => db.settings.get('k'));
    expect(!afterClose.ok && afterClose.error.code).toBe('unavailable');

    disk.free();
    expect((await ensureDatabaseOpen(db)).ok).toBe(true);
    expect((await attempt(() => db.settings.put({ key: 'k', value: 1 }))).ok).toBe(true);
  });
});
