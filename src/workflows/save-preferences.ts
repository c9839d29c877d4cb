import { savePreferences, type Preferences } from '../storage/settings-store.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * Settings → the help text after a safety answer, the inactivity lock; the header → the interface language. Its own
 * file because the start page changes the language: it loads none of the other settings' code (FHIR terms and all).
 */
export const saveClinicPreferences = (ctx: Pick<WorkflowContext, 'vault'>, preferences: Preferences) => savePreferences(ctx.vault.db, preferences);
