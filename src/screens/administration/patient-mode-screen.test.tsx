import 'fake-indexeddb/auto';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAssessment } from '../../domain/assessment.ts';
import { asAssessmentId, asPatientId, type Environment } from '../../domain/ids.ts';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { createAssessment } from '../../storage/assessment-repository.ts';
import { openDatabase, type AppDatabase } from '../../storage/database.ts';
import { PatientModeScreen } from './patient-mode-screen.tsx';

const load = loadInstrument;
const catalogue: Catalogue = { instruments: [load('phq-9')], broken: [] };
const env: Environment = { now: () => '2026-01-01T09:00:00.000Z', newId: () => 'id' };
const dbs: AppDatabase[] = [];

async function handedOver(): Promise<AppDatabase> {
  const db = openDatabase(`pm-${dbs.length}-${Math.round(performance.now() * 1000)}`);
  dbs.push(db);
  const definitions = catalogue.instruments.map((i) => i.definition);
  const assessment = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions, mode: 'patient', language: 'en', now: env.now() });
  await createAssessment(db, assessment);
  return db;
}

function show(db: AppDatabase, helpText: string | null = null) {
  return render(
    <PatientModeScreen db={db} catalogue={catalogue} env={env} assessmentId="a1" helpText={helpText} inactivityMinutes={5} onStaff={() => undefined} />,
  );
}

async function begin() {
  fireEvent.click(await screen.findByRole('button', { name: 'Begin' }));
  fireEvent.click(screen.getByRole('button', { name: 'Start' }));
}

function tap(name: string) {
  const radio = screen.getByRole('radio', { name });
  fireEvent.pointerDown(radio.closest('label') as HTMLElement);
  fireEvent.click(radio);
}

// Each reading of the clock is a second later, so no tap falls inside the double-tap guard.
beforeEach(() => {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
});

afterEach(async () => {
  vi.restoreAllMocks();
  cleanup();
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

describe('PatientModeScreen (real Dexie on fake-indexeddb)', () => {
  it('saves each answer the moment it is tapped', async () => {
    const db = await handedOver();
    show(db);
    await begin();
    tap('Several days');
    await waitFor(async () => expect(await db.answers.count()).toBe(1));
    expect((await db.answers.toArray())[0]).toMatchObject({ itemId: 'phq-9-1', code: 'several-days' });
    expect(screen.getByText('Question 2 of 9')).toBeTruthy();
  });

  it('resumes at the first unanswered item when opened again (a reload)', async () => {
    const db = await handedOver();
    const first = show(db);
    await begin();
    tap('Not at all');
    tap('Not at all');
    await waitFor(async () => expect(await db.answers.count()).toBe(2));
    first.unmount();
    show(db);
    fireEvent.click(await screen.findByRole('button', { name: 'Begin' }));
    expect(screen.getByText('Question 3 of 9')).toBeTruthy();
  });

  it('shows the clinic\'s own help text after item 9 is answered "Several days" or more', async () => {
    const db = await handedOver();
    show(db, 'Ask at reception for the duty doctor, or call 555-0100.');
    await begin();
    for (let i = 0; i < 8; i += 1) tap('Not at all');
    tap('More than half the days');
    expect(await screen.findByRole('heading', { name: 'Thank you for telling us' })).toBeTruthy();
    expect(screen.getByText('Ask at reception for the duty doctor, or call 555-0100.')).toBeTruthy();
    await waitFor(async () => expect((await db.assessments.get('a1'))?.alerts).toEqual([{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]));
  });

  it('keeps the answer on screen and says so when storage fails', async () => {
    const db = await handedOver();
    show(db);
    await begin();
    db.close({ disableAutoOpen: true });
    tap('Several days');
    expect((await screen.findByRole('alert')).textContent).toContain('will not let the app store data');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Several days' }).checked).toBe(true);
  });
});
