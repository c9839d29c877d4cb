import type { Environment } from '../domain/ids.ts';
import { readDeviceInfo } from '../ui/effort-task/read-device-info.ts';

/** The one place the app reads the clock, ids, randomness, the network and build facts (see `Environment`). */
export const browserEnvironment: Environment = {
  now: () => new Date().toISOString(),
  nowMs: () => Date.now(),
  newId: () => crypto.randomUUID(),
  newSeed: () => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0,
  fetch: (input, init) => window.fetch(input, init),
  appVersion: __APP_VERSION__,
  fhirOrigins: __FHIR_ORIGINS__,
  authOrigins: __AUTH_ORIGINS__,
  device: () => readDeviceInfo(navigator.userAgent),
};
