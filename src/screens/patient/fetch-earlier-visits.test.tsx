import { clinicTablet, TEST_MRN_SYSTEM } from '../../../tests/support/clinic-tablet.ts';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type TestFhirServer } from '../../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { completeAssessment, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId } from '../../domain/ids.ts';
import { createAssessment, updateAssessment } from '../../storage/assessment-repository.ts';
import { clinicPatientCodeSystem } from '../../workflows/clinic-settings.ts';
import { sendToEhr } from '../../workflows/send-to-ehr.ts';
import { PatientScreen } from './patient-screen.tsx';

const phq9 = loadInstrument('phq-9');
const LINK_QUESTION = 'The patient record on the server also has these identifiers:';
const catalogue = { instruments: [phq9], broken: [] };
const MRN_SYSTEM = TEST_MRN_SYSTEM;
let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: 'from-it' });
});
afterAll(() => server.close());
afterEach(cleanup);

/** A tablet of the clinic with its EHR connection and a patient known by MRN-77. */
async function tablet(code: string) {
  return clinicTablet(server, { code, mrn: 'MRN-77', catalogue, token: 'from-it', now: '2026-05-04T09:00:00.000Z', saveConnection: true });
}

describe('the patient page fetches the visits given on another tablet', () => {
  it('asks before linking to a record with another tablet’s code, then shows them read-only, marked as fetched from the EHR, with no way to send them back', async () => {
    const a = await tablet('A-1');
    const now = '2026-04-20T10:00:00.000Z';
    let given = startAssessment({ id: asAssessmentId(crypto.randomUUID()), patientId: a.patient.id, batteryName: 'PHQ-9', definitions: [phq9.definition], mode: 'patient', language: 'en', now });
    await createAssessment(a.vault, given);
    for (const item of phq9.definition.items) given = recordAnswer(given, phq9.definition, item.id, { code: item.id === 'phq-9-difficulty' ? 'somewhat-difficult' : 'several-days', answeredAt: now, durationMs: 3000 });
    given = completeAssessment(given, [phq9.definition], () => ({}), now);
    await updateAssessment(a.vault, given);
    expect(await sendToEhr(a.ctx, { assessment: given, subject: { patientCode: 'A-1', mrn: { system: MRN_SYSTEM, value: 'MRN-77' } }, server: a.settings, resend: false })).toEqual({ kind: 'sent' });

    const b = await tablet('B-9');
    renderWithServices(
      <PatientScreen patientId={b.patient.id} patientsHref="#/patients" patientHref="#/p" reportHref={() => '#/report'} onHandOver={() => Promise.resolve()} onEnter={() => undefined} />,
      { vault: b.vault, env: b.env, catalogue },
    );
    // Tablet B's code system is its own: the server's record also carries tablet A's code, so B asks first.
    const aCodes = await clinicPatientCodeSystem(a.ctx);
    const otherCode = `${aCodes.ok ? aCodes.value : ''} | A-1`;
    fireEvent.click(await screen.findByRole('button', { name: 'Fetch earlier visits from the EHR' }));
    const warning = await screen.findByRole('alert', { name: LINK_QUESTION }, { timeout: 10_000 });
    expect(within(warning).getAllByRole('listitem').map((li) => li.textContent)).toEqual([otherCode]);
    expect(warning.textContent).toContain('Make sure it is the same person before linking.');
    expect(document.activeElement).toBe(warning);

    // Cancel: nothing fetched, nothing stored, not even the link.
    fireEvent.click(within(warning).getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Nothing was fetched. Nothing was changed.', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByText(/^Given on another tablet/)).toBeNull();
    expect([await b.vault.db.assessments.count(), (await b.vault.db.settings.toArray()).filter((r) => r.key.includes(b.patient.id)).length]).toEqual([0, 0]);

    fireEvent.click(screen.getByRole('button', { name: 'Fetch earlier visits from the EHR' }));
    fireEvent.click(within(await screen.findByRole('alert', { name: LINK_QUESTION }, { timeout: 10_000 })).getByRole('button', { name: 'Link and continue' }));
    expect(await screen.findByText('New visits from the EHR: 1. Already on this tablet: 0.', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByRole('alert', { name: LINK_QUESTION })).toBeNull();
    const latest = (await screen.findByText(/^Given on another tablet; fetched from the EHR on /)).closest('.card') as HTMLElement;
    expect(latest.textContent).toContain('PHQ-9 total (0–27): 9');
    expect(within(latest).queryByText('Export to the EHR (FHIR)')).toBeNull();
    // Item 9 was answered "several days" on tablet A: the alert is raised here too, for a clinician to see.
    expect(screen.getByRole('button', { name: 'I have seen this alert' })).toBeTruthy();
  });
});
