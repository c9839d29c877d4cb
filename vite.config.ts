import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import packageJson from './package.json' with { type: 'json' };
import { readConnectOrigins } from './build/connect-origins.ts';
import { instrumentCataloguePlugin } from './build/instrument-catalogue-plugin.ts';

/**
 * The FHIR servers this build may send exports to (`MP_FHIR_ORIGINS`) and the authorization servers of a sign-in
 * through the EHR (`MP_AUTH_ORIGINS`: SMART token endpoints on another origin than the FHIR server): space-separated
 * origins (`https://ehr.example.org`; `http://` only for localhost or 127.0.0.1). A meta CSP cannot be widened at
 * run time, so the origins are written into `connect-src` when the app is built; the settings refuse any other
 * server. A malformed origin fails the build rather than silently producing an app that cannot connect.
 */
const fhirOrigins = readConnectOrigins('MP_FHIR_ORIGINS', process.env['MP_FHIR_ORIGINS']);
const authOrigins = readConnectOrigins('MP_AUTH_ORIGINS', process.env['MP_AUTH_ORIGINS']);

/** Adds the allowed FHIR and authorization origins to the CSP `connect-src` of index.html (dev server and build alike). */
function fhirConnectSrc(origins: readonly string[]): Plugin {
  return {
    name: 'motivation-profile:fhir-connect-src',
    transformIndexHtml(html) {
      if (origins.length === 0) return html;
      const marker = "connect-src 'self'";
      if (!html.includes(marker)) throw new Error(`index.html has no "${marker}" in its CSP to add MP_FHIR_ORIGINS and MP_AUTH_ORIGINS to`);
      return html.replace(marker, `${marker} ${origins.join(' ')}`);
    },
  };
}

export default defineConfig({
  define: {
    // Stamped into backups and exports so a file says which app wrote it.
    __APP_VERSION__: JSON.stringify(packageJson.version),
    __FHIR_ORIGINS__: JSON.stringify(fhirOrigins),
    __AUTH_ORIGINS__: JSON.stringify(authOrigins),
    // fhirclient's "pure" build: no fetch or AbortController polyfills (every browser the app runs in has both).
    FHIRCLIENT_PURE: 'true',
  },
  plugins: [
    react(),
    fhirConnectSrc([...new Set([...fhirOrigins, ...authOrigins])]),
    // Checks instruments/ at build time and gives the app the result (virtual:instrument-catalogue).
    instrumentCataloguePlugin(),
    VitePWA({
      // A new version waits for the clinician; it never reloads the page on its own (HOUSE-STYLE principle 5).
      registerType: 'prompt',
      // Registered from the app (src/app/update-banner.tsx), which decides when an update may be applied.
      injectRegister: false,
      includeAssets: ['icon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Motivation Profile',
        short_name: 'Motivation',
        description: 'Offline screening of anhedonia and apathy in depression.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#fdfdfb',
        theme_color: '#1f4e79',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,json,woff2}'],
        navigateFallback: '/index.html',
        // The very first visit is controlled at once, so the app works offline without a second load.
        clientsClaim: true,
        // A new version never takes over by itself: it waits until the clinician chooses "Update now".
        skipWaiting: false,
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
  resolve: {
    // Dexie's own ES2018 module build instead of its default (an ES5 UMD bundle behind a wrapper): the same Dexie,
    // about 2 KB smaller gzip on every start path (issue 20). Every import of 'dexie' gets this one copy.
    alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }],
  },
  build: {
    // Every browser the app supports has <link rel="modulepreload"> (Safari 17+, Chromium): no polyfill at start.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Seven hash characters (the fewest the bundler allows for this many chunks) instead of eight: every lazy
        // import on the start page names a file, and its hash is the one part gzip cannot shrink (issue 20's budget).
        chunkFileNames: 'assets/[name]-[hash:7].js',
        // Fewer, larger chunks on the two start paths (issue 20's byte budget): what every path loads at start, the
        // screens before a key is held, and patient mode each in one chunk (one gzip stream compresses better than
        // many small ones). Everything else is split automatically.
        codeSplitting: {
          // A group holds only the modules it names: their dependencies stay where the automatic split puts them.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'core', test: /src[\\/](domain[\\/](result|value-checks)|storage[\\/](vault|records|storage-error|crypto-envelope))\.ts$/ },
            { name: 'gate', test: /src[\\/](app[\\/]gate-screens|screens[\\/](setup|unlock)[\\/][^\\/]+|workflows[\\/]clinic-access|storage[\\/](clinic-lock|clinician-access|clinician-directory)|ui[\\/]components[\\/](field|use-form-submit|recovery-code-notice))\.tsx?$/ },
            {
              name: 'patient-mode',
              test: /src[\\/](screens[\\/]administration[\\/](patient-mode-screen|use-patient-session|safety-message|storage-full-notice|use-leave-warning)|workflows[\\/](patient-answers|write-queue)|ui[\\/]instrument-form[\\/](questionnaire-runner|item-view)|ui[\\/]components[\\/]focus-heading|domain[\\/](patient-session|instrument-lookup|help-text|effort-task[\\/]task-size|assessment-progress)|storage[\\/](patient-inbox|pack-repository)|screens[\\/]use-loaded|app[\\/](patient-catalogue|patient-mode-parts))\.tsx?$/,
            },
          ],
        },
      },
    },
  },
  preview: { host: '127.0.0.1', strictPort: true },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['src/**/*.test.ts', 'tests/*.test.ts'], setupFiles: ['tests/load-all-messages.ts'] },
      },
      {
        extends: true,
        test: { name: 'component', environment: 'happy-dom', include: ['src/**/*.test.tsx'], setupFiles: ['tests/load-all-messages.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          // Finds (or unpacks) the browser once and says which one runs.
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
