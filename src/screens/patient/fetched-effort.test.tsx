import { clinicTablet, TEST_MRN_SYSTEM } from '../../../tests/support/clinic-tablet.ts';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { playEffortTask } from '../../../tests/support/effort-task.ts';
import { startFhirServer, TEST_CLINIC_CODE_SYSTEM, type TestFhirServer } from '../../../tests/support/fhir-server.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { completeAssessment, recordAnswer, startAssessment } from '../../domain/assessment.ts';
import { summariseEffortTask } from '../../domain/effort-task/effort-result.ts';
import { asAssessmentId } from '../../domain/ids.ts';
import { createAssessment, listAssessmentsForPatient, updateAssessment } from '../../storage/assessment-repository.ts';
import { sendToEhr } from '../../workflows/send-to-ehr.ts';
import { AssessmentReport } from './assessment-report.tsx';
import { PatientScreen } from './patient-screen.tsx';

const shaps = loadInstrument('shaps');
const catalogue = { instruments: [shaps], broken: [] };
const MRN_SYSTEM = TEST_MRN_SYSTEM;
let server: TestFhirServer;
beforeAll(async () => {
  server = await startFhirServer({ token: 'from-it' });
});
afterAll(() => server.close());
afterEach(cleanup);

async function tablet(code: string) {
  // Every tablet of the clinic uses the clinic's patient-code system, and knows the patient by the same code.
  return clinicTablet(server, { code, mrn: 'MRN-88', catalogue, token: 'from-it', now: '2026-05-04T09:00:00.000Z', codeSystem: TEST_CLINIC_CODE_SYSTEM, saveConnection: true });
}

describe('a visit fetched with its effort task', () => {
  it('shows the parameters tablet A reported on the patient page and in the printed report, with no grid and nothing to refit', async () => {
    const a = await tablet('K-9');
    const now = '2026-04-20T10:00:00.000Z';
    const effortTask = playEffortTask((reward, effort) => reward * 1.2 - effort * effort * 0.4 > 0);
    let given = startAssessment({ id: asAssessmentId(crypto.randomUUID()), patientId: a.patient.id, batteryName: 'SHAPS', definitions: [shaps.definition], mode: 'patient', language: 'en', now });
    await createAssessment(a.vault, given);
    for (const item of shaps.definition.items) given = recordAnswer(given, shaps.definition, item.id, { code: 'agree', answeredAt: now, durationMs: 3000 });
    given = { ...completeAssessment(given, [shaps.definition], () => ({}), now), effortTask };
    await updateAssessment(a.vault, given);
    expect(await sendToEhr(a.ctx, { assessment: given, subject: { patientCode: 'K-9', mrn: { system: MRN_SYSTEM, value: 'MRN-88' } }, server: a.settings, resend: false })).toEqual({ kind: 'sent' });
    const result = summariseEffortTask(effortTask);
    if (result.status !== 'completed') throw new Error(result.status);
    const kR = `${String(Math.round(result.reported.parameters.rewardSensitivity * 100) / 100)} ± ${String(Math.round(result.reported.standardErrors.rewardSensitivity * 100) / 100)}`;

    const b = await tablet('K-9');
    renderWithServices(
      <PatientScreen patientId={b.patient.id} patientsHref="#/patients" patientHref="#/p" reportHref={() => '#/report'} onHandOver={() => Promise.resolve()} onEnter={() => undefined} />,
      { vault: b.vault, env: b.env, catalogue },
    );
    // Generous waits: a real fetch from the server, then lazily loaded views, on a loaded 2-core machine.
    const slow = { timeout: 10_000 };
    fireEvent.click(await screen.findByRole('button', { name: 'Fetch earlier visits from the EHR' }, slow));
    expect(await screen.findByText('Effort task results added to fetched visits: 1. Already on this tablet: 0.', {}, slow)).toBeTruthy();
    const effort = (await screen.findByText(/^Effort task of /, {}, slow)).closest('details') as HTMLElement;
    expect(effort.textContent).toMatch(/Reported by the tablet that gave the task; fetched from the EHR on/);
    expect(effort.textContent).toContain(`Reward sensitivity (kR)${kR}`);
    expect(effort.textContent).toMatch(/No acceptance grid or model comparison/);
    expect(effort.querySelector('.effort-grid, figure, button')).toBeNull();
    cleanup();

    const pulled = await listAssessmentsForPatient(b.vault, b.patient.id);
    const visit = pulled.ok ? pulled.value[0] : undefined;
    if (!visit) throw new Error('not pulled');
    renderWithServices(<AssessmentReport patient={b.patient} assessment={visit} history={[visit]} backHref="#/p" printedAt="2026-05-04T09:00:00.000Z" />, { vault: b.vault, env: b.env, catalogue });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Include the effort task' }, slow));
    expect(await screen.findByText(/Reported by the tablet that gave the task/, {}, slow)).toBeTruthy();
    expect(screen.getByText(/No acceptance grid or model comparison/)).toBeTruthy();
  });
});
