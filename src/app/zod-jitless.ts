/*
 * zod 4 compiles object parsers with `new Function` unless told not to, and probes for it when the first object
 * schema is built. The CSP (`script-src 'self'`) forbids eval, so the probe fails and the browser reports a CSP
 * violation (Lighthouse: inspector-issues). main.tsx imports this module first, before any module builds a schema.
 * zod keeps its global config on `globalThis.__zod_globalConfig` (zod/v4/core/core.js, `config()` writes there), so
 * it is set here directly: the start page loads no zod (issue 20's byte budget); the chunks that do find it set.
 */
const host = globalThis as { __zod_globalConfig?: Record<string, unknown> };
host.__zod_globalConfig = { ...host.__zod_globalConfig, jitless: true };
