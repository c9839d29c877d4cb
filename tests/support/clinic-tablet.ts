import type { Catalogue } from '../../src/domain/instrument-catalogue.ts';
import { createPatient } from '../../src/storage/patient-repository.ts';
import { saveFhirServer } from '../../src/storage/settings-repository.ts';
import { saveClinicPatientCodeSystem } from '../../src/workflows/clinic-settings.ts';
import { testEnvironment } from './environment.ts';
import type { TestFhirServer } from './fhir-server.ts';
import { freshVault } from './vault.ts';

export const TEST_MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';

/**
 * One tablet of the clinic for the FHIR hub tests: its own vault (real Dexie on fake-indexeddb), a patient with
 * `code` and `mrn`, and the connection to `server` with a bearer token and the clinic's MRN system.
 * `codeSystem`: the clinic's shared patient-code system (else the tablet makes its own at the first export);
 * `saveConnection`: the connection also stored in Settings, as screens read it; `now`: the tablet's clock.
 */
export async function clinicTablet(
  server: TestFhirServer,
  options: {
    readonly code: string;
    readonly mrn: string | null;
    readonly catalogue: Catalogue;
    readonly token: string;
    readonly now?: string;
    readonly codeSystem?: string;
    readonly saveConnection?: boolean;
  },
) {
  const vault = await freshVault();
  if (options.codeSystem !== undefined) {
    const system = await saveClinicPatientCodeSystem({ vault }, options.codeSystem);
    if (!system.ok) throw new Error(system.error.code);
  }
  const env = testEnvironment({ fetch, newId: () => crypto.randomUUID() }, options.now ?? '2026-04-01T08:00:00.000Z');
  const settings = { baseUrl: server.baseUrl, auth: { kind: 'bearer' as const, token: options.token }, mrnSystem: TEST_MRN_SYSTEM };
  if (options.saveConnection) await saveFhirServer(vault, settings);
  const created = await createPatient(vault, { code: options.code, displayName: null, birthYear: null, sex: null, mrn: options.mrn }, crypto.randomUUID(), '2026-01-01T08:00:00.000Z');
  if (!created.ok) throw new Error(created.error.code);
  return { vault, env, settings, patient: created.value, ctx: { vault, env, catalogue: options.catalogue } };
}
export type ClinicTablet = Awaited<ReturnType<typeof clinicTablet>>;
