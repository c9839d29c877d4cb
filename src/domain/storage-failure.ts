/**
 * The small set of storage failures the UI can explain and act on. Defined here, the lowest layer both `storage`
 * (which produces them) and `ui` (which words them) may import; `storage/storage-error.ts` maps Dexie and
 * IndexedDB failures onto them.
 */
export type StorageErrorCode =
  | 'storage-full'
  | 'blocked'
  | 'unavailable'
  | 'version'
  | 'not-found'
  | 'conflict'
  | 'locked'
  | 'undecryptable'
  | 'unknown';

/** A storage failure: its code, and the original message in `detail` for support. */
export type StorageError = { readonly code: StorageErrorCode; readonly detail: string };
