import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const cliEntry = join(root, 'src', 'cli', 'main.ts');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * Runs the real CLI as a user would, returning exit code, stdout and stderr. Standard input gets `input`, or
 * nothing, and is closed either way, so a command that reads it never waits.
 */
export async function cli(args: string[], input?: string): Promise<CliResult> {
  const child = run(tsx, [cliEntry, ...args], { encoding: 'utf8' });
  child.child.stdin?.end(input ?? '');
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
