import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, smallTouchTargets } from './axe.ts';
import { openAppSession, setUpClinic, type AppSession } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientScreen, PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

let session: AppSession | undefined;
let page: Page;
const axeReport: Record<string, string[]> = {};
const smallTargets: Record<string, string[]> = {};

/** Runs axe on the screen; with SCREENSHOTS=<dir>, also saves it in portrait and landscape to look at. */
async function checkAxe(screen: string): Promise<void> {
  axeReport[screen] = await axeViolations(page, ['serious', 'critical']);
  smallTargets[screen] = await smallTouchTargets(page);
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  const name = screen.replace(/[^a-z0-9]+/gi, '-');
  await page.screenshot({ path: `${dir}/${name}-portrait.png`, fullPage: true });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: `${dir}/${name}-landscape.png`, fullPage: true });
  await page.setViewportSize({ width: 768, height: 1024 });
}

/** The tablet in the patient's hands (set once the session is open). */
let patientMode: HandOver;

async function answer(label: string): Promise<void> {
  await patientMode.answer(label);
}

beforeAll(async () => {
  session = await openAppSession();
  page = session.page;
  patientMode = new HandOver(page);
});

afterAll(async () => {
  await session?.close();
});

/** A clinic morning in one story: each step builds on the one before, as on a real tablet. */
describe('administering SHAPS + PHQ-9 on a handed-over tablet', () => {
  it('sets up the clinic passphrase on first run', async () => {
    if (!session) throw new Error('no session');
    await page.goto(session.served.url);
    await checkAxe('setup');
    await setUpClinic(page, session.served.url);
    await checkAxe('patients (empty)');
  });

  it('adds a patient and starts SHAPS + PHQ-9 for the patient to answer', async () => {
    const patients = new PatientsScreen(page);
    await patients.add({ code: 'P-001', birthYear: '1958' });
    const patient = await (await patients.open('P-001')).shows('P-001');
    await patient.choose(/^SHAPS/, /^PHQ-9/);
    await checkAxe('patient');
    await patient.start();
    await page.getByRole('button', { name: 'Begin' }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    await checkAxe('patient mode welcome');
  });

  it('lets the patient answer half, survive a reload, and resume where they stopped', async () => {
    await patientMode.begin();
    // A plain section title in the waiting room, not the scale's clinical name; the answer order is announced.
    await page.getByRole('heading', { name: 'Part 1 of 2', exact: true }).waitFor();
    expect(await page.getByText('Snaith–Hamilton Pleasure Scale').count()).toBe(0);
    expect(await page.getByText(/The answers are not always in the same order/).count()).toBe(1);
    await checkAxe('instrument introduction');
    await patientMode.startInstrument();
    await checkAxe('item');
    for (let i = 0; i < 7; i += 1) await answer('Agree');
    await page.getByText('Question 8 of 14').waitFor();
    await patientMode.stored();
    await page.reload();
    // Straight back at the next question: no "Begin", which would read as starting over.
    await page.getByText('Question 8 of 14').waitFor();
    expect(await page.getByRole('button', { name: 'Begin' }).count()).toBe(0);
    expect(await page.getByText('7 of 24 answered').count()).toBeGreaterThan(0);
  });

  it('lets staff step in and hand straight back without losing the place', async () => {
    await page.getByRole('button', { name: 'Staff' }).click();
    await page.getByRole('heading', { name: 'Staff only', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Back to the questions' }).click();
    await page.getByText('Question 8 of 14').waitFor();
  });

  it('can be answered from the keyboard: arrow keys choose, Enter moves on', async () => {
    for (let i = 0; i < 7; i += 1) await answer('Agree');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByText('Question 1 of 9').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.getByRole('radio', { name: 'Not at all' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await page.getByText('Question 1 of 9').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByText('Question 2 of 9').waitFor();
  });

  it('shows the patient a supportive message the moment item 9 is answered "Several days"', async () => {
    for (let i = 0; i < 7; i += 1) await answer('Not at all');
    await page.getByText('Thoughts that you would be better off dead or of hurting yourself in some way').waitFor();
    await answer('Several days');
    await page.getByRole('heading', { name: 'Thank you for telling us', exact: true }).waitFor();
    await checkAxe('safety message');
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  it('finishes after the risk answer by asking the patient to give the tablet to staff now', async () => {
    await page.getByText('Optional question').waitFor();
    await patientMode.skip();
    await patientMode.finish();
    await page.getByRole('heading', { name: 'Please give the tablet to a member of staff now', exact: true }).waitFor();
    await checkAxe('finished');
  });

  it('stays locked against the back button, a reload and a typed address', async () => {
    if (!session) throw new Error('no session');
    await page.goBack().catch(() => undefined);
    await page.getByRole('heading', { name: 'Please give the tablet to a member of staff now', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Please give the tablet to a member of staff now', exact: true }).waitFor();
    await page.goto(`${session.served.url}#/patients`);
    await page.reload();
    await page.getByRole('heading', { name: 'Please give the tablet to a member of staff now', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: /P-001/ }).count()).toBe(0);
  });

  it('refuses a wrong passphrase, then unlocks and shows the item-9 alert before anything else', async () => {
    const staff = new TakeBack(page);
    await staff.takeBack('not-the-passphrase');
    await page.getByText(/That passphrase is not right/).waitFor();
    await checkAxe('unlock (error)');
    await staff.unlock();
    await page.getByRole('heading', { name: 'Safety alerts', exact: true }).waitFor();
    expect(await page.getByText(/Patient P-001/).count()).toBe(1);
    // The alert quotes the answer and when it was given, not just "'Several days' or more".
    expect(await page.locator('.card-list').innerText()).toMatch(/Item 9 answered “Several days” on \w{3} \d+, \d{4}, \d+:\d{2}/);
    await checkAxe('alerts');
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  it('shows the scores on the patient page, with the alert until it is acknowledged', async () => {
    await page.getByRole('heading', { name: 'Patient P-001', exact: true }).waitFor();
    const shaps = page.getByRole('region', { name: 'SHAPS' });
    expect(await shaps.innerText()).toContain('SHAPS total (Snaith 1995 scoring, 0–14): 0');
    expect(await shaps.innerText()).toContain('SHAPS total (Likert scoring, 14–56): 28');
    const phq = page.getByRole('region', { name: 'PHQ-9' });
    expect(await phq.innerText()).toContain('PHQ-9 total (0–27): 1');
    expect(await phq.innerText()).toContain('None–minimal (0–4) Cut-off source: Kroenke K, Spitzer RL, Williams JBW (2001)');
    expect(await page.locator('.card .summary').first().innerText()).toContain('SHAPS 0 (0–14), Normal hedonic tone (0–2) · PHQ-9 1 (0–27), None–minimal (0–4) ⚠ 1 safety flag(s), see below');
    await page.locator('summary', { hasText: 'Text for the clinical note' }).click();
    const note = await page.getByRole('textbox', { name: 'Text for the clinical note' }).inputValue();
    expect(note).toContain('PHQ-9: PHQ-9 total (0-27): 1 (None-minimal (0-4))');
    expect(note).toContain("ALERT PHQ-9: Item 9 (thoughts of being better off dead or of self-harm) was answered 'Several days' or more");
    await checkAxe('patient with results');
    await page.getByRole('button', { name: 'I have seen this alert' }).click();
    await page.getByRole('button', { name: 'I have seen this alert' }).waitFor({ state: 'detached' });
  });

  it('says before a start which questionnaires have no text in the patient’s language, and how each can be given', async () => {
    // A returning patient's page opens on the results: the start form is behind "New assessment".
    await new PatientScreen(page).newAssessment();
    await page.getByRole('combobox', { name: /Language the patient reads/ }).selectOption('zh-CN');
    // No translation pack is imported on this tablet: every questionnaire of the standard battery is named.
    await page.getByText('SHAPS, TEPS, AES-S, AMI, PHQ-9: no Chinese (Simplified) text on this tablet', { exact: false }).waitFor();
    const phq = page.getByRole('group', { name: 'PHQ-9: how to give it' });
    await phq.getByRole('radio', { name: 'In another language the patient reads' }).check();
    expect(await phq.getByRole('combobox', { name: 'Text to use for PHQ-9' }).inputValue()).toBe('en');
    expect(await phq.getByRole('radio', { name: /read it aloud/ }).isDisabled()).toBe(true);
    await checkAxe('start: no text in the patient’s language');
    await page.getByRole('combobox', { name: /Language the patient reads/ }).selectOption('en');
    expect(await page.getByRole('group', { name: 'PHQ-9: how to give it' }).count()).toBe(0);
  });

  it('switches the interface to Chinese', async () => {
    await page.getByRole('navigation').getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('link', { name: '患者', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: '患者 P-001', exact: true }).count()).toBe(1);
    await checkAxe('patient (Chinese)');
    await page.getByRole('navigation').getByLabel('语言').selectOption('en');
  });

  it('gives every control on every screen a touch target of at least 48 × 48 px', () => {
    expect(Object.fromEntries(Object.entries(smallTargets).filter(([, v]) => v.length > 0))).toEqual({});
  });

  it('finds no serious or critical accessibility violation on any screen', () => {
    expect(Object.values(axeReport).length).toBeGreaterThanOrEqual(12);
    expect(Object.fromEntries(Object.entries(axeReport).filter(([, v]) => v.length > 0))).toEqual({});
  });
});
