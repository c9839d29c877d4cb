import { describe, expect, it } from 'vitest';
import { freshVault } from '../../tests/support/vault.ts';
import { readFhirServer, readSmartClient, saveFhirServer, type FhirServerSettings } from './settings-repository.ts';
import { NO_KEYS } from './vault.ts';

const BASE = 'https://ehr.example.org/fhir/R4';
const session = { accessToken: 'access-abc-123', refreshToken: 'refresh-def-456', scope: 'openid fhirUser user/Patient.crus', fhirUser: 'Practitioner/123' };
const signedIn: FhirServerSettings = {
  baseUrl: BASE,
  mrnSystem: 'http://hospital.example/mrn',
  auth: { kind: 'smart', clientId: 'mp-clinic-7', tokenEndpoint: 'https://auth.example.org/token', sign: { state: 'signed-in', session } },
};

describe('a SMART sign-in in the EHR connection settings', () => {
  it('keeps the tokens sealed and gives them back, fhirUser included, only with the clinician keys', async () => {
    const vault = await freshVault();
    expect((await saveFhirServer(vault, signedIn)).ok).toBe(true);
    expect(await readFhirServer(vault)).toEqual({ ok: true, value: signedIn });
    const rows = JSON.stringify(await vault.db.settings.toArray());
    for (const secret of [session.accessToken, session.refreshToken, 'Practitioner/123']) expect(rows).not.toContain(secret);
    expect(await readFhirServer({ db: vault.db, keys: NO_KEYS })).toMatchObject({ ok: false, error: { code: 'locked' } });
  });

  it('reads the client id and address before unlock (an EHR launch needs them), and nothing for other sign-ins', async () => {
    const vault = await freshVault();
    await saveFhirServer(vault, signedIn);
    expect(await readSmartClient(vault.db)).toEqual({ ok: true, value: { baseUrl: BASE, clientId: 'mp-clinic-7' } });
    await saveFhirServer(vault, { ...signedIn, auth: { kind: 'bearer', token: 'pasted' } });
    expect(await readSmartClient(vault.db)).toEqual({ ok: true, value: null });
  });

  it.each(['signed-out', 'ended'] as const)('keeps no token once %s, and reads that state without keys', async (state) => {
    const vault = await freshVault();
    await saveFhirServer(vault, signedIn);
    const after: FhirServerSettings = { ...signedIn, auth: { kind: 'smart', clientId: 'mp-clinic-7', tokenEndpoint: 'https://auth.example.org/token', sign: { state } } };
    expect((await saveFhirServer(vault, after)).ok).toBe(true);
    const rows = JSON.stringify(await vault.db.settings.toArray());
    expect(rows).not.toContain('sealedSession');
    expect(await readFhirServer({ db: vault.db, keys: NO_KEYS })).toEqual({ ok: true, value: after });
  });

  it('reads a damaged SMART row as no settings rather than failing, and a session sealed elsewhere as undecryptable', async () => {
    const vault = await freshVault();
    await vault.db.settings.put({ key: 'fhir-server', value: { baseUrl: BASE, mrnSystem: '', auth: { kind: 'smart', clientId: 7 } } });
    expect(await readFhirServer(vault)).toEqual({ ok: true, value: null });
    const other = await freshVault();
    await saveFhirServer(other, signedIn);
    await vault.db.settings.put((await other.db.settings.get('fhir-server'))!);
    expect(await readFhirServer(vault)).toMatchObject({ ok: false, error: { code: 'undecryptable' } });
  });
});
