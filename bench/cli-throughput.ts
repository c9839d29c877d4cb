import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Runs `cli score aes-s` on `rows` generated rows in a child process: wall time and the child's peak memory. */
export function cliThroughput(rows: number): { seconds: number; rowsPerSecond: number; peakRssMb: number } {
  const labels = ['Not at all true', 'Slightly true', 'Somewhat true', 'Very true'];
  let seed = 1;
  const next = () => ((seed = (seed * 16807) % 2147483647), seed);
  const lines = [`id,${Array.from({ length: 18 }, (_, i) => `aes_s_${i + 1}`).join(',')}`];
  for (let r = 0; r < rows; r += 1) lines.push(`r${r},${Array.from({ length: 18 }, () => labels[next() % 4]).join(',')}`);
  const file = join(mkdtempSync(join(tmpdir(), 'mp-bench-')), 'aes.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'cli-child.ts'), 'score', 'aes-s', file], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = (performance.now() - start) / 1000;
  if (child.status !== 0) throw new Error(`cli failed: ${child.stderr}`);
  const rss = /maxrss-kb (\d+)/.exec(child.stderr)?.[1];
  return { seconds, rowsPerSecond: rows / seconds, peakRssMb: Number(rss ?? 0) / 1024 };
}
