import type { HelpTexts } from '../../domain/help-text.ts';
import { loadInstrument } from '../../../tests/support/instruments.ts';
import { freshVault } from '../../../tests/support/vault.ts';
import { simulateFullDisk } from '../../../tests/support/full-disk.ts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAssessment, type Assessment } from '../../domain/assessment.ts';
import { messagesZhCn } from '../../i18n/messages-zh-cn.ts';
import { TEST_PACK_MARK, withTestPack } from '../../../tests/support/test-packs.ts';
import { asAssessmentId, asPatientId } from '../../domain/ids.ts';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import type { Catalogue } from '../../domain/instrument-catalogue.ts';
import { createAssessment } from '../../storage/assessment-repository.ts';
import type { Vault } from '../../storage/vault.ts';
import type { PatientSession } from '../../domain/patient-session.ts';
import { handOverForTest, readAsClinician } from '../../../tests/support/hand-over.ts';
import { takeBack } from '../../workflows/hand-over.ts';
import { DEFAULT_EFFORT_TASK_CONFIG } from '../../domain/effort-task/task-config.ts';
import { createEffortTaskRecord } from '../../domain/effort-task/task-record.ts';
import { createRewardTaskRecord } from '../../domain/prt/task-record.ts';
import { PatientModeScreen } from './patient-mode-screen.tsx';

const load = loadInstrument;
const catalogue: Catalogue = { instruments: [load('phq-9')], broken: [] };
const env = testEnvironment();

type HandedOver = { readonly clinic: Vault; readonly vault: Vault; readonly known: PatientSession };

async function handedOver(options: { effortTask?: boolean; rewardTask?: boolean; language?: string; texts?: Assessment['texts']; catalogue?: Catalogue } = {}): Promise<HandedOver> {
  const vault = await freshVault();
  const definitions = catalogue.instruments.map((i) => i.definition);
  const effortTask = options.effortTask ? createEffortTaskRecord({ seed: 7, startedAt: env.nowMs(), device: env.device(), config: { ...DEFAULT_EFFORT_TASK_CONFIG, blocks: 1 } }) : null;
  const assessment = startAssessment({ id: asAssessmentId('a1'), patientId: asPatientId('p1'), batteryName: 'PHQ-9', definitions, mode: 'patient', language: options.language ?? 'en', ...(options.texts ? { texts: options.texts } : {}), now: env.now(), effortTask, rewardTask: options.rewardTask ? createRewardTaskRecord({ seed: 8, startedAt: env.nowMs(), device: env.device() }) : null });
  await createAssessment(vault, assessment);
  // As on the tablet: patient mode holds no key at all, only what the clinician had open (in memory).
  const { patientVault, known } = await handOverForTest(vault, env, options.catalogue ?? catalogue);
  return { clinic: vault, vault: patientVault, known };
}

/** Patient mode as the hand-over opens it (`known`), or as a reload does (`reloaded`: nothing in memory). */
function show(given: HandedOver, helpTexts: HelpTexts = {}, shown: Catalogue = catalogue, reloaded = false) {
  return renderWithServices(<PatientModeScreen assessmentId="a1" known={reloaded ? null : given.known} helpTexts={helpTexts} inactivityMinutes={5} onStaff={() => undefined} />, { vault: given.vault, env, catalogue: shown });
}

/** Staff take the tablet back with the passphrase (the clinician's keys): the assessment as they then read it. */
async function takenBack(given: HandedOver, shown: Catalogue = catalogue) {
  const back = await takeBack({ vault: given.vault, catalogue: shown, env: testEnvironment() }, given.clinic.keys);
  if (!back.ok) throw new Error(back.error.code);
  return readAsClinician(given.clinic);
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

afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

describe('PatientModeScreen (real Dexie on fake-indexeddb)', () => {
  it('saves each answer the moment it is tapped, sealed so that only the clinic’s inbox key opens it', async () => {
    const given = await handedOver();
    show(given);
    await begin();
    tap('Several days');
    await waitFor(async () => expect(await given.vault.db.answers.count()).toBe(1));
    expect((await given.vault.db.answers.toArray()).map((row) => row.keyId)).toEqual(['inbox']);
    const stored = await readAsClinician(given.clinic);
    expect(stored.answers['phq-9']?.['phq-9-1']?.code).toBe('several-days');
    expect(screen.getByText('Question 2 of 9')).toBeTruthy();
  });

  it('resumes at the first unanswered item when opened again (a reload), knowing which items were answered but not how', async () => {
    const given = await handedOver();
    const first = show(given);
    await begin();
    tap('Not at all');
    tap('Several days');
    await waitFor(async () => expect(await given.vault.db.answers.count()).toBe(2));
    first.unmount();
    show(given, {}, catalogue, true);
    // Straight back at the next question: no welcome and no "Begin", which would read as starting over.
    expect(await screen.findByText('Question 3 of 9')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Begin' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Staff' })).toBeTruthy();
    expect(screen.getByText('2 of 10 answered')).toBeTruthy();
    // Back: the earlier answer is kept (sealed for the clinic) but cannot be shown; Next passes without choosing again.
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByText('Question 2 of 9')).toBeTruthy();
    expect(screen.getByText(/You answered this question before/)).toBeTruthy();
    expect(screen.getAllByRole<HTMLInputElement>('radio').some((r) => r.checked)).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Question 3 of 9')).toBeTruthy();
    tap('Nearly every day');
    await waitFor(async () => expect(await given.vault.db.answers.count()).toBe(3));
    const stored = await takenBack(given);
    expect(Object.entries(stored.answers['phq-9'] ?? {}).map(([id, a]) => [id, a.code])).toEqual([
      ['phq-9-1', 'not-at-all'],
      ['phq-9-2', 'several-days'],
      ['phq-9-3', 'nearly-every-day'],
    ]);
    expect((await given.clinic.db.answers.toArray()).map((row) => row.keyId)).toEqual(['data', 'data', 'data']);
  });

  it('opens at the welcome again after a reload before the first answer', async () => {
    const given = await handedOver();
    const first = show(given);
    expect(await screen.findByRole('button', { name: 'Begin' })).toBeTruthy();
    first.unmount();
    show(given, {}, catalogue, true);
    await begin();
    expect(screen.getByText('Question 1 of 9')).toBeTruthy();
  });

  it('shows the clinic\'s own help text after item 9 is answered "Several days" or more', async () => {
    const given = await handedOver();
    show(given, { en: 'Ask at reception for the duty doctor, or call 555-0100.', 'zh-CN': '请到前台找值班医生。' });
    await begin();
    for (let i = 0; i < 8; i += 1) tap('Not at all');
    tap('More than half the days');
    expect(await screen.findByRole('heading', { name: 'Thank you for telling us' })).toBeTruthy();
    expect(screen.getByText('Ask at reception for the duty doctor, or call 555-0100.')).toBeTruthy();
    // The clear alert bit is set with the answer; which alert, and the answer, are sealed until staff take it back.
    await waitFor(async () => expect((await given.vault.db.assessments.get('a1'))?.alertOpen).toBe(1));
    expect((await takenBack(given)).alerts).toEqual([{ instrumentId: 'phq-9', flag: 'suicidalIdeation' }]);
  });

  it('speaks the language the patient reads on an English tablet: the pack text, the buttons and the help text', async () => {
    const phq = withTestPack(load('phq-9'), 'zh-CN');
    const pack = phq.packs['zh-CN'];
    if (!pack) throw new Error('no test pack');
    const shown = { instruments: [phq], broken: [] };
    const given = await handedOver({ language: 'zh-CN', texts: { 'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: pack.hash, reading: 'respondent' } }, catalogue: shown });
    show(given, { en: 'Ask at reception.', 'zh-CN': '请到前台。' }, shown, true);
    fireEvent.click(await screen.findByRole('button', { name: messagesZhCn['handover.begin'] }));
    fireEvent.click(screen.getByRole('button', { name: messagesZhCn['form.start'] }));
    expect(screen.getByText(`${TEST_PACK_MARK} phq-9-1`)).toBeTruthy();
    for (let i = 0; i < 8; i += 1) tap(`${TEST_PACK_MARK} not-at-all`);
    tap(`${TEST_PACK_MARK} several-days`);
    expect(await screen.findByRole('heading', { name: messagesZhCn['safety.heading'] })).toBeTruthy();
    expect(screen.getByText('请到前台。')).toBeTruthy();
  });

  it('keeps the answer on screen and says so when storage fails', async () => {
    const given = await handedOver();
    const { vault } = given;
    show(given);
    await begin();
    // The browser will not let the app store data: the connection is closed and cannot be opened again.
    vault.db.close({ disableAutoOpen: true });
    vi.spyOn(vault.db, 'open').mockRejectedValue(Object.assign(new Error('IndexedDB API missing'), { name: 'MissingAPIError' }));
    tap('Several days');
    expect((await screen.findByRole('alert')).textContent).toContain('will not let the app store data');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Several days' }).checked).toBe(true);
  });

  it('tells the patient calmly that the answers are kept when the disk is full, and stores them all on Try again once space is free', async () => {
    const given = await handedOver();
    const { vault } = given;
    const disk = await simulateFullDisk(vault.db, ['answers', 'assessments'], 'closed');
    show(given);
    await begin();
    tap('Several days');
    await waitFor(async () => expect(await vault.db.answers.count()).toBe(1));
    disk.fill();
    tap('Not at all');
    expect((await screen.findByRole('status')).textContent).toContain('Your answers are kept. Please give the tablet to a member of staff.');
    expect(screen.queryByText(/private browsing/)).toBeNull();
    // Leaving patient mode would drop the answers held in memory: no Staff button, no questions, until they are stored.
    expect(screen.queryByRole('button', { name: 'Staff' })).toBeNull();
    expect(screen.queryByRole('radio')).toBeNull();
    fireEvent.click(screen.getByText('For staff'));
    expect(screen.getByRole('alert').textContent).toContain('The tablet’s storage is full');
    expect(screen.getByRole('alert').textContent).toContain('do not close or reload it');

    disk.free();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Question 3 of 9')).toBeTruthy();
    const stored = await readAsClinician(given.clinic);
    expect(Object.entries(stored.answers['phq-9'] ?? {}).map(([id, a]) => [id, a.code])).toEqual([
      ['phq-9-1', 'several-days'],
      ['phq-9-2', 'not-at-all'],
    ]);
  });

  it('asks before the page is left only while answers wait to be stored', async () => {
    const given = await handedOver();
    const disk = await simulateFullDisk(given.vault.db, ['answers', 'assessments']);
    show(given);
    await begin();
    const leaving = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leaving()).toBe(false);
    disk.fill();
    tap('Several days');
    await screen.findByRole('status');
    expect(leaving()).toBe(true);
    disk.free();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('Question 2 of 9');
    expect(leaving()).toBe(false);
  });

  it('never starts the effort game after a risk answer: it ends asking the patient to call staff now', async () => {
    const given = await handedOver({ effortTask: true });
    show(given, { en: 'Ask at reception for the duty doctor.' });
    await begin();
    for (let i = 0; i < 8; i += 1) tap('Not at all');
    tap('Several days');
    fireEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    tap('Not difficult at all');
    fireEvent.click(await screen.findByRole('button', { name: 'Finish' }));
    expect(await screen.findByRole('heading', { name: 'Please give the tablet to a member of staff now' })).toBeTruthy();
    expect(screen.queryByText(/Tap as fast as you can/)).toBeNull();
    // Staff score it when they take the tablet back.
    const stored = await takenBack(given);
    expect([stored.status, stored.effortTask?.outcome.status, stored.effortTask?.trials.length]).toEqual(['completed', 'in-progress', 0]);
  });

  it('says on the welcome screen how many questions there are, about how long, and that a game follows', async () => {
    const given = await handedOver({ effortTask: true });
    show(given);
    expect(await screen.findByText('There is 1 short questionnaire, 10 questions (about 2 minutes). Tap the answer that fits you best. You can go back to change an answer. Your answers are saved as you go, so you can take a break at any time.')).toBeTruthy();
    expect(screen.getByText('After the questions there is a short game on the screen (about 4 minutes).')).toBeTruthy();
  });

  it('titles each questionnaire "Part 1 of 1" in the waiting room, never by its clinical name', async () => {
    const given = await handedOver();
    show(given);
    fireEvent.click(await screen.findByRole('button', { name: 'Begin' }));
    expect(screen.getByRole('heading', { name: 'Part 1 of 1' })).toBeTruthy();
    expect(screen.queryByText(/Patient Health Questionnaire/)).toBeNull();
    // PHQ-9 keeps one answer order (its last question has other answers): no note about the order.
    expect(screen.queryByText(/not always in the same order/)).toBeNull();
  });

  it('counts the optional last PHQ-9 question in the progress, so it never reads "all answered" while one follows', async () => {
    const given = await handedOver();
    show(given);
    await begin();
    for (let i = 0; i < 9; i += 1) tap('Not at all');
    expect(screen.getByText('9 of 10 answered')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Skip' }));
    expect(await screen.findByText('10 of 10 answered')).toBeTruthy();
  });

  it('still offers the effort game when no risk answer was given', async () => {
    const given = await handedOver({ effortTask: true });
    show(given, {}, catalogue, true);
    await begin();
    for (let i = 0; i < 9; i += 1) tap('Not at all');
    tap('Not difficult at all');
    fireEvent.click(await screen.findByRole('button', { name: 'Finish' }));
    expect(screen.queryByRole('heading', { name: 'Please give the tablet to a member of staff now' })).toBeNull();
    // Announced first, with how long it takes (16 offers: about 4 minutes), then started by the patient.
    expect(await screen.findByRole('heading', { name: 'Next: a short game' })).toBeTruthy();
    expect(screen.getByText(/It takes about 4 minutes/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start the game' }));
    expect(await screen.findByRole('region', { name: /effort|game/i })).toBeTruthy();
  });

  it('gives the reward game after the effort game, announced with its length; after a risk answer neither starts', async () => {
    const safe = await handedOver({ effortTask: true, rewardTask: true });
    show(safe);
    expect(await screen.findByText('Then there is a game with faces (about 19 minutes, with rests).')).toBeTruthy();
    await begin();
    for (let i = 0; i < 9; i += 1) tap('Not at all');
    tap('Not difficult at all');
    fireEvent.click(await screen.findByRole('button', { name: 'Finish' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Start the game' }));
    // The effort game stopped at once ("I can't do this task"), the reward game is announced next.
    fireEvent.click(await screen.findByRole('button', { name: /can’t do this task/ }));
    fireEvent.click(await screen.findByLabelText(/Another reason/));
    fireEvent.click(screen.getByRole('button', { name: /Stop/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Finish' }));
    expect(await screen.findByRole('heading', { name: 'Next: a game with faces' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start the game' }));
    expect(await screen.findByRole('heading', { name: 'The face game' })).toBeTruthy();
    cleanup();

    const risky = await handedOver({ effortTask: true, rewardTask: true });
    show(risky);
    await begin();
    for (let i = 0; i < 8; i += 1) tap('Not at all');
    tap('Several days');
    fireEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    tap('Not difficult at all');
    fireEvent.click(await screen.findByRole('button', { name: 'Finish' }));
    expect(await screen.findByRole('heading', { name: 'Please give the tablet to a member of staff now' })).toBeTruthy();
    expect(screen.queryByText(/game with faces/)).toBeNull();
    const stored = await takenBack(risky);
    expect([stored.status, stored.rewardTask?.outcome.status, stored.rewardTask?.trials.length]).toEqual(['completed', 'in-progress', 0]);
  });
});
