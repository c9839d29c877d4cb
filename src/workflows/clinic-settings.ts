import { saveFhirServer, savePreferences, type FhirServerSettings, type Preferences } from '../storage/settings-repository.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** Settings → the help text after a safety answer, the inactivity lock, the language. */
export const saveClinicPreferences = (ctx: Pick<WorkflowContext, 'vault'>, preferences: Preferences) => savePreferences(ctx.vault.db, preferences);

/** Settings → the EHR connection (the bearer token is stored sealed). */
export const saveEhrConnection = (ctx: Pick<WorkflowContext, 'vault'>, settings: FhirServerSettings) => saveFhirServer(ctx.vault, settings);

/** "Test connection": reads the server's CapabilityStatement through the environment's network. */
export async function testEhrConnection(ctx: Pick<WorkflowContext, 'env'>, server: FhirServerSettings) {
  const { readCapabilities } = await import('../export/fhir/push-client.ts');
  return readCapabilities(server, ctx.env.fetch);
}
