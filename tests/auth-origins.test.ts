import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createViteServer } from 'vite';
import { describe, expect, it } from 'vitest';
import { readConnectOrigins } from '../build/connect-origins.ts';

const root = join(import.meta.dirname, '..');

function setVariables(fhir: string | undefined, auth: string | undefined): void {
  if (fhir === undefined) delete process.env['MP_FHIR_ORIGINS'];
  else process.env['MP_FHIR_ORIGINS'] = fhir;
  if (auth === undefined) delete process.env['MP_AUTH_ORIGINS'];
  else process.env['MP_AUTH_ORIGINS'] = auth;
}

/** index.html as the dev server serves it, and the origins the app sees, for the given build variables. */
async function served(variables: { readonly MP_FHIR_ORIGINS?: string; readonly MP_AUTH_ORIGINS?: string }) {
  const before = { fhir: process.env['MP_FHIR_ORIGINS'], auth: process.env['MP_AUTH_ORIGINS'] };
  setVariables(variables.MP_FHIR_ORIGINS, variables.MP_AUTH_ORIGINS);
  try {
    const vite = await createViteServer({ root, configFile: join(root, 'vite.config.ts'), server: { middlewareMode: true, ws: false }, logLevel: 'silent' });
    const html = await vite.transformIndexHtml('/', readFileSync(join(root, 'index.html'), 'utf8'));
    const define = vite.config.define ?? {};
    await vite.close();
    return { connectSrc: /connect-src [^;"]*/.exec(html)?.[0], fhir: JSON.parse(define['__FHIR_ORIGINS__'] as string) as unknown, auth: JSON.parse(define['__AUTH_ORIGINS__'] as string) as unknown };
  } finally {
    setVariables(before.fhir, before.auth);
  }
}

describe('MP_AUTH_ORIGINS: the authorization servers of a sign-in through the EHR in the build-time CSP', () => {
  it('adds them to connect-src after the FHIR origins (once each) and hands them to the app', async () => {
    expect(await served({ MP_FHIR_ORIGINS: 'https://ehr.example.org', MP_AUTH_ORIGINS: 'https://login.example.org  https://ehr.example.org http://127.0.0.1:9000' })).toEqual({
      connectSrc: "connect-src 'self' https://ehr.example.org https://login.example.org http://127.0.0.1:9000",
      fhir: ['https://ehr.example.org'],
      auth: ['https://login.example.org', 'https://ehr.example.org', 'http://127.0.0.1:9000'],
    });
    expect(await served({})).toEqual({ connectSrc: "connect-src 'self'", fhir: [], auth: [] });
  });

  it.each(['https://login.example.org/token', 'http://login.example.org', 'login.example.org', 'https://login.example.org/'])('fails the build for %s (not an https origin)', async (origin) => {
    await expect(served({ MP_AUTH_ORIGINS: origin })).rejects.toThrow(/MP_AUTH_ORIGINS/);
  });

  it.each([
    ['https://a.example.org https://b.example.org:8443', ['https://a.example.org', 'https://b.example.org:8443']],
    ['http://localhost:8080 http://[::1]:9', ['http://localhost:8080', 'http://[::1]:9']],
    ['', []],
  ])('reads "%s" as the same origins as MP_FHIR_ORIGINS would', (raw, origins) => {
    expect(readConnectOrigins('MP_AUTH_ORIGINS', raw)).toEqual(origins);
    expect(readConnectOrigins('MP_FHIR_ORIGINS', raw)).toEqual(origins);
  });
});
