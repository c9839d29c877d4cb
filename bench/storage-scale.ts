import 'fake-indexeddb/auto';
import { asPatientId } from '../src/domain/ids.ts';
import { asAssessmentId } from '../src/domain/ids.ts';
import { listAssessmentsForPatient, sealAnswer, sealAssessment } from '../src/storage/assessment-repository.ts';
import { setUpClinic } from '../src/storage/clinic-lock.ts';
import { openDatabase } from '../src/storage/database.ts';
import { listPatients, sealPatient } from '../src/storage/patient-repository.ts';
import type { AnswerRow, AssessmentRecord, PatientRecord } from '../src/storage/records.ts';

export type ScaleResult = { assessments: number; patients: number; listMs: number; profileMs: number; searchMs: number; bytesPerAssessment: number };

/**
 * Seeds a database with `n` completed PHQ-9 + SHAPS assessments (10 per patient; one patient with 20) and times
 * the clinician's reads. Runs real Dexie on fake-indexeddb in Node: a relative figure, not a tablet's.
 */
export async function storageScale(sizes: readonly number[]): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  for (const n of sizes) {
    const db = openDatabase(`bench-${n}`);
    // Key derivation is not what is measured here; the app itself always uses 600 000 iterations.
    const set = await setUpClinic(db, 'bench passphrase', 1000);
    if (!set.ok) throw new Error(`set-up failed: ${set.error.code}`);
    const vault = { db, keys: set.value.keys };
    const patients: PatientRecord[] = [];
    const assessments: AssessmentRecord[] = [];
    const answers: AnswerRow[] = [];
    const patientCount = Math.max(1, Math.floor(n / 10));
    for (let p = 0; p < patientCount; p += 1) {
      const code = `P-${String(p).padStart(5, '0')}`;
      patients.push(await sealPatient(vault.keys, { id: asPatientId(`p${p}`), code, displayName: null, birthYear: 1960, sex: null, mrn: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: `2026-01-01T00:00:${String(p % 60).padStart(2, '0')}.000Z` }));
    }
    for (let a = 0; a < n; a += 1) {
      const patientId = a < 20 ? 'p0' : `p${1 + ((a - 20) % Math.max(1, patientCount - 1))}`;
      const day = `2026-${String(1 + (a % 12)).padStart(2, '0')}-${String(1 + (a % 28)).padStart(2, '0')}T09:00:00.000Z`;
      assessments.push(await sealAssessment(vault.keys, { id: asAssessmentId(`a${a}`), patientId: asPatientId(patientId), batteryName: 'SHAPS + PHQ-9', instruments: [{ id: 'shaps', version: '1.0.0' }, { id: 'phq-9', version: '1.0.0' }], mode: 'patient', informantRelation: null, language: 'en', status: 'completed', createdAt: day, updatedAt: day, completedAt: day, results: null, qualityFlags: {}, alerts: [], alertsAcknowledgedAt: null }));
      for (let i = 1; i <= 14; i += 1) answers.push(await sealAnswer(vault.keys, `a${a}`, 'shaps', `shaps-${i}`, { code: 'agree', answeredAt: day, durationMs: 3000 }));
      for (let i = 1; i <= 9; i += 1) answers.push(await sealAnswer(vault.keys, `a${a}`, 'phq-9', `phq-9-${i}`, { code: 'several-days', answeredAt: day, durationMs: 3000 }));
    }
    await db.patients.bulkAdd(patients);
    await db.assessments.bulkAdd(assessments);
    await db.answers.bulkAdd(answers);
    const time = async (work: () => Promise<unknown>) => {
      const start = performance.now();
      await work();
      return performance.now() - start;
    };
    const listMs = await time(() => listPatients(vault));
    const profileMs = await time(() => listAssessmentsForPatient(vault, asPatientId('p0')));
    const all = await listPatients(vault);
    const searchMs = await time(() => Promise.resolve(all.ok ? all.value.filter((p) => p.code.toLowerCase().includes('p-000')) : []));
    // Sealed bytes counted as stored (binary), clear fields as their JSON text.
    const size = (rows: readonly { sealed: Uint8Array }[]) => rows.reduce((sum, r) => sum + r.sealed.byteLength + JSON.stringify({ ...r, sealed: null }).length, 0);
    const bytes = size(assessments) + size(answers);
    results.push({ assessments: n, patients: patientCount, listMs, profileMs, searchMs, bytesPerAssessment: bytes / n });
    db.close();
    await db.delete();
  }
  return results;
}
