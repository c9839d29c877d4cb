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

const handoverSchema = z.object({ assessmentId: z.string(), startedAt: z.string() });
/** The tablet is in patient mode for this assessment until a clinician unlocks it. Survives reloads. */
export type Handover = z.infer<typeof handoverSchema>;

const batteriesSchema = z.array(z.object({ id: z.string(), name: z.string(), instrumentIds: z.array(z.string()) }));

async function read<T>(db: AppDatabase, key: string, schema: z.ZodType<T>, fallback: T): Promise<Result<T, StorageError>> {
  const found = await attempt(() => db.settings.get(key));
  if (!found.ok) return found;
  if (!found.value) return ok(fallback);
  const parsed = schema.safeParse(found.value.value);
  // A stored value from an older or damaged version falls back to the default rather than breaking the app.
  return ok(parsed.success ? parsed.data : fallback);
}

async function write(db: AppDatabase, key: string, value: unknown): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    await db.settings.put({ key, value });
  });
}

export const readPreferences = (db: AppDatabase) => read(db, 'preferences', preferencesSchema, DEFAULT_PREFERENCES);
export const savePreferences = (db: AppDatabase, preferences: Preferences) => write(db, 'preferences', preferences);

export const readHandover = (db: AppDatabase) => read<Handover | null>(db, 'handover', handoverSchema.nullable(), null);
export const saveHandover = (db: AppDatabase, handover: Handover | null) => write(db, 'handover', handover);

export const readCustomBatteries = (db: AppDatabase) => read<Battery[]>(db, 'batteries', batteriesSchema, []);
export const saveCustomBatteries = (db: AppDatabase, batteries: readonly Battery[]) => write(db, 'batteries', batteries);
