import * as z from 'zod/mini';
import type { Battery } from '../domain/battery.ts';
import type { FhirServer } from '../domain/ehr-push.ts';
import { ok, type Result } from '../domain/result.ts';
import { fromBase64, sealJson, toBase64 } from './crypto-envelope.ts';
import type { AppDatabase } from './database.ts';
import { sealLabel } from './records.ts';
import { attempt, type StorageError } from './storage-error.ts';
import { openValue, requireWorkingKeys, UndecryptableError, type Vault } from './vault.ts';

const preferencesSchema = z.object({
  language: z.catch(z.enum(['en', 'zh-CN']), 'en'),
  /**
   * The clinic's own text shown to a patient after a safety answer, per language (whom to call, where to go); a
   * language without one shows the other's (Settings says so), and with none at all the app's default text.
   */
  helpTexts: z.catch(z.object({ en: z.optional(z.string()), 'zh-CN': z.optional(z.string()) }), {}),
  /** Minutes without a touch before patient mode blanks to the locked screen. */
  inactivityMinutes: z.catch(z.int().check(z.minimum(1), z.maximum(60)), 5),
  /**
   * The language of printed reports and note texts, whatever language a patient answered in; absent (also in
   * preferences saved before it existed, or a language this build does not speak): the interface language.
   */
  recordLanguage: z.catch(z.optional(z.enum(['en', 'zh-CN'])), undefined),
  /**
   * The reference groups (norms, `<instrument>/<norm id>`) the clinic has chosen as matching its patients: only
   * those give a z beside a score; the others are folded away as another population's. Absent: none chosen.
   */
  matchingNorms: z.catch(z.optional(z.array(z.string())), undefined),
  /**
   * Which identifiers the printed report shows besides the patient code (always printed): the display name and the
   * MRN each only when the clinic chooses it; absent (also in preferences saved before it existed): code only.
   */
  reportIdentifiers: z.catch(z.optional(z.object({ displayName: z.boolean(), mrn: z.boolean() })), undefined),
});
export type Preferences = z.infer<typeof preferencesSchema>;
export const DEFAULT_PREFERENCES: Preferences = { language: 'en', helpTexts: {}, inactivityMinutes: 5 };

/** Before help texts were per language (one `helpText`): it was written in the clinic's language of the time. */
function upgradeHelpText(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('helpText' in value) || 'helpTexts' in value) return value;
  const { helpText, ...rest } = value as Record<string, unknown>;
  const language = rest.language === 'zh-CN' ? 'zh-CN' : 'en';
  return { ...rest, helpTexts: typeof helpText === 'string' && helpText.trim() !== '' ? { [language]: helpText } : {} };
}

const batteriesSchema = z.array(z.object({ id: z.string(), name: z.string(), instrumentIds: z.array(z.string()) }));

export async function readSetting<T>(
  db: AppDatabase,
  key: string,
  schema: z.ZodMiniType<T>,
  fallback: T,
  upgrade: (stored: unknown) => unknown = (stored) => stored,
): Promise<Result<T, StorageError>> {
  const found = await attempt(() => db.settings.get(key));
  if (!found.ok) return found;
  if (!found.value) return ok(fallback);
  const parsed = schema.safeParse(upgrade(found.value.value));
  // A stored value from an older or damaged version falls back to the default rather than breaking the app.
  return ok(parsed.success ? parsed.data : fallback);
}

export async function writeSetting(db: AppDatabase, key: string, value: unknown): Promise<Result<void, StorageError>> {
  return attempt(async () => {
    await db.settings.put({ key, value });
  });
}

/** The clinic's preferences; `fallback` while none were saved (a new tablet: the browser's language). */
export const readPreferences = (db: AppDatabase, fallback: Preferences = DEFAULT_PREFERENCES) =>
  readSetting(db, 'preferences', preferencesSchema, fallback, upgradeHelpText);
export const savePreferences = (db: AppDatabase, preferences: Preferences) => writeSetting(db, 'preferences', preferences);

/** The language reports and notes are written in: the clinic's choice, else the interface language. */
/** The identifiers printed on reports besides the code (default: none, code only). */
export const reportIdentifiersOf = (preferences: Preferences): ReportIdentifiers => preferences.reportIdentifiers ?? { displayName: false, mrn: false };
export type ReportIdentifiers = NonNullable<Preferences['reportIdentifiers']>;
export const recordLanguageOf = (preferences: Preferences): Preferences['language'] => preferences.recordLanguage ?? preferences.language;

/** The settings row that holds the clinic's saved batteries. */
export const BATTERIES_KEY = 'batteries';
export const readCustomBatteries = (db: AppDatabase) => readSetting<Battery[]>(db, BATTERIES_KEY, batteriesSchema, []);
export const saveCustomBatteries = (db: AppDatabase, batteries: readonly Battery[]) => writeSetting(db, BATTERIES_KEY, batteries);

/**
 * The clinic's FHIR server (EHR connection): its base URL, how to authenticate, and the identifier system of the
 * hospital's medical record numbers. The address and the MRN system are not personal and stay readable; a bearer
 * token is a credential, so it is stored only sealed with the record key (`settings/fhir-server/token`): reading
 * the settings of a server with a token needs the clinician's keys (`locked` otherwise).
 */
export type FhirServerSettings = FhirServer & { readonly mrnSystem: string };

const FHIR_SERVER_KEY = 'fhir-server';
const TOKEN_LABEL = sealLabel.setting(`${FHIR_SERVER_KEY}/token`);
const storedFhirServerSchema = z.object({
  baseUrl: z.string(),
  mrnSystem: z.string(),
  auth: z.discriminatedUnion('kind', [z.object({ kind: z.literal('none') }), z.object({ kind: z.literal('bearer'), sealedToken: z.string() })]),
});
type StoredFhirServer = z.infer<typeof storedFhirServerSchema>;

/** The FHIR server settings with the token opened, or null when none were saved. */
export async function readFhirServer(vault: Vault): Promise<Result<FhirServerSettings | null, StorageError>> {
  const stored = await readSetting<StoredFhirServer | null>(vault.db, FHIR_SERVER_KEY, z.nullable(storedFhirServerSchema), null);
  if (!stored.ok || stored.value === null) return stored.ok ? ok(null) : stored;
  const { baseUrl, mrnSystem, auth } = stored.value;
  if (auth.kind === 'none') return ok({ baseUrl, mrnSystem, auth });
  return attempt(async () => {
    const sealed = fromBase64(auth.sealedToken);
    if (!sealed) throw new UndecryptableError('the stored FHIR token is not base64');
    return { baseUrl, mrnSystem, auth: { kind: 'bearer' as const, token: await openValue<string>(vault.keys, 'data', sealed, TOKEN_LABEL) } };
  });
}

/** Saves the FHIR server settings, sealing a bearer token with the record key (clinician keys needed). */
export async function saveFhirServer(vault: Vault, settings: FhirServerSettings): Promise<Result<void, StorageError>> {
  const stored = await attempt(async (): Promise<StoredFhirServer> => {
    const { baseUrl, mrnSystem, auth } = settings;
    if (auth.kind === 'none') return { baseUrl, mrnSystem, auth };
    const sealed = await sealJson(requireWorkingKeys(vault.keys).data, auth.token, TOKEN_LABEL);
    return { baseUrl, mrnSystem, auth: { kind: 'bearer', sealedToken: toBase64(sealed) } };
  });
  return stored.ok ? writeSetting(vault.db, FHIR_SERVER_KEY, stored.value) : stored;
}

/**
 * The identifier system of the clinic's medical record numbers (a URI or `urn:oid:`), remembered the first time a
 * clinician exports with an MRN, so nobody is asked again; not personal. The EHR connection's own (above) wins.
 */
const MRN_SYSTEM_KEY = 'mrn-system';
export const readMrnSystem = (db: AppDatabase) => readSetting<string | null>(db, MRN_SYSTEM_KEY, z.nullable(z.string().check(z.minLength(1))), null);
export const saveMrnSystem = (db: AppDatabase, system: string) => writeSetting(db, MRN_SYSTEM_KEY, system);

/**
 * The clinic's own identifier system for patient codes (pseudonyms) on FHIR Patients: made at the first export, the
 * same on every tablet of the clinic (copied in Settings or brought by its backup), so that one clinic's `P-001` is
 * never another clinic's on a shared server. Not personal.
 */
export const PATIENT_CODE_SYSTEM_KEY = 'patient-code-system';
export const readPatientCodeSystem = (db: AppDatabase) => readSetting<string | null>(db, PATIENT_CODE_SYSTEM_KEY, z.nullable(z.string().check(z.minLength(1))), null);
export const savePatientCodeSystem = (db: AppDatabase, system: string) => writeSetting(db, PATIENT_CODE_SYSTEM_KEY, system);

/** The clinic's patient-code system, storing `candidate` first when none is set (in one transaction: two exports agree). */
export async function ensurePatientCodeSystem(db: AppDatabase, candidate: string): Promise<Result<string, StorageError>> {
  return attempt(() =>
    db.transaction('rw', db.settings, async () => {
      const found = await db.settings.get(PATIENT_CODE_SYSTEM_KEY);
      if (typeof found?.value === 'string' && found.value !== '') return found.value;
      await db.settings.put({ key: PATIENT_CODE_SYSTEM_KEY, value: candidate });
      return candidate;
    }),
  );
}
