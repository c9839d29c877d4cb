import 'fake-indexeddb/auto';
import { textsRecordedBefore } from '../src/domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import { listAssessmentsForPatient, listUnacknowledgedAlerts, sealAssessment } from '../src/storage/assessment-repository.ts';
import { setUpClinic } from '../src/storage/clinic-lock.ts';
import { openDatabase } from '../src/storage/database.ts';
import { getPatient, listPatients, patientCodeHash, sealPatient } from '../src/storage/patient-repository.ts';
import type { AssessmentRecord } from '../src/storage/records.ts';
import { readCustomBatteries } from '../src/storage/settings-repository.ts';
import type { Vault } from '../src/storage/vault.ts';

export type ScaleSize = { readonly assessments: number; readonly patients: number };

/**
 * An extra timed step run on each seeded vault after the built-in ones (e.g. "export everything as CSV"); it
 * returns its own figures by name, in milliseconds or whatever unit its name says. `medianMs` is there to use.
 */
export type ScaleExtra = (vault: Vault, size: ScaleSize) => Promise<Record<string, number>>;

export type ScaleOptions = {
  /** Repetitions per timed figure; the figure is their median (default 5). */
  readonly repeats?: number;
  readonly extra?: ScaleExtra;
};

export type ScaleResult = ScaleSize & {
  /** Seeding the database (sealing every row with real AES-GCM, then bulk-adding it): not an app figure. */
  readonly seedMs: number;
  /** What the patients screen awaits when it opens: `listPatients` and `listUnacknowledgedAlerts` together. */
  readonly listMs: number;
  readonly listPatientsMs: number;
  readonly alertsScanMs: number;
  /** What the patient screen awaits when it opens: the patient, their 20 assessments with answers, the batteries. */
  readonly profileMs: number;
  /** The app's search: the patients screen filters its loaded, decrypted list on each keystroke (in memory). */
  readonly searchMs: number;
  /** An exact code through the keyed-hash index (what `createPatient` does to refuse a duplicate code). */
  readonly codeLookupMs: number;
  readonly bytesPerAssessment: number;
  readonly repeats: number;
  readonly extra: Record<string, number>;
};

/** Median wall time of `repeats` runs of `work` (run one after another, none discarded). */
export async function medianMs(work: () => Promise<unknown>, repeats = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2 === 1 ? (times[mid] ?? Number.NaN) : ((times[mid - 1] ?? Number.NaN) + (times[mid] ?? Number.NaN)) / 2;
}

// Rows are sealed this many assessments at a time, concurrently: WebCrypto in Node runs on the libuv thread pool.
const SEAL_BATCH = 100;

/**
 * Seeds a database with `n` completed PHQ-9 + SHAPS assessments (n / 10 patients, ~10 visits each; patient `p0`
 * with 20) and times the clinician's reads through the app's own repository functions, each the median of
 * `repeats` runs. Real Dexie and real encryption, on fake-indexeddb in Node: a relative figure, not a tablet's.
 */
export async function storageScale(sizes: readonly number[] = [1000, 10_000], options: ScaleOptions = {}): Promise<ScaleResult[]> {
  const repeats = options.repeats ?? 5;
  const results: ScaleResult[] = [];
  for (const n of sizes) {
    const db = openDatabase(`bench-${n}`);
    try {
      const seedStart = performance.now();
      // Key derivation is not what is measured here; the app itself always uses 600 000 iterations.
      const set = await setUpClinic(db, 'bench passphrase', 1000);
      if (!set.ok) throw new Error(`set-up failed: ${set.error.code}`);
      const vault: Vault = { db, keys: set.value.keys };
      const patientCount = Math.max(2, Math.floor(n / 10));
      const codeOf = (p: number) => `P-${String(p).padStart(5, '0')}`;
      const patients = await inBatches(patientCount, (p) =>
        sealPatient(vault.keys, {
          id: asPatientId(`p${p}`),
          code: codeOf(p),
          displayName: null,
          birthYear: 1960,
          sex: null,
          mrn: null,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: `2026-01-01T00:00:${String(p % 60).padStart(2, '0')}.000Z`,
        }),
      );
      await db.patients.bulkAdd(patients);
      let bytes = 0;
      for (let from = 0; from < n; from += SEAL_BATCH) {
        const batch = await Promise.all(Array.from({ length: Math.min(SEAL_BATCH, n - from) }, (_, i) => sealVisit(vault, from + i, patientCount)));
        bytes += storedBytes(batch);
        await db.assessments.bulkAdd(batch);
      }
      const seedMs = performance.now() - seedStart;

      const listPatientsMs = await medianMs(() => ok(listPatients(vault)), repeats);
      const alertsScanMs = await medianMs(() => ok(listUnacknowledgedAlerts(vault)), repeats);
      const listMs = await medianMs(() => Promise.all([ok(listPatients(vault)), ok(listUnacknowledgedAlerts(vault))]), repeats);
      const p0 = asPatientId('p0');
      const profileMs = await medianMs(async () => {
        const [, visits] = await Promise.all([ok(getPatient(vault, p0)), ok(listAssessmentsForPatient(vault, p0)), readCustomBatteries(vault.db)]);
        if (visits.length !== 20) throw new Error(`p0 has ${visits.length} visits, expected 20`);
      }, repeats);
      // The patients screen's filter, as typed: a code in the middle of the list, lower-cased, matched as a substring.
      const loaded = await ok(listPatients(vault));
      const needle = codeOf(Math.floor(patientCount / 2)).toLowerCase();
      const searchMs = await medianMs(async () => {
        const shown = loaded.filter((p) => needle === '' || p.code.toLowerCase().includes(needle) || (p.displayName ?? '').toLowerCase().includes(needle));
        if (shown.length !== 1) throw new Error(`search found ${shown.length} patients`);
        return Promise.resolve(shown);
      }, repeats);
      const codeLookupMs = await medianMs(async () => {
        const hash = await patientCodeHash(vault.keys, codeOf(Math.floor(patientCount / 2)));
        const found = await db.patients.where('codeHash').equals(hash).toArray();
        if (found.length !== 1) throw new Error(`code lookup found ${found.length} patients`);
      }, repeats);
      const size = { assessments: n, patients: patientCount };
      const extra = options.extra ? await options.extra(vault, size) : {};
      results.push({ ...size, seedMs, listMs, listPatientsMs, alertsScanMs, profileMs, searchMs, codeLookupMs, bytesPerAssessment: bytes / n, repeats, extra });
    } finally {
      db.close();
      await db.delete();
    }
  }
  return results;
}

/**
 * One completed visit as the app stores it (`sealAssessment`): its assessment with its 23 answers (14 SHAPS, 9 PHQ-9)
 * sealed inside it. Visits 0–19 are p0's.
 */
async function sealVisit(vault: Vault, a: number, patientCount: number): Promise<AssessmentRecord> {
  const patientId = a < 20 ? 'p0' : `p${1 + ((a - 20) % (patientCount - 1))}`;
  const day = `2026-${String(1 + (a % 12)).padStart(2, '0')}-${String(1 + (a % 28)).padStart(2, '0')}T09:00:00.000Z`;
  return sealAssessment(vault.keys, {
    id: asAssessmentId(`a${a}`),
    patientId: asPatientId(patientId),
    batteryName: 'SHAPS + PHQ-9',
    instruments: [
      { id: 'shaps', version: '1.0.0' },
      { id: 'phq-9', version: '1.0.0' },
    ],
    mode: 'patient',
    informantRelation: null,
    language: 'en',
    texts: textsRecordedBefore([{ id: 'shaps', version: '1.0.0' }, { id: 'phq-9', version: '1.0.0' }], 'en'),
    status: 'completed',
    createdAt: day,
    updatedAt: day,
    completedAt: day,
    results: null,
    qualityFlags: {},
    alerts: [],
    alertsAcknowledgedAt: null,
    effortTask: null,
    answers: {
      shaps: Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`shaps-${i + 1}`, { code: 'agree', answeredAt: day, durationMs: 3000 }])),
      'phq-9': Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq-9-${i + 1}`, { code: 'several-days', answeredAt: day, durationMs: 3000 }])),
    },
  });
}

async function inBatches<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let from = 0; from < count; from += SEAL_BATCH) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(SEAL_BATCH, count - from) }, (_, i) => make(from + i)))));
  }
  return out;
}

/** Sealed bytes counted as stored (binary), clear fields as their JSON text. */
function storedBytes(rows: readonly { sealed: Uint8Array }[]): number {
  return rows.reduce((sum, r) => sum + r.sealed.byteLength + JSON.stringify({ ...r, sealed: null }).length, 0);
}

async function ok<T>(pending: Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(`storage error: ${result.error.code}`);
  return result.value;
}
