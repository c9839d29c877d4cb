import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, smallTouchTargets } from './axe.ts';
import { openAppSession, setUpClinic, tapAnswer, type AppSession } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientScreen, PatientsScreen } from './pages/patients.ts';
import { TakeBack } from './pages/take-back.ts';

let session: AppSession | undefined;
let page: Page;

beforeAll(async () => {
  session = await openAppSession({ width: 1024, height: 768 });
  page = session.page;
  await page.clock.install();
  await setUpClinic(page, session.served.url);
});

afterAll(async () => {
  await session?.close();
});

async function addPatient(code: string): Promise<void> {
  const patients = new PatientsScreen(page);
  await patients.goTo();
  await patients.add({ code });
  await page.getByText(`Patient ${code} added.`).waitFor();
}

async function openPatient(code: string): Promise<void> {
  const patients = new PatientsScreen(page);
  await patients.goTo();
  await (await patients.open(code)).shows(code);
}

describe('a clinic morning: several patients, several batteries', () => {
  it('refuses to hand a clinician-rated scale to the patient', async () => {
    await addPatient('P-010');
    await addPatient('P-011');
    // The list re-renders after the second save: wait for its link before counting (count() does not wait).
    await page.getByRole('link', { name: /P-011/ }).waitFor();
    expect(await page.getByRole('link', { name: /P-01[01]/ }).count()).toBe(2);
    await openPatient('P-010');
    await page.getByLabel('Choose instruments').check();
    await page.getByRole('checkbox', { name: /^AES-C/ }).check();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByText('Clinician and informant scales (AES-C) cannot be handed to the patient.').waitFor();
  });

  it('records an informant report (AES-I) keyed in by the clinician, with the relation', async () => {
    await page.getByRole('checkbox', { name: /^AES-C/ }).uncheck();
    await page.getByRole('checkbox', { name: /^AES-I/ }).check();
    await page.getByLabel('I enter the answers (interview or informant)').check();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByText('Enter the informant’s relation to the patient.').waitFor();
    await page.getByLabel('Informant’s relation to the patient (for AES-I)').fill('daughter');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('heading', { name: 'Entering answers for patient P-010', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    for (let i = 0; i < 18; i += 1) await tapAnswer(page, 'Somewhat true');
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { name: 'Patient P-010', exact: true }).waitFor();
    expect(await page.locator('.card > p', { hasText: 'Informant: daughter' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'AES-I' }).innerText()).toContain('AES-I total (18–72): 39');
  });

  it('locks a handed-over tablet after the set minutes without a touch, keeping the answers', async () => {
    await openPatient('P-011');
    await new PatientScreen(page).start();
    const patientMode = new HandOver(page);
    await patientMode.begin();
    await patientMode.startInstrument();
    await patientMode.answer('Agree', 2);
    await page.getByText('Question 3 of 14').waitFor();
    await page.clock.fastForward('06:00');
    await page.getByRole('heading', { name: 'Screen locked', exact: true }).waitFor();
    expect(await page.getByText('Agree', { exact: true }).count()).toBe(0);
  });

  it('takes the tablet back with the passphrase and shows the draft with its saved answers', async () => {
    await page.getByRole('button', { name: 'Staff' }).click();
    await page.getByRole('heading', { name: 'Staff only', exact: true }).waitFor();
    // After the idle lock there is no way back to the questions without the passphrase.
    expect(await page.getByRole('button', { name: 'Back to the questions' }).count()).toBe(0);
    await new TakeBack(page).unlock();
    await page.getByRole('heading', { name: 'Patient P-011', exact: true }).waitFor();
    await page.getByText(/2 of 77 answered/).waitFor();
    expect(await page.getByRole('button', { name: 'Hand tablet to patient' }).count()).toBe(1);
  });

  it('saves a custom battery, and discards a draft only after a second tap', async () => {
    // The patient has a draft: the start form waits behind "New assessment".
    await new PatientScreen(page).newAssessment();
    await page.getByLabel('Choose instruments').check();
    await page.getByRole('checkbox', { name: /^TEPS/ }).check();
    await page.getByRole('checkbox', { name: /^AMI/ }).check();
    await page.getByLabel('Also save this selection as a battery named (optional)').fill('Hedonic + motivation');
    await page.getByLabel('I enter the answers (interview or informant)').check();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Save and leave' }).click();
    await page.getByRole('heading', { name: 'Patient P-011', exact: true }).waitFor();
    // The saved battery is offered the next time an assessment is started.
    await new PatientScreen(page).newAssessment();
    await page.getByText('Hedonic + motivation (TEPS, AMI)').waitFor();
    expect(await page.getByRole('button', { name: 'Discard draft' }).count()).toBe(2);
    await page.getByRole('button', { name: 'Discard draft' }).first().click();
    await page.getByRole('button', { name: 'Yes, discard it' }).click();
    await page.getByRole('button', { name: 'Discard draft' }).nth(1).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Discard draft' }).count()).toBe(1);
  });

  it('stores the clinic\'s help text and inactivity minutes in settings', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const helpText = page.getByRole('group', { name: 'Help text shown to a patient after a safety answer' });
    await helpText.getByLabel('English').fill('Ask reception for the duty doctor.');
    await helpText.getByLabel('中文（简体）').fill('请到前台找值班医生。');
    await page.getByLabel('Minutes without a touch before the screen locks').fill('90');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Enter a whole number of minutes from 1 to 60.').waitFor();
    await page.getByLabel('Minutes without a touch before the screen locks').fill('10');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect(await axeViolations(page, ['serious', 'critical'])).toEqual([]);
    expect(await smallTouchTargets(page)).toEqual([]);
  });

  it('never comes back from a reload in clinician mode: it asks for the passphrase', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Staff only', exact: true }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
  });
});
