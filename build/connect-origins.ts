/**
 * The origins a build may connect to, from a build variable (`MP_FHIR_ORIGINS`, `MP_AUTH_ORIGINS`): space-separated
 * origins (`https://ehr.example.org`; `http://` only for localhost, 127.0.0.1 or [::1]). A meta CSP cannot be
 * widened at run time, so they are written into `connect-src` when the app is built. A malformed origin throws
 * (the build stops) rather than silently producing an app that cannot connect.
 */
export function readConnectOrigins(name: string, raw: string | undefined): string[] {
  const origins = (raw ?? '').split(/\s+/).filter((o) => o !== '');
  for (const origin of origins) {
    const url = URL.canParse(origin) ? new URL(origin) : null;
    const loopback = url !== null && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url?.origin !== origin || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback))) {
      throw new Error(`${name}: "${origin}" is not an https origin (scheme://host[:port], no path or trailing slash)`);
    }
  }
  return origins;
}
