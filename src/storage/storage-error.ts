import { err, ok, type Err, type Result } from '../domain/result.ts';
import type { StorageError } from '../domain/storage-failure.ts';

export type { StorageError, StorageErrorCode } from '../domain/storage-failure.ts';

/** Carries an already-classified failure out of a nested repository call inside `attempt`. */
export class StorageFailure extends Error {
  constructor(readonly problem: StorageError) {
    super(problem.detail);
    this.name = 'StorageFailure';
  }
}

/** Maps a Dexie/IndexedDB failure to a code; the original message stays in `detail` for support. */
export function toStorageError(error: unknown): Err<StorageError> {
  if (error instanceof StorageFailure) return err(error.problem);
  const name = error instanceof Error ? error.name : '';
  const inner = error instanceof Error && 'inner' in error && error.inner instanceof Error ? error.inner.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  const names = [name, inner];
  if (names.includes('QuotaExceededError')) return err({ code: 'quota-exceeded', detail });
  if (names.some((n) => n === 'DatabaseClosedError' || n === 'OpenFailedError' || n === 'MissingAPIError' || n === 'InvalidStateError')) {
    return err({ code: 'unavailable', detail });
  }
  if (names.includes('BlockedError') || names.includes('VersionChangeError')) return err({ code: 'blocked', detail });
  if (names.includes('VersionError')) return err({ code: 'version', detail });
  if (names.includes('ConstraintError')) return err({ code: 'conflict', detail });
  if (names.includes('LockedError')) return err({ code: 'locked', detail });
  if (names.includes('UndecryptableError')) return err({ code: 'undecryptable', detail });
  return err({ code: 'unknown', detail });
}

/** Runs a storage operation, turning any Dexie/IndexedDB failure into a StorageError value. */
export async function attempt<T>(operation: () => Promise<T>): Promise<Result<T, StorageError>> {
  try {
    return ok(await operation());
  } catch (error) {
    return toStorageError(error);
  }
}
