import { err, ok, type Result } from '../domain/result.ts';
import { isIdentifierSystem, PATIENT_CODE_SYSTEM } from '../export/fhir/fhir-terms.ts';
import {
  ensurePatientCodeSystem,
  readPreferences,
  saveFhirServer,
  saveMrnSystem,
  savePatientCodeSystem,
  savePreferences,
  type FhirServerSettings, type Preferences, type ReportIdentifiers } from '../storage/settings-repository.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Settings → the language of reports and notes (undefined: the interface language). Only that preference changes:
 * the others are read as stored (`fallback` where none were saved yet), so no other form's copy overwrites them.
 * Returns the preferences as saved.
 */
export const saveRecordLanguage = (ctx: Pick<WorkflowContext, 'vault'>, recordLanguage: Preferences['recordLanguage'], fallback: Preferences) =>
  updatePreferences(ctx, { recordLanguage }, fallback);

/**
 * Settings → "Identifiers on printed reports": the patient code is always printed; the display name and the MRN
 * only when chosen here. Only that preference changes (as `saveRecordLanguage`). Returns the preferences as saved.
 */
export const saveReportIdentifiers = (ctx: Pick<WorkflowContext, 'vault'>, reportIdentifiers: ReportIdentifiers, fallback: Preferences) =>
  updatePreferences(ctx, { reportIdentifiers }, fallback);

/** Settings → "Reference groups that match our patients" (norm keys `<instrument>/<norm id>`). */
export const saveMatchingNorms = (ctx: Pick<WorkflowContext, 'vault'>, matchingNorms: readonly string[], fallback: Preferences) =>
  updatePreferences(ctx, { matchingNorms: [...matchingNorms] }, fallback);

/**
 * Changes the preferences named in `change` only: the others are read as stored (`fallback` where none were saved
 * yet), so no other form's copy overwrites them. Returns the preferences as saved.
 */
async function updatePreferences(ctx: Pick<WorkflowContext, 'vault'>, change: Partial<Preferences>, fallback: Preferences): Promise<Result<Preferences, StorageError>> {
  const current = await readPreferences(ctx.vault.db, fallback);
  if (!current.ok) return current;
  const next: Preferences = { ...current.value, ...change };
  const saved = await savePreferences(ctx.vault.db, next);
  return saved.ok ? ok(next) : saved;
}

/** Settings → the EHR connection (the bearer token is stored sealed). */
export const saveEhrConnection = (ctx: Pick<WorkflowContext, 'vault'>, settings: FhirServerSettings) => saveFhirServer(ctx.vault, settings);

/** "Test connection": reads the server's CapabilityStatement through the environment's network. */
export async function testEhrConnection(ctx: Pick<WorkflowContext, 'env'>, server: FhirServerSettings) {
  const { readCapabilities } = await import('../export/fhir/push-client.ts');
  return readCapabilities(server, ctx.env.fetch);
}

/** Export → "Remember it": the MRN identifier system, kept for every later export (refused unless a URI or OID). */
export async function rememberMrnSystem(ctx: Pick<WorkflowContext, 'vault'>, system: string): Promise<Result<void, StorageError | { readonly code: 'not-a-system' }>> {
  const trimmed = system.trim();
  if (!isIdentifierSystem(trimmed)) return err({ code: 'not-a-system' });
  return saveMrnSystem(ctx.vault.db, trimmed);
}

/**
 * The clinic's patient-code system for FHIR exports: the one stored, else a new one (`…/patient-code/<random UUID>`)
 * stored now, at the first export or when Settings first shows it.
 */
export const clinicPatientCodeSystem = (ctx: Pick<WorkflowContext, 'vault' | 'env'>) => ensurePatientCodeSystem(ctx.vault.db, `${PATIENT_CODE_SYSTEM}/${ctx.env.newId()}`);

/** Settings → the system another tablet of the clinic uses (refused unless a URI or OID; nothing changes then). */
export async function saveClinicPatientCodeSystem(ctx: Pick<WorkflowContext, 'vault'>, system: string): Promise<Result<void, StorageError | { readonly code: 'not-a-system' }>> {
  const trimmed = system.trim();
  if (!isIdentifierSystem(trimmed)) return err({ code: 'not-a-system' });
  return savePatientCodeSystem(ctx.vault.db, trimmed);
}
