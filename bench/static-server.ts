import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { freePort } from '../tests/e2e/harness.ts';

const root = join(import.meta.dirname, '..');

export type Served = { readonly url: string; readonly stop: () => Promise<void> };

/**
 * Serves a built app with `vite preview` (what `npm start` serves) on a free port. `distDir` is relative to the
 * repository unless absolute, so a benchmark can measure a build other than the shared `dist/`.
 */
export async function serveDist(distDir = 'dist'): Promise<Served> {
  const dir = isAbsolute(distDir) ? distDir : join(root, distDir);
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir} has no index.html: build the app first`);
  const port = await freePort();
  const child = spawn(join(root, 'node_modules', '.bin', 'vite'), ['preview', '--outDir', dir, '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  await waitForOutput(child, `:${port}`, 'vite preview');
  return { url: `http://127.0.0.1:${port}/`, stop: () => stopChild(child) };
}

/** Resolves once `text` appears on the child's stdout or stderr (colour codes stripped); rejects if it exits first. */
export function waitForOutput(child: ChildProcess, text: string | RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${seen}`)), 20_000);
    const onData = (chunk: Buffer) => {
      // Strip terminal colour codes: they can split the port number in vite's banner.
      seen += stripVTControlCharacters(chunk.toString('utf8'));
      const found = typeof text === 'string' ? seen.includes(text) : text.test(seen);
      if (found) {
        clearTimeout(timer);
        resolve(seen);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${seen}`));
    });
  });
}

/** Ends a child this benchmark started (by its own handle, never by name) and waits for it to exit. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill();
  });
}
