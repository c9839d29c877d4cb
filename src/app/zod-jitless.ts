import { config } from 'zod/v4/core';

/*
 * zod 4 compiles object parsers with `new Function` unless told not to, and probes for it when the first object
 * schema is built. The CSP (`script-src 'self'`) forbids eval, so the probe fails and the browser reports a CSP
 * violation (Lighthouse: inspector-issues). main.tsx imports this module first, before any module builds a schema.
 */
config({ jitless: true });
