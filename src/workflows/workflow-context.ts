import type { Environment } from '../domain/ids.ts';
import type { Catalogue } from '../domain/instrument-catalogue.ts';
import type { Vault } from '../storage/vault.ts';

/**
 * What every clinic action runs with: the unlocked database (`vault`: database + keys in memory), the outside world
 * (`env`: clock, ids, network) and the checked instruments (`catalogue`). Each action takes only the parts it uses,
 * so set-up and unlock run before the catalogue is loaded.
 */
export type WorkflowContext = { readonly vault: Vault; readonly env: Environment; readonly catalogue: Catalogue };
