/**
 * `npm run bench`: prints figures with their budgets. A benchmark, never a test: nothing here fails on a slow
 * machine. Run after `npm install`; it builds the app first (see package.json).
 */
import { bundleWeight } from './bundle-weight.ts';
import { cliThroughput } from './cli-throughput.ts';
import { interactionLatency } from './interaction.ts';
import { storageScale } from './storage-scale.ts';

type Row = { readonly measure: string; readonly value: string; readonly budget: string };

const rows: Row[] = [];
const add = (measure: string, value: string, budget = '') => rows.push({ measure, value, budget });

const bundle = bundleWeight();
add('Start page JS (gzip, incl. modulepreload)', `${bundle.startJsKb.toFixed(1)} KB`, '≤ 120 KB');
add('Start page CSS (gzip)', `${bundle.startCssKb.toFixed(1)} KB`);
add('Patient-mode path JS (gzip)', `${bundle.startJsKb.toFixed(1)} KB (same entry; charts not loaded)`, '≤ 120 KB');
add('Lazy chunks (gzip): charts/profile', `${bundle.lazyKb.toFixed(1)} KB`, 'loaded on demand');

const cli = cliThroughput(100_000);
add('CLI score, 100 000 AES-S rows (process start included)', `${cli.seconds.toFixed(2)} s, ${Math.round(cli.rowsPerSecond).toLocaleString('en')} rows/s`, 'a few seconds');
add('CLI score, peak RSS of the CLI process', `${cli.peakRssMb.toFixed(0)} MB`, 'bounded (streaming)');

for (const scale of await storageScale(process.env.BENCH_FULL ? [1000, 10_000] : [100, 1000])) {
  const label = `${scale.assessments.toLocaleString('en')} assessments / ${scale.patients.toLocaleString('en')} patients`;
  add(`Patient list (${label})`, `${scale.listMs.toFixed(0)} ms`, '< 300 ms');
  add(`One patient's 20 visits (${label})`, `${scale.profileMs.toFixed(0)} ms`, '< 300 ms');
  add(`Search by code (${label})`, `${scale.searchMs.toFixed(1)} ms`);
  add(`Bytes stored per assessment (${label})`, `${Math.round(scale.bytesPerAssessment)} B`);
}

const interaction = await interactionLatency(50);
add('Tap → next item, CPU 4× slower, median of 50', interaction === null ? 'not measured (no Chromium)' : `${interaction.medianMs.toFixed(1)} ms (p90 ${interaction.p90Ms.toFixed(1)} ms)`, '≤ 50 ms');

add('Lighthouse', 'not measured yet (issue 8)', 'perf ≥ 0.95, a11y 1.00');
add('Effort-model fit', 'not measured: the effort task is not built yet (issue 7)', '');

const width = (key: keyof Row) => Math.max(...rows.map((r) => r[key].length), key.length);
const line = (r: Row) => `${r.measure.padEnd(width('measure'))}  ${r.value.padEnd(width('value'))}  ${r.budget}`;
console.log(`Motivation Profile benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
console.log(line({ measure: 'measure', value: 'value', budget: 'budget' }));
for (const r of rows) console.log(line(r));
