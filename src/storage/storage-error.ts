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

/** The error's name and the names of the errors it wraps (Dexie's `inner`, nested: `DatabaseClosedError` → open failure → cause). */
function namesInChain(error: unknown): string[] {
  const names: string[] = [];
  let at: unknown = error;
  for (let depth = 0; depth < 4 && typeof at === 'object' && at !== null; depth += 1) {
    if ('name' in at && typeof at.name === 'string') names.push(at.name);
    at = 'inner' in at ? at.inner : undefined;
  }
  return names;
}

function messagesInChain(error: unknown): string {
  const parts: string[] = [];
  let at: unknown = error;
  for (let depth = 0; depth < 4 && typeof at === 'object' && at !== null; depth += 1) {
    if ('message' in at && typeof at.message === 'string') parts.push(at.message);
    at = 'inner' in at ? at.inner : undefined;
  }
  return parts.join(' ');
}

/**
 * How a full disk or an exhausted quota reaches us: `QuotaExceededError` anywhere in the chain (a request; Dexie's
 * `AbortError` when the transaction aborts at commit; `DatabaseClosedError`/`OpenFailedError` when Chromium reopens
 * the backing store on a full disk: "Encountered full disk while opening backing store"), or an `UnknownError`
 * whose message names the disk (LevelDB's "No space left on device", WebKit's "disk is full").
 */
const DISK_FULL_TEXT = /full disk|disk is full|disk full|no space left|ENOSPC|quota/i;

/** Maps a Dexie/IndexedDB failure to a code; the original message stays in `detail` for support. */
export function toStorageError(error: unknown): Err<StorageError> {
  if (error instanceof StorageFailure) return err(error.problem);
  const names = namesInChain(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (names.includes('QuotaExceededError')) return err({ code: 'storage-full', detail });
  if (names.some((n) => n === 'UnknownError' || n === 'AbortError') && DISK_FULL_TEXT.test(messagesInChain(error))) return err({ code: 'storage-full', detail });
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
