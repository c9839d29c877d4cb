import { createContext, useContext, type ReactNode } from 'react';
import type { Environment } from '../domain/ids.ts';
import type { Catalogue } from '../domain/instrument-catalogue.ts';
import type { Vault } from '../storage/vault.ts';
import type { WorkflowContext } from '../workflows/workflow-context.ts';

/**
 * The app's services for every screen (like `useTranslate()` for words): the vault (database + keys in memory),
 * the environment, and, once loaded, the instrument catalogue with a way to load it again after the tablet's
 * translation packs changed. Props carry only route parameters and callbacks.
 */
type Services = {
  readonly vault: Vault;
  readonly env: Environment;
  readonly catalogue: Catalogue | null;
  /** Reloads the catalogue with the stored translation packs (after an import, a removal or a restore). */
  readonly refreshCatalogue?: () => Promise<void>;
};

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ vault, env, catalogue, refreshCatalogue, children }: Services & { readonly children: ReactNode }) {
  return <ServicesContext.Provider value={{ vault, env, catalogue, refreshCatalogue }}>{children}</ServicesContext.Provider>;
}

/** Vault and environment: for the start page (set-up, unlock), which runs before the catalogue loads. */
export function useBaseServices(): Pick<WorkflowContext, 'vault' | 'env'> {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useBaseServices() outside <ServicesProvider>');
  return services;
}

/** Vault, environment and catalogue: what every clinic action runs with (`WorkflowContext`). */
export function useServices(): WorkflowContext {
  const services = useContext(ServicesContext);
  if (!services?.catalogue) throw new Error('useServices() outside a <ServicesProvider> with the catalogue');
  return { vault: services.vault, env: services.env, catalogue: services.catalogue };
}

/**
 * Loads the catalogue again with the tablet's stored translation packs, so every screen sees an import or removal
 * at once, without a reload. Resolves when the new catalogue is in the services (a no-op where none is provided).
 */
export function useRefreshCatalogue(): () => Promise<void> {
  const services = useContext(ServicesContext);
  return services?.refreshCatalogue ?? noRefresh;
}

const noRefresh = () => Promise.resolve();
