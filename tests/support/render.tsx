import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { Environment } from '../../src/domain/ids.ts';
import type { Catalogue } from '../../src/domain/instrument-catalogue.ts';
import { ServicesProvider } from '../../src/screens/services-context.tsx';
import { NO_KEYS, type Vault } from '../../src/storage/vault.ts';
import { testEnvironment } from './environment.ts';
import { freshDb } from './vault.ts';

export type TestServices = { readonly vault?: Vault; readonly env?: Environment; readonly catalogue?: Catalogue };

/**
 * Renders a screen with the app's services, as the app does (`ServicesProvider`); `rerender` keeps them. Without a
 * vault, a real empty database with no keys (for screens that never touch storage).
 */
export function renderWithServices(ui: ReactElement, services: TestServices = {}) {
  const vault = services.vault ?? { db: freshDb(), keys: NO_KEYS };
  const env = services.env ?? testEnvironment();
  const catalogue = services.catalogue ?? { instruments: [], broken: [] };
  const wrap = (node: ReactElement) => (
    <ServicesProvider vault={vault} env={env} catalogue={catalogue}>
      {node}
    </ServicesProvider>
  );
  const view = render(wrap(ui));
  return { ...view, rerender: (next: ReactElement) => view.rerender(wrap(next)) };
}
