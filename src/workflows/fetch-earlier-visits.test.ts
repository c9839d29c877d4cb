import { clinicTablet, TEST_MRN_SYSTEM } from '../../tests/support/clinic-tablet.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type TestFhirServer } from '../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { freshVault } from '../../tests/support/vault.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../domain/assessment.ts';
import { asAssessmentId, type PatientId } from '../domain/ids.ts';
import { groupVisits } from '../domain/profile.ts';
import { createAssessment, listAssessmentsForPatient, updateAssessment } from '../storage/assessment-repository.ts';
import { fetchEarlierVisits } from './fetch-earlier-visits.ts';
import { sendToEhr } from './send-to-ehr.ts';

const shaps = loadInstrument('shaps');
const phq = loadInstrument('phq-9');
const catalogue = { instruments: [shaps, phq], broken: [] };
const MRN_SYSTEM = TEST_MRN_SYSTEM;

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: 'clinic-token' });
  server.nextLinks = true;
});
afterAll(() => server.close());

/** One tablet of the clinic: its own database, connected to the clinic's server. */
async function tablet(code: string, mrn: string | null) {
  return clinicTablet(server, { code, mrn, catalogue, token: 'clinic-token' });
}

/** A visit on tablet A: SHAPS and PHQ-9, answers varying by visit, stored and completed as the app does. */
async function visit(on: Awaited<ReturnType<typeof tablet>>, n: number): Promise<Assessment> {
  const now = `2026-0${String(n + 1)}-10T10:00:00.000Z`;
  const definitions = [shaps.definition, phq.definition];
  let a = startAssessment({ id: asAssessmentId(crypto.randomUUID()), patientId: on.patient.id, batteryName: 'SHAPS + PHQ-9', definitions, mode: 'patient', language: 'en', now });
  await createAssessment(on.vault, a);
  for (const item of shaps.definition.items) a = recordAnswer(a, shaps.definition, item.id, { code: shaps.definition.optionSets[item.optionSet]?.options[n % 4] ?? '', answeredAt: now, durationMs: 4000 });
  for (const item of phq.definition.items) {
    const options = phq.definition.optionSets[item.optionSet]?.options ?? [];
    a = recordAnswer(a, phq.definition, item.id, { code: options[(n + 1) % options.length] ?? '', answeredAt: now, durationMs: 4000 });
  }
  const done = completeAssessment(a, definitions, () => ({}), now);
  await updateAssessment(on.vault, done);
  return done;
}

const profileOf = async (vault: Awaited<ReturnType<typeof freshVault>>, patientId: PatientId) => {
  const listed = await listAssessmentsForPatient(vault, patientId);
  if (!listed.ok) throw new Error(listed.error.code);
  const completed = listed.value.filter((a) => a.status === 'completed');
  return {
    ids: completed.map((a) => a.id).sort(),
    visits: groupVisits(
      completed.flatMap((a) => (a.results && a.completedAt ? [{ completedAt: a.completedAt, results: a.results }] : [])),
      new Map([shaps, phq].map((i) => [i.definition.id, i.definition])),
    ),
  };
};

describe('many tablets, one clinic record: a returning patient is seen on another tablet', () => {
  it('pulls the visits tablet A sent, re-scored, with no duplicate after a resend or a second pull', async () => {
    const a = await tablet('A-017', 'MRN-5150');
    const given = [await visit(a, 0), await visit(a, 1), await visit(a, 2)];
    for (const assessment of given) expect(await sendToEhr(a.ctx, { assessment, subject: { patientCode: a.patient.code, mrn: { system: MRN_SYSTEM, value: 'MRN-5150' } }, server: a.settings, resend: false })).toEqual({ kind: 'sent' });
    // A retry of the first visit (a lost answer, "Send again"): the server matches, it does not duplicate.
    expect(await sendToEhr(a.ctx, { assessment: given[0] as Assessment, subject: { patientCode: a.patient.code, mrn: { system: MRN_SYSTEM, value: 'MRN-5150' } }, server: a.settings, resend: true })).toEqual({ kind: 'sent' });

    // Tablet B knows the patient by the same MRN (its own code for them, under its own patient-code system): the
    // server's record also carries tablet A's code, so B asks first and pulls nothing until the clinician confirms.
    const b = await tablet('B-203', 'MRN-5150');
    const progress: number[] = [];
    const asked = await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings, onProgress: (n) => progress.push(n) });
    expect(asked).toMatchObject({ kind: 'confirm-link', otherIdentifiers: [{ value: 'A-017' }] });
    expect([progress, (await profileOf(b.vault, b.patient.id)).ids]).toEqual([[], []]);
    const confirmedLink = asked.kind === 'confirm-link' ? asked.serverPatientId : '';
    const first = await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings, confirmedLink, onProgress: (n) => progress.push(n) });
    expect(first).toMatchObject({ kind: 'fetched', stored: 3, alreadyHere: 0, skipped: [], voided: 0 });
    expect(progress.at(-1)).toBe(6);
    const [onA, onB] = [await profileOf(a.vault, a.patient.id), await profileOf(b.vault, b.patient.id)];
    expect(onB.ids).toEqual(onA.ids);
    expect(onB.visits).toEqual(onA.visits);
    const pulled = await listAssessmentsForPatient(b.vault, b.patient.id);
    expect(pulled.ok && pulled.value.map((x) => [x.origin?.server, x.origin?.mismatches])).toEqual([0, 1, 2].map(() => [server.baseUrl, []]));

    // Stored as the tablet stores its own completed visits: each one's answers sealed inside it, no set, no row.
    expect([await b.vault.db.answerSets.count(), await b.vault.db.answers.count()]).toEqual([0, 0]);

    // Nothing new on the server: the second pull brings nothing and duplicates nothing.
    expect(await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings })).toMatchObject({ kind: 'fetched', stored: 0, alreadyHere: 0 });
    expect((await profileOf(b.vault, b.patient.id)).ids).toHaveLength(3);

    // Tablet A pulling its own visits keeps its own (same ids): nothing is overwritten.
    expect(await fetchEarlierVisits(a.ctx, { patient: a.patient, server: a.settings })).toMatchObject({ kind: 'fetched', stored: 0, alreadyHere: 3 });
  });

  it('says when the server has no such patient, and when it refuses, storing nothing', async () => {
    const c = await tablet('C-001', 'MRN-NOBODY');
    expect(await fetchEarlierVisits(c.ctx, { patient: c.patient, server: c.settings })).toEqual({ kind: 'not-on-server', identifier: `${MRN_SYSTEM}|MRN-NOBODY` });
    const refused = await fetchEarlierVisits(c.ctx, { patient: c.patient, server: { ...c.settings, auth: { kind: 'bearer', token: 'revoked' } } });
    expect(refused).toMatchObject({ kind: 'failed', failure: { code: 'http', status: 401 } });
    expect((await profileOf(c.vault, c.patient.id)).ids).toEqual([]);
  });
});
