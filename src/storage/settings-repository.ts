import { z } from 'zod';
import type { Battery } from '../domain/battery.ts';
import { ok, type Result } from '../domain/result.ts';
import type { AppDatabase } from './database.ts';
import { attempt, type StorageError } from './storage-error.ts';

const preferencesSchema = z.object({
  language: z.enum(['en', 'zh-CN']).catch('en'),
  /** The clinic's own text shown to a patient after a safety answer; null uses the default. */
  helpText: z.string().nullable().catch(null),
  /** Minutes without a touch before patient mode blanks to the locked screen. */
  inactivityMinutes: z.number().int().min(1).max(60).catch(5),
});
export type Preferences = z.infer<typeof preferencesSchema>;
export const DEFAULT_PREFERENCES: Preferences = { language: 'en', helpText: null, inactivityMinutes: 5 };

const batteriesSchema = z.array(z.object({ id: z.string(), name: z.string(), instrumentIds: z.array(z.string()) }));

export async function readSetting<T>(db: AppDatabase, key: string, schema: z.ZodType<T>, fallback: T): Promise<Result<T, StorageError>> {
  const found = await attempt(() => db.settings.get(key));
  if (!found.ok) return found;
  if (!found.value) return ok(fallback);
  const parsed = schema.safeParse(found.value.value);
  // A stored value from an older or damaged version falls back to the default rather than breaking the app.
  return ok(parsed.success ? parsed.data : fallback);
}

export async function writeSetting(db: AppDatabase, key: string, value: unknown): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    await db.settings.put({ key, value });
  });
}

export const readPreferences = (db: AppDatabase) => readSetting(db, 'preferences', preferencesSchema, DEFAULT_PREFERENCES);
export const savePreferences = (db: AppDatabase, preferences: Preferences) => writeSetting(db, 'preferences', preferences);

export const readCustomBatteries = (db: AppDatabase) => readSetting<Battery[]>(db, 'batteries', batteriesSchema, []);
export const saveCustomBatteries = (db: AppDatabase, batteries: readonly Battery[]) => writeSetting(db, 'batteries', batteries);
