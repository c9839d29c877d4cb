import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { readInstrument } from '../../src/cli/instrument-folder.ts';
import { toFloorHtml } from './floor-page.ts';
import { toShownInstrument } from './shaps-items.ts';
import { toSurveyJson } from './surveyjs-json.ts';

export type ComparisonBuilds = {
  /** The SurveyJS build (index.html + assets), in a temp folder. */
  readonly surveyDir: string;
  /** The static floor page (index.html only), in a temp folder. */
  readonly floorDir: string;
  readonly root: string;
};

/**
 * Builds the two comparison pages from instruments/shaps into a fresh temp folder: SurveyJS bundled by Vite in
 * production mode (as a team would ship it) and the static floor. Nothing is written inside the repository.
 */
export async function buildComparison(): Promise<ComparisonBuilds> {
  const read = readInstrument('shaps');
  if (!read.ok) throw new Error(`instruments/shaps: ${read.error.join('; ')}`);
  const shown = toShownInstrument(read.value, 'en');
  const root = await mkdtemp(join(tmpdir(), 'bench-side-by-side-'));
  const surveyDir = join(root, 'surveyjs');
  const floorDir = join(root, 'floor');
  await build({
    configFile: false,
    root: join(import.meta.dirname, 'surveyjs'),
    base: './',
    logLevel: 'error',
    mode: 'production',
    plugins: [react()],
    define: { __SHAPS_SURVEY__: JSON.stringify(toSurveyJson(shown)) },
    build: { outDir: surveyDir, emptyOutDir: true },
  });
  await mkdir(floorDir, { recursive: true });
  await writeFile(join(floorDir, 'index.html'), toFloorHtml(shown));
  return { surveyDir, floorDir, root };
}
