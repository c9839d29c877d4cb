/**
 * `npx tsx bench/research-csv.ts`: the research CSV figures alone (issue 20), beside the 2 s budget at 10 000
 * assessments: seeds 1 000 and 10 000 completed assessments (BENCH_SCALE to choose; BENCH_100K=1 adds 100 000,
 * about a minute to seed), then times the app's export workflow and prints the bytes stored per assessment.
 * A benchmark, never a test. `npm run bench` prints the same rows among the others.
 */
import { pathToFileURL } from 'node:url';
import { listInstrumentFolders, readInstrument } from '../src/cli/instrument-folder.ts';
import type { Instrument } from '../src/domain/instrument-catalogue.ts';
import { researchCsvFigures } from './research-export.ts';
import { storageScale, type ScaleExtra } from './storage-scale.ts';

/** BENCH_SCALE (comma-separated, default 1000,10000), plus 100 000 with BENCH_100K=1. */
export function scaleSizesFromEnv(): number[] {
  const sizes = process.env.BENCH_SCALE ? process.env.BENCH_SCALE.split(',').map((s) => Number(s.trim())) : [1000, 10_000];
  return process.env.BENCH_100K === '1' && !sizes.includes(100_000) ? [...sizes, 100_000] : sizes;
}

/** The research CSV as a storage-scale extra step: median of 3 runs (1 at 100 000 and more). */
export function researchCsvExtra(instruments: readonly Instrument[]): ScaleExtra {
  return async (vault, size) => {
    const f = await researchCsvFigures(vault, instruments, size.assessments >= 100_000 ? 1 : 3);
    if (f.assessments !== size.assessments) throw new Error(`the export held ${f.assessments} of ${size.assessments} assessments`);
    return { ms: f.ms, repeats: f.repeats, cpuMs: f.cpuMs, megabytes: f.megabytes, heapPeakMb: f.heapPeakMb };
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const instruments = listInstrumentFolders().flatMap((id) => {
    const read = readInstrument(id);
    return read.ok ? [read.value] : [];
  });
  console.log(`Research CSV — node ${process.version}, ${process.platform}/${process.arch}; budget ≤ 2 s at 10 000 assessments`);
  for (const s of await storageScale(scaleSizesFromEnv(), { repeats: 1, extra: researchCsvExtra(instruments) })) {
    const e = s.extra;
    console.log(
      `${s.assessments.toLocaleString('en').padStart(7)} assessments: ${((e['ms'] ?? Number.NaN) / 1000).toFixed(2)} s (median of ${e['repeats'] ?? 0}; CPU ${((e['cpuMs'] ?? Number.NaN) / 1000).toFixed(2)} s)` +
        `, ${(e['megabytes'] ?? Number.NaN).toFixed(1)} MB, heap peak +${(e['heapPeakMb'] ?? Number.NaN).toFixed(0)} MB` +
        `, ${Math.round(s.bytesPerAssessment)} B stored per assessment${s.assessments === 10_000 ? `  [budget ≤ 2 s: ${(e['ms'] ?? Infinity) <= 2000 ? 'met' : 'NOT met'}]` : ''}` +
        ` (seeding ${(s.seedMs / 1000).toFixed(0)} s)`,
    );
  }
}
