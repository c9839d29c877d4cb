/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

/** The app's version from package.json, set by vite.config.ts. */
declare const __APP_VERSION__: string;

/**
 * The FHIR server origins this build may connect to (`MP_FHIR_ORIGINS` at build time, also in the CSP
 * `connect-src`; see vite.config.ts). Empty: the build sends nothing to an EHR.
 */
declare const __FHIR_ORIGINS__: readonly string[];

/**
 * The authorization server origins (SMART token endpoints) this build may connect to (`MP_AUTH_ORIGINS` at build
 * time, also in the CSP `connect-src`; see vite.config.ts). Empty: only token endpoints on a FHIR origin work.
 */
declare const __AUTH_ORIGINS__: readonly string[];
