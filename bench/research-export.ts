import type { Instrument } from '../src/domain/instrument-catalogue.ts';
import type { Environment } from '../src/domain/ids.ts';
import type { Vault } from '../src/storage/vault.ts';
import { prepareResearchCsv } from '../src/workflows/research-export.ts';
import { medianMs } from './storage-scale.ts';

export type ResearchCsvFigures = {
  /** What "Download research CSV" awaits: read, open and write every completed assessment (median of `repeats`). */
  readonly ms: number;
  readonly repeats: number;
  readonly megabytes: number;
  readonly assessments: number;
  /** Process CPU time (user + system, all threads: WebCrypto runs on the thread pool) per run, whatever else the machine runs. */
  readonly cpuMs: number;
  /** The JS heap's peak above where it started, sampled every 10 ms during the runs (a page of opened data + the file). */
  readonly heapPeakMb: number;
};

// The file name is the only use of the environment here.
const env = { now: () => new Date().toISOString(), newId: () => crypto.randomUUID() } as Pick<Environment, 'now' | 'newId'> as Environment;

/** Times the app's own research export workflow on a seeded vault. */
export async function researchCsvFigures(vault: Vault, instruments: readonly Instrument[], repeats: number): Promise<ResearchCsvFigures> {
  let megabytes = 0;
  let assessments = 0;
  global.gc?.();
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  const cpu = process.cpuUsage();
  try {
    const ms = await medianMs(async () => {
      const file = await prepareResearchCsv({ vault, env, catalogue: { instruments, broken: [] } });
      if (!file.ok) throw new Error(`research export failed: ${file.error.code}`);
      megabytes = file.value.parts.reduce((n, p) => n + Buffer.byteLength(p), 0) / 1e6;
      assessments = file.value.count;
    }, repeats);
    const used = process.cpuUsage(cpu);
    return { ms, repeats, megabytes, assessments, cpuMs: (used.user + used.system) / 1000 / repeats, heapPeakMb: (peak - start) / 1e6 };
  } finally {
    clearInterval(sampler);
  }
}
