import { clinicTablet, TEST_MRN_SYSTEM } from '../../tests/support/clinic-tablet.ts';
import type { Bundle, Observation, Provenance, QuestionnaireResponse } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, TEST_CLINIC_CODE_SYSTEM, type TestFhirServer } from '../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { completeAssessment, recordAnswer, startAssessment, type Assessment } from '../domain/assessment.ts';
import { asAssessmentId, type PatientId } from '../domain/ids.ts';
import { groupVisits } from '../domain/profile.ts';
import { correctedVisits, currentVersions } from '../domain/revision.ts';
import { ASSESSMENT_ID_SYSTEM } from '../export/fhir/fhir-terms.ts';
import { PROVENANCE_TAG_SYSTEM } from '../export/fhir/transaction.ts';
import { getAssessment, listAssessmentsForPatient } from '../storage/assessment-repository.ts';
import { storeImportedAssessments } from '../storage/imported-assessments.ts';
import { correctAssessment } from './correct-assessment.ts';
import { fetchEarlierVisits } from './fetch-earlier-visits.ts';
import { sendToEhr } from './send-to-ehr.ts';

const phq = loadInstrument('phq-9');
const catalogue = { instruments: [phq], broken: [] };
const MRN_SYSTEM = TEST_MRN_SYSTEM;
const TOKEN = 'clinic-token';

let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: TOKEN });
  server.nextLinks = true;
});
afterAll(() => server.close());

/** One tablet of the clinic: its own vault, the clinic's patient-code system, the patient under the same code and MRN. */
async function tablet() {
  return clinicTablet(server, { code: 'K-1', mrn: 'MRN-7', catalogue, token: TOKEN, now: '2026-05-01T08:00:00.000Z', codeSystem: TEST_CLINIC_CODE_SYSTEM });
}
type Tablet = Awaited<ReturnType<typeof tablet>>;

/** A PHQ-9 visit in month `month`, every frequency item at option `level` (total 8 × level). */
async function visit(on: Tablet, month: number, level: number): Promise<Assessment> {
  const now = `2026-0${String(month)}-10T10:00:00.000Z`;
  let a = startAssessment({ id: asAssessmentId(crypto.randomUUID()), patientId: on.patient.id, batteryName: 'PHQ-9', definitions: [phq.definition], mode: 'clinician', language: 'en', now });
  for (const item of phq.definition.items) {
    const options = phq.definition.optionSets[item.optionSet]?.options ?? [];
    a = recordAnswer(a, phq.definition, item.id, { code: (item.id === 'phq-9-9' ? options[0] : options[level]) ?? '', answeredAt: now, durationMs: 4000 });
  }
  const done = completeAssessment(a, [phq.definition], () => ({}), now);
  // Stored as a completed visit is: the record and its answers as one sealed answer set.
  const stored = await storeImportedAssessments(on.vault, [done]);
  if (!stored.ok) throw new Error(stored.error.code);
  return done;
}

const send = (on: Tablet, assessment: Assessment, resend = false) =>
  sendToEhr(on.ctx, { assessment, subject: { patientCode: on.patient.code, mrn: { system: MRN_SYSTEM, value: 'MRN-7' } }, server: on.settings, resend });

const all = async (on: Tablet, patientId: PatientId = on.patient.id) => {
  const listed = await listAssessmentsForPatient(on.vault, patientId);
  if (!listed.ok) throw new Error(listed.error.code);
  return listed.value;
};

/** What the profile, trend and reliable change are computed from: each visit's current version, by date. */
const profileInput = (assessments: readonly Assessment[]) =>
  groupVisits(
    currentVersions(assessments).flatMap((a) => (a.results && a.completedAt ? [{ completedAt: a.completedAt, results: a.results }] : [])),
    new Map([[phq.definition.id, phq.definition]]),
  );

async function search<T>(query: string): Promise<T[]> {
  const response = await fetch(`${server.baseUrl}/${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const bundle = (await response.json()) as Bundle;
  return (bundle.entry ?? []).map((e) => e.resource as T);
}

describe('correcting a visit, as new versions on the tablet and on the clinic server', () => {
  it('amends and voids on tablet A; tablet B pulls the newest versions, which supersede what it pulled before', async () => {
    const a = await tablet();
    const [march, april, may] = [await visit(a, 3, 3), await visit(a, 4, 2), await visit(a, 5, 1)];
    for (const v of [march, april, may]) expect(await send(a, v)).toEqual({ kind: 'sent' });
    const b = await tablet();
    expect(await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings })).toMatchObject({ kind: 'fetched', stored: 3 });

    // April: item 1 was keyed as "nearly every day" but the patient said "not at all". May: another patient's visit.
    const amended = await correctAssessment(a.ctx, { assessmentId: april.id, request: { kind: 'amend', changes: { 'phq-9': { 'phq-9-1': 'not-at-all' } }, note: 'keyed the wrong row' } });
    if (!amended.ok) throw new Error(JSON.stringify(amended.error));
    expect(amended.value.results?.['phq-9']?.scores['total']).toBe(14);
    const voided = await correctAssessment(a.ctx, { assessmentId: may.id, request: { kind: 'void', reason: 'wrong-patient', note: 'this was A-2' } });
    if (!voided.ok) throw new Error(JSON.stringify(voided.error));
    // The old versions are kept on tablet A, unchanged.
    const kept = await getAssessment(a.vault, april.id);
    expect(kept.ok && kept.value.results?.['phq-9']?.scores['total']).toBe(16);
    expect((await all(a)).length).toBe(5);
    // A correction of a version already replaced is refused.
    expect(await correctAssessment(a.ctx, { assessmentId: april.id, request: { kind: 'void', reason: 'entered-in-error', note: '' } })).toMatchObject({ ok: false, error: { kind: 'refused', problem: 'not-current' } });

    expect(await send(a, amended.value)).toEqual({ kind: 'sent' });
    expect(await send(a, voided.value)).toEqual({ kind: 'sent' });
    // A retry sends the same versions again: the server keeps one response per visit and one Provenance per version.
    expect(await send(a, amended.value, true)).toEqual({ kind: 'sent' });

    const [aprilOnServer] = await search<QuestionnaireResponse>(`QuestionnaireResponse?identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|${april.id}/phq-9`)}`);
    expect(aprilOnServer?.status).toBe('amended');
    const [mayOnServer] = await search<QuestionnaireResponse>(`QuestionnaireResponse?identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|${may.id}/phq-9`)}`);
    expect(mayOnServer?.status).toBe('entered-in-error');
    const mayTotal = await search<Observation>(`Observation?identifier=${encodeURIComponent(`${ASSESSMENT_ID_SYSTEM}|${may.id}/phq-9/total`)}`);
    expect(mayTotal.map((o) => o.status)).toEqual(['entered-in-error']);
    const responses = await search<QuestionnaireResponse>('QuestionnaireResponse?_count=100');
    expect(responses.filter((r) => [march.id, april.id, may.id].some((id) => r.identifier?.value === `${id}/phq-9`))).toHaveLength(3);
    const provenance = await search<Provenance>(`Provenance?_tag=${encodeURIComponent(`${PROVENANCE_TAG_SYSTEM}|${april.id}/phq-9/v2`)}`);
    expect(provenance).toHaveLength(1);
    expect(provenance[0]?.reason?.[0]?.text).toBe('A wrong answer was entered: keyed the wrong row');
    expect(provenance[0]?.activity?.coding?.[0]?.code).toBe('UPDATE');
    expect(provenance[0]?.agent.map((g) => g.who.display)).toContain('Clinic administrator');

    // Tablet B pulls again: the two new versions supersede the ones it holds; nothing is duplicated.
    expect(await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings })).toMatchObject({ kind: 'fetched', stored: 2, voided: 1 });
    const [onA, onB] = [await all(a), await all(b)];
    expect(profileInput(onB)).toEqual(profileInput(onA));
    expect(currentVersions(onB).map((x) => x.results?.['phq-9']?.scores['total']).sort()).toEqual([14, 24]);
    const history = correctedVisits(onB);
    expect(history.map((h) => [h.root, h.voided, h.versions.map((v) => v.revision?.number ?? 1)])).toEqual(
      expect.arrayContaining([
        [may.id, true, [2, 1]],
        [april.id, false, [2, 1]],
      ]),
    );
    expect(history.find((h) => h.root === may.id)?.versions[0]?.revision).toMatchObject({ kind: 'entered-in-error', reason: 'wrong-patient', note: 'this was A-2' });

    // A second pull brings nothing new, on either tablet: A holds its own corrections.
    expect(await fetchEarlierVisits(b.ctx, { patient: b.patient, server: b.settings })).toMatchObject({ kind: 'fetched', stored: 0 });
    expect(await fetchEarlierVisits(a.ctx, { patient: a.patient, server: a.settings })).toMatchObject({ kind: 'fetched', stored: 0 });
    expect((await all(a)).length).toBe(5);

    // B corrects April again (version 3); A pulls it, under the id every tablet gives that version.
    const third = await correctAssessment(b.ctx, { assessmentId: `${april.id}~2`, request: { kind: 'amend', changes: { 'phq-9': { 'phq-9-2': 'not-at-all' } }, note: '' } });
    if (!third.ok) throw new Error(JSON.stringify(third.error));
    expect(await send(b, third.value)).toEqual({ kind: 'sent' });
    expect(await fetchEarlierVisits(a.ctx, { patient: a.patient, server: a.settings })).toMatchObject({ kind: 'fetched', stored: 1 });
    expect(currentVersions(await all(a)).map((x) => x.id)).toContain(`${april.id}~3`);
    expect(profileInput(await all(a))).toEqual(profileInput(await all(b)));
  });
});
