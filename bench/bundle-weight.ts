import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '..', 'dist');
const gzipKb = (file: string) => gzipSync(readFileSync(join(dist, file))).length / 1024;

/** Gzip size of what dist/index.html loads (scripts, modulepreloads, CSS) and of the lazy chunks. */
export function bundleWeight(): { startJsKb: number; startCssKb: number; lazyKb: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
  const js = refs.filter((r) => r.endsWith('.js'));
  const css = refs.filter((r) => r.endsWith('.css'));
  const lazy = readdirSync(join(dist, 'assets'))
    .map((f) => `assets/${f}`)
    .filter((f) => f.endsWith('.js') && !js.includes(f) && !f.includes('workbox-window'));
  const sum = (files: string[]) => files.reduce((total, f) => total + gzipKb(f), 0);
  return { startJsKb: sum(js), startCssKb: sum(css), lazyKb: sum(lazy) };
}
