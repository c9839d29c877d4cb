/**
 * `npm run bench`: prints figures with their budgets. A benchmark, never a test: nothing here fails on a slow
 * machine. Run after `npm install`; it builds the app first (see package.json).
 * BENCH_DIST: the built app the browser figures serve (default dist/). BENCH_SCALE: assessment counts for the
 * storage figures, comma-separated (default 1000,10000; BENCH_100K=1 adds 100000). `npx tsx bench/research-csv.ts`
 * runs the storage and research CSV figures alone.
 */
import { bundleWeight } from './bundle-weight.ts';
import { cliThroughput } from './cli-throughput.ts';
import { interactionLatency } from './interaction.ts';
import { lighthouseScores } from './lighthouse.ts';
import { listInstrumentFolders, readInstrument } from '../src/cli/instrument-folder.ts';
import { effortModelBench } from './effort-model.ts';
import { rewardModelBench, rewardModelRows } from './reward-model.ts';
import { researchCsvExtra, scaleSizesFromEnv } from './research-csv.ts';
import { storageScale } from './storage-scale.ts';

const started = performance.now();
const distDir = process.env.BENCH_DIST ?? 'dist';
const scaleSizes = scaleSizesFromEnv();
const notes: string[] = [];

type Row = { readonly measure: string; readonly value: string; readonly budget: string };

const rows: Row[] = [];
const add = (measure: string, value: string, budget = '') => rows.push({ measure, value, budget });

const bundle = await bundleWeight(distDir);
const fetchedBy = `as fetched, ${bundle.measuredIn === 'chromium' ? 'counted in Chromium' : 'estimated from the import graph (no Chromium)'}`;
add(`Start page JS (gzip, ${fetchedBy}): set-up screen, first run`, `${bundle.setUp.kb.toFixed(1)} KB (${bundle.setUp.scripts.length} scripts)`, '≤ 120 KB');
add(`Start page JS (gzip, ${fetchedBy}): passphrase screen, set-up tablet`, `${bundle.unlock.kb.toFixed(1)} KB (${bundle.unlock.scripts.length} scripts)`, '≤ 120 KB');
add('Start page CSS (gzip)', `${bundle.startCssKb.toFixed(1)} KB`);
add(`Patient-mode path JS (gzip, ${fetchedBy}): handed-over tablet reloaded, to its next item`, `${bundle.patientMode.kb.toFixed(1)} KB (${bundle.patientMode.scripts.length} scripts)`, '≤ 120 KB');
add('Lazy chunks (gzip): later screens, charts, research export', `${bundle.lazyKb.toFixed(1)} KB`, 'loaded on demand');

const cli = cliThroughput(100_000);
add('CLI score, 100 000 AES-S rows (process start included)', `${cli.seconds.toFixed(2)} s, ${Math.round(cli.rowsPerSecond).toLocaleString('en')} rows/s`, 'a few seconds');
add('CLI score, peak RSS of the CLI process', `${cli.peakRssMb.toFixed(0)} MB`, 'bounded (streaming)');

const instruments = listInstrumentFolders().flatMap((id) => {
  const read = readInstrument(id);
  return read.ok ? [read.value] : [];
});
for (const scale of await storageScale(scaleSizes, { repeats: 5, extra: researchCsvExtra(instruments) })) {
  const label = `${scale.assessments.toLocaleString('en')} assessments / ${scale.patients.toLocaleString('en')} patients, median of ${scale.repeats}`;
  add(`Patient list screen load (${label})`, `${scale.listMs.toFixed(0)} ms (patients ${scale.listPatientsMs.toFixed(0)} ms, alert scan ${scale.alertsScanMs.toFixed(0)} ms)`, '< 300 ms');
  add(`One patient's 20 visits, profile load (${label})`, `${scale.profileMs.toFixed(0)} ms`, '< 300 ms');
  add(`Search by code: filter of the loaded list (${label})`, `${scale.searchMs.toFixed(2)} ms (exact code via hash index ${scale.codeLookupMs.toFixed(1)} ms)`);
  add(`Bytes stored per assessment (${label.replace(/, median.*/, '')})`, `${Math.round(scale.bytesPerAssessment)} B`);
  const csv = scale.extra;
  add(
    `Research CSV of everything, median of ${csv['repeats'] ?? 0} (${label.replace(/, median.*/, '')})`,
    `${((csv['ms'] ?? Number.NaN) / 1000).toFixed(2)} s (CPU ${((csv['cpuMs'] ?? Number.NaN) / 1000).toFixed(2)} s), ${(csv['megabytes'] ?? Number.NaN).toFixed(1)} MB, heap peak +${(csv['heapPeakMb'] ?? Number.NaN).toFixed(0)} MB`,
    scale.assessments === 10_000 ? '≤ 2 s' : '',
  );
  notes.push(`Seeding ${scale.assessments.toLocaleString('en')} assessments (real AES-GCM, fake-indexeddb) took ${(scale.seedMs / 1000).toFixed(1)} s (not an app figure).`);
}

const interaction = await interactionLatency(50, distDir);
add('Tap → next item, CPU 4× slower, median of 50', interaction === null ? 'not measured (no Chromium)' : `${interaction.medianMs.toFixed(1)} ms (p90 ${interaction.p90Ms.toFixed(1)} ms)`, '≤ 50 ms');

const lighthouse = await lighthouseScores(distDir, 3);
const score = (category: 'performance' | 'accessibility' | 'best-practices') =>
  lighthouse === null ? 'not measured (no Chromium)' : `${lighthouse.median[category].toFixed(2)} (runs ${lighthouse.runs.map((r) => r[category].toFixed(2)).join(', ')})`;
add('Lighthouse performance, mobile, set-up screen at / (fresh profile), median of 3', score('performance'), '≥ 0.95');
add('Lighthouse accessibility, same page, median of 3', score('accessibility'), '1.00');
add('Lighthouse best practices, same page, median of 3', score('best-practices'), '1.00');
if (lighthouse) notes.push(`Lighthouse CPU benchmark index per run: ${lighthouse.benchmarkIndex.map((b) => b.toFixed(0)).join(', ')} (the performance score drops on a busy machine).`);
for (const audit of lighthouse?.failing ?? []) notes.push(`Lighthouse ${audit.category} audit failing (${audit.runs} of 3 runs): ${audit.id} — ${audit.title}`);
const effort = await effortModelBench();
add('Effort-model fit, 64 trials, median of 200 (parabolic / linear / exponential)', `${effort.fitMs64.toFixed(2)} ms (${effort.fitMs64ByModel.parabolic.toFixed(2)} / ${effort.fitMs64ByModel.linear.toFixed(2)} / ${effort.fitMs64ByModel.exponential.toFixed(2)} ms)`, '≪ 1 s');
for (const r of effort.recovery) {
  add(`Parameter recovery r (kR / kE / a), ${r.model}, ${String(r.trials)} trials, ${String(r.agents)} simulated people`, `${r.r.rewardSensitivity.toFixed(2)} / ${r.r.effortSensitivity.toFixed(2)} / ${r.r.acceptanceBias.toFixed(2)}`);
}
const { counts } = effort.modelRecovery;
notes.push(
  `Model recovery at ${String(effort.modelRecovery.trials)} trials, ${String(effort.modelRecovery.agentsPerModel)} people per generating model (winner by BIC, parabolic/linear/exponential): ` +
    (['parabolic', 'linear', 'exponential'] as const).map((g) => `${g} → ${counts[g].parabolic}/${counts[g].linear}/${counts[g].exponential}`).join('; '),
);

// Issue 22: the reward task's (PRT) learning model, beside the effort model's figures.
const reward = await rewardModelBench();
for (const row of rewardModelRows(reward)) add(row.measure, row.value, row.budget);

// Issue 18: a returning patient's 100 visits fetched from the clinic's server by another tablet.
const { fhirPullBench } = await import('./fhir-pull.ts');
const pulled = await fhirPullBench(100);
add(
  `Fetch earlier visits: ${String(pulled.visits)} visits (${String(pulled.responses)} responses) from Medplum's router on 127.0.0.1`,
  `${(pulled.pullMs / 1000).toFixed(2)} s, ${String(pulled.stored)} stored; a second fetch ${pulled.secondPullMs.toFixed(0)} ms, ${String(pulled.secondStored)} stored`,
  'no duplicate',
);

const width = (key: keyof Row) => Math.max(...rows.map((r) => r[key].length), key.length);
const line = (r: Row) => `${r.measure.padEnd(width('measure'))}  ${r.value.padEnd(width('value'))}  ${r.budget}`;
console.log(`Motivation Profile benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
console.log(line({ measure: 'measure', value: 'value', budget: 'budget' }));
for (const r of rows) console.log(line(r));
if (notes.length > 0) {
  console.log('');
  for (const note of notes) console.log(`- ${note}`);
}
console.log(`\nBench took ${((performance.now() - started) / 1000).toFixed(0)} s (after the build).`);

// Issue 20's side by side (ours, SurveyJS, a static floor); BENCH_SIDE_BY_SIDE sets its run counts, 0 leaves it out.
const { sideBySide } = await import('./side-by-side.ts');
const { sideBySideCounts } = await import('./comparison/side-by-side-table.ts');
const sideCounts = sideBySideCounts(process.env.BENCH_SIDE_BY_SIDE);
if (sideCounts) {
  console.log(`\nSide by side, medians, runs interleaved (BENCH_SIDE_BY_SIDE=loads=${sideCounts.loads},taps=${sideCounts.taps},lighthouse=${sideCounts.lighthouse}):`);
  const side = await sideBySide(distDir, sideCounts);
  console.log(side ? [...side.lines, '', ...side.notes.map((note) => `- ${note}`)].join('\n') : 'not measured (no Chromium)');
}
