import type { Battery } from '../domain/battery.ts';
import type { FhirServer, SmartSession } from '../domain/ehr-push.ts';
import { ok, type Result } from '../domain/result.ts';
import { isRecord, isString, isStringArray } from '../domain/value-checks.ts';
import { fromBase64, sealJson, toBase64 } from './crypto-envelope.ts';
import type { AppDatabase } from './database.ts';
import { sealLabel } from './records.ts';
import { attempt, type StorageError } from './storage-error.ts';
import { openValue, requireWorkingKeys, UndecryptableError, type Vault } from './vault.ts';

export {
  DEFAULT_PREFERENCES,
  readPreferences,
  readSetting,
  recordLanguageOf,
  reportIdentifiersOf,
  savePreferences,
  writeSetting,
  type Preferences,
  type ReportIdentifiers,
} from './settings-store.ts';
import { readSetting, writeSetting } from './settings-store.ts';

const readBatteries = (value: unknown): Battery[] | undefined =>
  Array.isArray(value) && value.every((b) => isRecord(b) && isString(b.id) && isString(b.name) && isStringArray(b.instrumentIds))
    ? value.map((b: { id: string; name: string; instrumentIds: string[] }) => ({ id: b.id, name: b.name, instrumentIds: [...b.instrumentIds] }))
    : undefined;

/** The settings row that holds the clinic's saved batteries. */
export const BATTERIES_KEY = 'batteries';
export const readCustomBatteries = (db: AppDatabase) => readSetting<Battery[]>(db, BATTERIES_KEY, readBatteries, []);
export const saveCustomBatteries = (db: AppDatabase, batteries: readonly Battery[]) => writeSetting(db, BATTERIES_KEY, batteries);

/**
 * The clinic's FHIR server (EHR connection): its base URL, how to authenticate, and the identifier system of the
 * hospital's medical record numbers. The address and the MRN system are not personal and stay readable; a bearer
 * token is a credential, so it is stored only sealed with the record key (`settings/fhir-server/token`): reading
 * the settings of a server with a token needs the clinician's keys (`locked` otherwise). A SMART sign-in keeps its
 * client id, token endpoint and state in the clear (none is a secret: an EHR launch reads them before unlock) and
 * its session (access and refresh tokens, `fhirUser`) sealed (`settings/fhir-server/smart`).
 */
export type FhirServerSettings = FhirServer & { readonly mrnSystem: string };

const FHIR_SERVER_KEY = 'fhir-server';
const TOKEN_LABEL = sealLabel.setting(`${FHIR_SERVER_KEY}/token`);
const SMART_LABEL = sealLabel.setting(`${FHIR_SERVER_KEY}/smart`);
type StoredSmart = {
  readonly kind: 'smart';
  readonly clientId: string;
  readonly tokenEndpoint: string | null;
  readonly state: 'signed-in' | 'signed-out' | 'ended';
  /** Only when `signed-in`: the sealed `SmartSession`. */
  readonly sealedSession?: string;
};
type StoredFhirServer = {
  readonly baseUrl: string;
  readonly mrnSystem: string;
  readonly auth: { readonly kind: 'none' } | { readonly kind: 'bearer'; readonly sealedToken: string } | StoredSmart;
};

function readStoredSmart(auth: Record<string, unknown>): StoredSmart | undefined {
  const { clientId, tokenEndpoint, state, sealedSession } = auth;
  if (!isString(clientId) || !(tokenEndpoint === null || isString(tokenEndpoint))) return undefined;
  if (state === 'signed-in' && isString(sealedSession)) return { kind: 'smart', clientId, tokenEndpoint, state, sealedSession };
  // A signed-in row without its session reads as signed out: signing in again is safe.
  if (state === 'signed-out' || state === 'ended' || state === 'signed-in') return { kind: 'smart', clientId, tokenEndpoint, state: state === 'ended' ? 'ended' : 'signed-out' };
  return undefined;
}

function readStoredFhirServer(value: unknown): StoredFhirServer | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || !isString(value.baseUrl) || !isString(value.mrnSystem) || !isRecord(value.auth)) return undefined;
  const { auth } = value;
  if (auth.kind === 'none') return { baseUrl: value.baseUrl, mrnSystem: value.mrnSystem, auth: { kind: 'none' } };
  if (auth.kind === 'bearer' && isString(auth.sealedToken)) return { baseUrl: value.baseUrl, mrnSystem: value.mrnSystem, auth: { kind: 'bearer', sealedToken: auth.sealedToken } };
  const smart = auth.kind === 'smart' ? readStoredSmart(auth) : undefined;
  return smart ? { baseUrl: value.baseUrl, mrnSystem: value.mrnSystem, auth: smart } : undefined;
}

/** A sealed session as stored: every field checked (a damaged one reads as `UndecryptableError`). */
function readSmartSession(value: unknown): SmartSession {
  if (!isRecord(value) || !isString(value.accessToken) || !(value.refreshToken === null || isString(value.refreshToken)) || !isString(value.scope)) {
    throw new UndecryptableError('the stored SMART session is not one');
  }
  const fhirUser = isString(value.fhirUser) ? { fhirUser: value.fhirUser } : {};
  return { accessToken: value.accessToken, refreshToken: value.refreshToken, scope: value.scope, ...fhirUser };
}

/** The FHIR server settings with the token (or SMART session) opened, or null when none were saved. */
export async function readFhirServer(vault: Vault): Promise<Result<FhirServerSettings | null, StorageError>> {
  const stored = await readSetting<StoredFhirServer | null>(vault.db, FHIR_SERVER_KEY, readStoredFhirServer, null);
  if (!stored.ok || stored.value === null) return stored.ok ? ok(null) : stored;
  const { baseUrl, mrnSystem, auth } = stored.value;
  if (auth.kind === 'none') return ok({ baseUrl, mrnSystem, auth });
  if (auth.kind === 'smart') {
    const { clientId, tokenEndpoint, state, sealedSession } = auth;
    if (state !== 'signed-in' || sealedSession === undefined) return ok({ baseUrl, mrnSystem, auth: { kind: 'smart', clientId, tokenEndpoint, sign: { state: state === 'ended' ? 'ended' : 'signed-out' } } });
    return attempt(async () => {
      const sealed = fromBase64(sealedSession);
      if (!sealed) throw new UndecryptableError('the stored SMART session is not base64');
      const session = readSmartSession(await openValue<unknown>(vault.keys, 'data', sealed, SMART_LABEL));
      return { baseUrl, mrnSystem, auth: { kind: 'smart' as const, clientId, tokenEndpoint, sign: { state: 'signed-in' as const, session } } };
    });
  }
  return attempt(async () => {
    const sealed = fromBase64(auth.sealedToken);
    if (!sealed) throw new UndecryptableError('the stored FHIR token is not base64');
    return { baseUrl, mrnSystem, auth: { kind: 'bearer' as const, token: await openValue<string>(vault.keys, 'data', sealed, TOKEN_LABEL) } };
  });
}

/**
 * The clear part of a SMART connection (base URL, client id), readable before unlock: an EHR launch needs it to
 * send the browser to the EHR's sign-in before any clinician has typed a passphrase. Null when the connection is
 * not a SMART one.
 */
export async function readSmartClient(db: AppDatabase): Promise<Result<{ readonly baseUrl: string; readonly clientId: string } | null, StorageError>> {
  const stored = await readSetting<StoredFhirServer | null>(db, FHIR_SERVER_KEY, readStoredFhirServer, null);
  if (!stored.ok) return stored;
  const value = stored.value;
  return ok(value?.auth.kind === 'smart' ? { baseUrl: value.baseUrl, clientId: value.auth.clientId } : null);
}

/** Saves the FHIR server settings, sealing a bearer token or a SMART session with the record key (clinician keys needed). */
export async function saveFhirServer(vault: Vault, settings: FhirServerSettings): Promise<Result<void, StorageError>> {
  const stored = await attempt(async (): Promise<StoredFhirServer> => {
    const { baseUrl, mrnSystem, auth } = settings;
    if (auth.kind === 'none') return { baseUrl, mrnSystem, auth };
    if (auth.kind === 'smart') {
      const { clientId, tokenEndpoint, sign } = auth;
      if (sign.state !== 'signed-in') return { baseUrl, mrnSystem, auth: { kind: 'smart', clientId, tokenEndpoint, state: sign.state } };
      const sealedSession = toBase64(await sealJson(requireWorkingKeys(vault.keys).data, sign.session, SMART_LABEL));
      return { baseUrl, mrnSystem, auth: { kind: 'smart', clientId, tokenEndpoint, state: 'signed-in', sealedSession } };
    }
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
export const readMrnSystem = (db: AppDatabase) => readSetting<string | null>(db, MRN_SYSTEM_KEY, (v) => (v === null || (isString(v) && v !== '') ? v : undefined), null);
export const saveMrnSystem = (db: AppDatabase, system: string) => writeSetting(db, MRN_SYSTEM_KEY, system);

/**
 * The clinic's own identifier system for patient codes (pseudonyms) on FHIR Patients: made at the first export, the
 * same on every tablet of the clinic (copied in Settings or brought by its backup), so that one clinic's `P-001` is
 * never another clinic's on a shared server. Not personal.
 */
export const PATIENT_CODE_SYSTEM_KEY = 'patient-code-system';
export const readPatientCodeSystem = (db: AppDatabase) => readSetting<string | null>(db, PATIENT_CODE_SYSTEM_KEY, (v) => (v === null || (isString(v) && v !== '') ? v : undefined), null);
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
