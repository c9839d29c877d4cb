import 'fake-indexeddb/auto';
import { completeAssessment, recordAnswer, startAssessment } from '../src/domain/assessment.ts';
import { asAssessmentId, asPatientId } from '../src/domain/ids.ts';
import { toAssessmentExport } from '../src/export/fhir/assessment-export.ts';
import { pushTransaction, readCapabilities } from '../src/export/fhir/push-client.ts';
import { toTransactionBundles } from '../src/export/fhir/transaction.ts';
import { setUpClinic } from '../src/storage/clinic-lock.ts';
import { openDatabase } from '../src/storage/database.ts';
import { createPatient } from '../src/storage/patient-repository.ts';
import { savePatientCodeSystem } from '../src/storage/settings-repository.ts';
import { fetchEarlierVisits } from '../src/workflows/fetch-earlier-visits.ts';
import { startFhirServer } from '../tests/support/fhir-server.ts';
import { loadInstrument } from '../tests/support/instruments.ts';

export type PullFigures = { readonly visits: number; readonly responses: number; readonly pullMs: number; readonly stored: number; readonly secondPullMs: number; readonly secondStored: number };

const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';
const CODE_SYSTEM = 'https://motivation-profile.app/fhir/patient-code/bench';

/**
 * "Fetch earlier visits" for a patient with `visits` visits (SHAPS + PHQ-9 each) on the clinic's server: one tablet
 * pushes them, a fresh tablet pulls them (paged by the server's `link[next]`, 100 a page), re-scores and stores
 * them; then pulls again (nothing new). Medplum's FhirRouter on 127.0.0.1 and fake-indexeddb in Node: a relative
 * figure, not a tablet's on a hospital network.
 */
export async function fhirPullBench(visits = 100): Promise<PullFigures> {
  const server = await startFhirServer({ token: null });
  server.nextLinks = true;
  try {
    const shaps = loadInstrument('shaps');
    const phq = loadInstrument('phq-9');
    const catalogue = { instruments: [shaps, phq], broken: [] };
    const fhir = { baseUrl: server.baseUrl, auth: { kind: 'none' as const }, mrnSystem: MRN_SYSTEM };
    const capabilities = await readCapabilities(fhir, fetch);
    if (!capabilities.ok) throw new Error(capabilities.error.message);
    const definitions = [shaps.definition, phq.definition];
    for (let n = 0; n < visits; n += 1) {
      const now = new Date(Date.UTC(2024, 0, 1) + n * 7 * 86_400_000).toISOString();
      let a = startAssessment({ id: asAssessmentId(`visit-${String(n)}`), patientId: asPatientId('a'), batteryName: 'SHAPS + PHQ-9', definitions, mode: 'patient', language: 'en', now });
      for (const d of definitions)
        for (const item of d.items) a = recordAnswer(a, d, item.id, { code: d.optionSets[item.optionSet]?.options[(n + item.number) % 3] ?? '', answeredAt: now, durationMs: 3000 });
      a = completeAssessment(a, definitions, () => ({}), now);
      const exported = toAssessmentExport(a, catalogue, { patientCode: 'P-1', codeSystem: CODE_SYSTEM, mrn: { system: MRN_SYSTEM, value: 'MRN-1' } }, { appVersion: 'bench', now, newUuid: () => crypto.randomUUID() });
      for (const bundle of toTransactionBundles(exported, () => crypto.randomUUID())) {
        const pushed = await pushTransaction(bundle, fhir, fetch, capabilities.value);
        if (!pushed.ok) throw new Error(pushed.error.message);
      }
    }
    const db = openDatabase(`bench-pull-${String(Date.now())}`);
    const set = await setUpClinic(db, 'bench passphrase', 1000);
    if (!set.ok) throw new Error(set.error.code);
    const vault = { db, keys: set.value.keys };
    // The clinic's tablets share its patient-code system and the patient keeps their code: the server's record carries
    // only the clinic's identifiers of this patient, so the fetch links without asking.
    await savePatientCodeSystem(db, CODE_SYSTEM);
    const patient = await createPatient(vault, { code: 'P-1', displayName: null, birthYear: null, sex: null, mrn: 'MRN-1' }, 'b1', new Date().toISOString());
    if (!patient.ok) throw new Error(patient.error.code);
    const env = { now: () => new Date().toISOString(), nowMs: () => Date.now(), newId: () => crypto.randomUUID(), newSeed: () => 1, fetch, appVersion: 'bench', fhirOrigins: [], device: () => ({ screenWidthPx: 768, screenHeightPx: 1024, pointer: 'coarse' as const, userAgent: 'bench' }) };
    const ctx = { vault, env, catalogue };
    const pull = async () => {
      const started = performance.now();
      const outcome = await fetchEarlierVisits(ctx, { patient: patient.value, server: fhir });
      if (outcome.kind !== 'fetched') throw new Error(`pull: ${outcome.kind}`);
      return { ms: performance.now() - started, stored: outcome.stored };
    };
    const first = await pull();
    const second = await pull();
    db.close();
    return { visits, responses: visits * definitions.length, pullMs: first.ms, stored: first.stored, secondPullMs: second.ms, secondStored: second.stored };
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log(await fhirPullBench(Number(process.argv[2] ?? 100)));
