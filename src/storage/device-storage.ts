import type { Result } from '../domain/result.ts';
import { attempt, type StorageError } from './storage-error.ts';

/** Whether the browser keeps this origin's data (persistent storage), how full it is, and whether the app is installed. */
export type DeviceStorageStatus = { readonly supported: boolean; readonly persisted: boolean; readonly usage: number; readonly quota: number; readonly installed: boolean };

/**
 * Asks the browser to keep the data (`navigator.storage.persist`, granted more readily to an installed app) and
 * reads how much space is used. A browser without the Storage API says `supported: false`.
 */
export function readDeviceStorage(): Promise<Result<DeviceStorageStatus, StorageError>> {
  return attempt(async () => {
    const installed = window.matchMedia('(display-mode: standalone)').matches;
    if (!('storage' in navigator) || typeof navigator.storage.persist !== 'function') {
      return { supported: false, persisted: false, usage: 0, quota: 0, installed };
    }
    const persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    return { supported: true, persisted, usage, quota, installed };
  });
}
