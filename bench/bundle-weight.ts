import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');

/**
 * The chunks a handed-over tablet loads, beyond the start page, when patient mode resumes after a reload: the
 * patient-mode screen and the instrument catalogue (src/app/app.tsx loads both lazily). Matched by chunk name among
 * the start page's dynamic imports; a module that is not split off is already counted in the start page.
 */
const PATIENT_MODE_CHUNKS = [/^assets\/patient-mode-screen-[\w-]+\.js$/, /^assets\/instrument-catalogue-[\w-]+\.js$/];

export type BundleWeight = {
  /** What index.html loads: its scripts and modulepreloads, with every chunk they import statically. */
  readonly startJsKb: number;
  readonly startCssKb: number;
  /** The start page plus the patient-mode screen and the instrument catalogue, with their static imports. */
  readonly patientModeJsKb: number;
  /** Every other chunk (later screens, charts, research export): loaded on demand. */
  readonly lazyKb: number;
};

/** Gzip sizes of the built app in `distDir` (relative to the repository unless absolute), by what loads when. */
export function bundleWeight(distDir = 'dist'): BundleWeight {
  const dist = isAbsolute(distDir) ? distDir : join(root, distDir);
  const read = (file: string) => readFileSync(join(dist, file));
  const gzipKb = (file: string) => gzipSync(read(file)).length / 1024;
  const sum = (files: Iterable<string>) => [...files].reduce((total, f) => total + gzipKb(f), 0);

  const html = read('index.html').toString('utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
  const start = withStaticImports(refs.filter((r) => r.endsWith('.js')), read);
  const resumed = [...start].flatMap((file) => dynamicImports(file, read)).filter((f) => PATIENT_MODE_CHUNKS.some((p) => p.test(f)));
  const patientMode = withStaticImports([...start, ...resumed], read);
  const lazy = readdirSync(join(dist, 'assets'))
    .map((f) => `assets/${f}`)
    .filter((f) => f.endsWith('.js') && !patientMode.has(f) && !f.includes('workbox-window'));
  return {
    startJsKb: sum(start),
    startCssKb: sum(refs.filter((r) => r.endsWith('.css'))),
    patientModeJsKb: sum(patientMode),
    lazyKb: sum(lazy),
  };
}

/** `files` and every chunk they import statically, transitively (a browser fetches those before running them). */
function withStaticImports(files: readonly string[], read: (file: string) => Buffer): Set<string> {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    found.add(file);
    const code = read(file).toString('utf8');
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) visit(sibling(file, m[1] ?? ''));
  };
  for (const file of files) visit(file);
  return found;
}

/** The chunks `file` imports with `import()`. */
function dynamicImports(file: string, read: (file: string) => Buffer): string[] {
  const code = read(file).toString('utf8');
  return [...code.matchAll(/\bimport\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)].map((m) => sibling(file, m[1] ?? ''));
}

const sibling = (file: string, name: string) => `${file.slice(0, file.lastIndexOf('/') + 1)}${name}`;
