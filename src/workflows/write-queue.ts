import { err, ok, type Err, type Result } from '../domain/result.ts';
import { ensureDatabaseOpen, type AppDatabase } from '../storage/database.ts';
import type { StorageError } from '../storage/storage-error.ts';

type Write = () => Promise<Result<void, StorageError>>;

/** One ordered queue of writes: what the answer writers of clinician entry and patient mode share. */
export type WriteQueue = {
  /** Queues a write and starts writing at once. */
  readonly push: (write: Write) => void;
  /** Writes what is queued, in order; resolves with the first failure (the write stays queued) or ok. */
  readonly flush: () => Promise<Result<void, StorageError>>;
  readonly pending: () => number;
  /** The failure shown, until a flush stores everything. */
  readonly problem: () => StorageError | null;
  /** Shows a failure of a write made outside the queue (e.g. the last one of finishing). */
  readonly fail: (error: StorageError) => Err<StorageError>;
  /** Clears the failure shown after a write outside the queue succeeded. */
  readonly succeeded: () => void;
};

/**
 * Every write goes into the queue first and is then written at once, one at a time, in the order given; a failed
 * write stays queued, is reported through `report`, and is written again by the next `flush` (Try again) or the
 * next push. A closed connection (Chromium closes it after a commit fails on a full disk) is opened again first.
 */
export function createWriteQueue(db: AppDatabase, report: () => void): WriteQueue {
  let problem: StorageError | null = null;
  const pending: Write[] = [];
  let running: Promise<Result<void, StorageError>> | null = null;
  // A full disk first fails the commit, then Chromium closes the connection, so the next tries fail as "closed"
  // (which alone would read as private browsing): while those writes wait, the cause shown stays the full disk.
  const fail = (error: StorageError): Err<StorageError> => {
    const shown: StorageError = problem?.code === 'storage-full' && error.code === 'unavailable' ? { code: 'storage-full', detail: error.detail } : error;
    problem = shown;
    report();
    return err(shown);
  };

  const writeQueue = async (): Promise<Result<void, StorageError>> => {
    if (problem) {
      const reopened = await ensureDatabaseOpen(db);
      if (!reopened.ok) return fail(reopened.error);
    }
    while (pending.length > 0) {
      const next = pending[0];
      if (!next) break;
      let saved = await next();
      // The browser may close the connection just after a failed commit, even after it was opened again for this
      // try: open it once more and write the same item again before reporting.
      if (!saved.ok && saved.error.code === 'unavailable' && !db.isOpen() && (await ensureDatabaseOpen(db)).ok) saved = await next();
      if (!saved.ok) return fail(saved.error);
      pending.shift();
    }
    // Reported even without a problem: the screen learns nothing waits any more (its leave warning goes).
    problem = null;
    report();
    return ok(undefined);
  };

  const flush = (): Promise<Result<void, StorageError>> => {
    if (running) return running.then((done) => (done.ok && pending.length > 0 ? flush() : done));
    running = writeQueue().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    push: (write) => {
      pending.push(write);
      report();
      void flush();
    },
    flush,
    pending: () => pending.length,
    problem: () => problem,
    fail,
    succeeded: () => {
      problem = null;
      report();
    },
  };
}
