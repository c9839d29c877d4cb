import { describe, expect, it } from 'vitest';
import { testEnvironment } from '../../tests/support/environment.ts';
import { simulateFullDisk } from '../../tests/support/full-disk.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault } from '../../tests/support/vault.ts';
import type { StartRequest } from '../domain/check-start.ts';
import { asPatientId } from '../domain/ids.ts';
import { getAssessment, listAssessmentsForPatient } from '../storage/assessment-repository.ts';
import { createPatient, getPatient } from '../storage/patient-repository.ts';
import { readCustomBatteries } from '../storage/settings-repository.ts';
import { withTestPack } from '../../tests/support/test-packs.ts';
import { startNewAssessment } from './start-assessment.ts';

const catalogue = { instruments: ['shaps', 'phq-9', 'aes-i', 'aes-c'].map(loadInstrument), broken: [] };

async function clinicWithPatient(birthYear: number | null = null) {
  const env = testEnvironment();
  const vault = await freshVault();
  const patient = await createPatient(vault, { code: 'W7-042', displayName: null, birthYear, sex: null, mrn: null }, 'p1', env.now());
  if (!patient.ok) throw new Error(patient.error.code);
  env.advance(60_000);
  return { env, vault, ctx: { vault, env, catalogue } };
}

const chosen = (instrumentIds: string[], saveAs = ''): StartRequest['battery'] => ({ kind: 'chosen', instrumentIds, saveAs });

describe('Start an assessment', () => {
  it('stores the draft, the battery asked to be saved and the patient’s last activity together', async () => {
    const { ctx, vault, env } = await clinicWithPatient();
    const started = await startNewAssessment(ctx, { patientId: asPatientId('p1'), request: { battery: chosen(['shaps', 'phq-9'], 'Morning'), mode: 'patient', relation: '', effort: 'short', language: 'en' } });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    expect(started.value.mode).toBe('patient');
    const draft = await getAssessment(vault, started.value.assessmentId);
    expect(draft.ok && draft.value.batteryName).toBe('Morning');
    expect(draft.ok && draft.value.instruments.map((i) => i.id)).toEqual(['shaps', 'phq-9']);
    expect(draft.ok && draft.value.effortTask?.config.blocks).toBe(1);
    expect(draft.ok && draft.value.effortTask?.seed).toBe(12345);
    const batteries = await readCustomBatteries(vault.db);
    expect(batteries.ok && batteries.value.map((b) => [b.name, b.instrumentIds])).toEqual([['Morning', ['shaps', 'phq-9']]]);
    const patient = await getPatient(vault, asPatientId('p1'));
    expect(patient.ok && patient.value.updatedAt).toBe(env.now());
  });

  it('records the patient’s birth year with the visit, sealed in the draft (a score converted by age group reads it)', async () => {
    for (const birthYear of [1970, null]) {
      const { ctx, vault } = await clinicWithPatient(birthYear);
      const started = await startNewAssessment(ctx, { patientId: asPatientId('p1'), request: { battery: chosen(['shaps']), mode: 'patient', relation: '', effort: 'none', language: 'en' } });
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      const draft = await getAssessment(vault, started.value.assessmentId);
      expect(draft.ok && draft.value.birthYear).toBe(birthYear);
    }
  });

  it('gives the effort task at its recommended clinical length, 128 offers, or as published, 64', async () => {
    const { ctx, vault } = await clinicWithPatient();
    const offers = async (effort: 'long' | 'standard') => {
      const started = await startNewAssessment(ctx, { patientId: asPatientId('p1'), request: { battery: chosen(['shaps']), mode: 'patient', relation: '', effort, language: 'en' } });
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      const draft = await getAssessment(vault, started.value.assessmentId);
      return draft.ok ? draft.value.effortTask?.schedule.length : null;
    };
    expect(await offers('long')).toBe(128);
    expect(await offers('standard')).toBe(64);
  });

  it('writes nothing when the choice is not possible, and says why', async () => {
    const { ctx, vault } = await clinicWithPatient();
    const cases: [StartRequest, string][] = [
      [{ battery: chosen([]), mode: 'patient', relation: '', effort: 'none', language: 'en' }, 'pick-one'],
      [{ battery: chosen(['aes-c']), mode: 'patient', relation: '', effort: 'none', language: 'en' }, 'self-report-only'],
      [{ battery: chosen(['aes-i']), mode: 'clinician', relation: ' ', effort: 'none', language: 'en' }, 'need-relation'],
      [{ battery: chosen(['shaps']), mode: 'clinician', relation: '', effort: 'standard', language: 'en' }, 'effort-patient-only'],
    ];
    for (const [request, code] of cases) {
      const started = await startNewAssessment(ctx, { patientId: asPatientId('p1'), request });
      expect(!started.ok && started.error.kind === 'invalid' && started.error.problem.code).toBe(code);
    }
    const listed = await listAssessmentsForPatient(vault, asPatientId('p1'));
    expect(listed.ok && listed.value).toEqual([]);
  });

  it('leaves no saved battery behind when the draft cannot be stored (one transaction)', async () => {
    const { ctx, vault } = await clinicWithPatient();
    const disk = await simulateFullDisk(vault.db, ['assessments']);
    disk.fill();
    const started = await startNewAssessment(ctx, { patientId: asPatientId('p1'), request: { battery: chosen(['shaps'], 'Evening'), mode: 'patient', relation: '', effort: 'none', language: 'en' } });
    expect(!started.ok && started.error.kind === 'storage' && started.error.error.code).toBe('storage-full');
    const batteries = await readCustomBatteries(vault.db);
    expect(batteries.ok && batteries.value).toEqual([]);
  });

  it('starts the standard battery under its name', async () => {
    const { ctx, vault } = await clinicWithPatient();
    const started = await startNewAssessment(
      { ...ctx, catalogue: { instruments: ['shaps', 'teps', 'aes-s', 'ami', 'phq-9'].map(loadInstrument), broken: [] } },
      { patientId: asPatientId('p1'), request: { battery: { kind: 'battery', id: 'standard' }, mode: 'patient', relation: '', effort: 'none', language: 'en' } },
    );
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const draft = await getAssessment(vault, started.value.assessmentId);
    expect(draft.ok && [draft.value.batteryName, draft.value.instruments.length]).toEqual(['Standard', 5]);
  });

  it('records the patient’s language and, per questionnaire, the text given (language, version, pack hash, reading)', async () => {
    const { ctx, vault } = await clinicWithPatient();
    const phq = withTestPack(loadInstrument('phq-9'), 'zh-CN');
    const shaps = loadInstrument('shaps');
    const started = await startNewAssessment(
      { ...ctx, catalogue: { instruments: [shaps, phq], broken: [] } },
      {
        patientId: asPatientId('p1'),
        request: { battery: chosen(['shaps', 'phq-9']), mode: 'patient', relation: '', effort: 'none', language: 'zh-CN', textChoices: { shaps: { kind: 'language', language: 'en' } } },
      },
    );
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const draft = await getAssessment(vault, started.value.assessmentId);
    expect(draft.ok && draft.value.language).toBe('zh-CN');
    expect(draft.ok && draft.value.texts).toEqual({
      shaps: { language: 'en', version: '1.0.0', packHash: shaps.packs.en?.hash, reading: 'respondent' },
      'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: phq.packs['zh-CN']?.hash, reading: 'respondent' },
    });
  });

  it('writes nothing while a questionnaire has no text in the patient’s language', async () => {
    const { ctx, vault } = await clinicWithPatient();
    const started = await startNewAssessment(ctx, { patientId: asPatientId('p1'), request: { battery: chosen(['shaps']), mode: 'patient', relation: '', effort: 'none', language: 'zh-CN' } });
    expect(!started.ok && started.error.kind === 'invalid' && started.error.problem).toEqual({ code: 'no-text', language: 'zh-CN', instruments: [{ id: 'shaps', name: 'SHAPS', languages: ['en'] }] });
    const listed = await listAssessmentsForPatient(vault, asPatientId('p1'));
    expect(listed.ok && listed.value).toEqual([]);
  });
});
