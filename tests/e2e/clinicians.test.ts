import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { openAppSession, type AppSession } from './harness.ts';
import { enterPhq9 } from './pages/clinic-record.ts';
import { PatientsScreen } from './pages/patients.ts';
import { PASSPHRASE, setUpClinic } from './pages/set-up.ts';

/**
 * Named clinicians on one shared tablet (issue 19), as a clinic meets them: the administrator names two clinicians,
 * each signs in with their own passphrase or PIN, what each does is recorded under their name, a removed clinician
 * can no longer sign in, and the administrator can still recover with the recovery code.
 */

let session: AppSession | undefined;
let page: Page;
let recoveryCode = '';
const CODE = 'N-201';

const panel = () => page.getByRole('region', { name: 'Clinicians on this tablet' });

async function goToSettings() {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await panel().waitFor();
}

/** Fills in and submits "Add a clinician" (the caller waits for what follows). */
async function submitClinician(input: { name: string; role: string; kind: 'passphrase' | 'pin'; secret: string; identifier?: string }) {
  const details = panel().locator('details', { has: page.getByText('Add a clinician', { exact: true }) });
  if ((await details.getAttribute('open')) === null) await details.locator('> summary').click();
  const form = page.getByRole('form', { name: 'Add a clinician' });
  await form.getByLabel('Name, as it should appear on records').fill(input.name);
  await form.getByLabel('Role (optional)').fill(input.role);
  if (input.identifier) {
    await form.getByLabel('Practitioner identifier system (optional)').fill('https://clinic.example/staff');
    await form.getByLabel('Practitioner identifier (optional)').fill(input.identifier);
  }
  await form.getByRole('radio', { name: input.kind === 'pin' ? /^A PIN/ : /^Their own passphrase/ }).check();
  await form.getByLabel(input.kind === 'pin' ? 'Their PIN' : 'Their passphrase').fill(input.secret);
  await form.getByLabel('The same again').fill(input.secret);
  await form.getByLabel('Clinic passphrase').fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Add clinician' }).click();
}

async function lock() {
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('heading', { name: 'Staff only' }).waitFor();
}

/** On the lock screen: picks `who` and enters `secret`; waits for "Signed in: …" unless `expectRefusal`. */
async function signIn(who: RegExp, secret: string, label: string) {
  await page.getByRole('radio', { name: who }).check();
  await page.getByLabel(label, { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

beforeAll(async () => {
  session = await openAppSession();
  page = session.page;
  await page.clock.install({ time: new Date('2026-12-05T09:00:00Z') });
  recoveryCode = await setUpClinic(page, session.served.url);
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('two clinicians on one tablet', () => {
  it('the administrator names themself and two clinicians, one with a passphrase and one with a PIN', async () => {
    await goToSettings();
    expect(await panel().getByText('No clinicians are named yet').count()).toBe(1);
    await panel().locator('summary', { hasText: 'Your own name on records' }).click();
    const own = page.getByRole('form', { name: 'Your own name on records' });
    await own.getByLabel('Name, as it should appear on records').fill('Dr Zhao');
    await own.getByLabel('Role (optional)').fill('Clinic lead');
    await own.getByRole('button', { name: 'Save my name' }).click();
    await panel().getByText('Saved. It is used from your next unlock.').waitFor();
    await submitClinician({ name: 'Dr Wang Li', role: 'Psychiatrist', kind: 'passphrase', secret: 'wang-own-words', identifier: 'E1234' });
    await panel().getByText('Dr Wang Li is added.').waitFor();
    // A PIN that is too easy is refused, in words, and nothing is added.
    await submitClinician({ name: 'Nurse Chen', role: 'Nurse', kind: 'pin', secret: '123456' });
    await panel().getByText('That PIN is too easy to guess').waitFor();
    expect(await panel().locator('.clinician-list > li').count()).toBe(1);
    await submitClinician({ name: 'Nurse Chen', role: 'Nurse', kind: 'pin', secret: '204857' });
    await panel().getByText('Nurse Chen is added.').waitFor();
    expect(await panel().locator('.clinician-list > li').allInnerTexts()).toEqual([
      expect.stringMatching(/^Dr Wang Li · Psychiatrist · E1234 · passphrase/) as unknown,
      expect.stringMatching(/^Nurse Chen · Nurse · PIN/) as unknown,
    ]);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('each signs in with their own credential, and the header says who; a wrong PIN is refused', async () => {
    await lock();
    const names = await page.getByRole('radio').evaluateAll((radios) => radios.map((r) => r.closest('label')?.textContent ?? ''));
    expect(names).toEqual(['Dr Zhao · Clinic lead', 'Dr Wang Li · Psychiatrist', 'Nurse Chen · Nurse']);
    expect(await axeViolations(page)).toEqual([]);
    await signIn(/^Dr Wang Li/, 'wang-own-words', 'Your passphrase');
    await page.getByText('Signed in: Dr Wang Li').waitFor();
    const patients = new PatientsScreen(page);
    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await patients.add({ code: CODE });
    await (await patients.open(CODE)).shows(CODE);
    await enterPhq9(page, CODE, [2, 2, 1, 1, 1, 1, 0, 0, 0]);
    // Wang changes his own passphrase (a clinician sees only that, not the list).
    await goToSettings();
    expect(await panel().getByRole('button', { name: 'Remove' }).count()).toBe(0);
    const mine = panel().getByRole('form', { name: 'Change my passphrase or PIN' });
    await mine.getByLabel('My current passphrase or PIN').fill('wang-own-words');
    await mine.getByLabel('My new passphrase').fill('wang-newer-words');
    await mine.getByLabel('The same again').fill('wang-newer-words');
    await mine.getByRole('button', { name: 'Change it' }).click();
    await mine.getByText('Changed. Use the new one from the next unlock.').waitFor();
    await lock();
    await signIn(/^Dr Wang Li/, 'wang-own-words', 'Your passphrase');
    await page.getByText('That passphrase is not right (attempt 1).').waitFor();
    await signIn(/^Dr Wang Li/, 'wang-newer-words', 'Your passphrase');
    await page.getByText('Signed in: Dr Wang Li').waitFor();
    await lock();

    await signIn(/^Nurse Chen/, '204875', 'Your PIN');
    await page.getByText('That PIN is not right (attempt 1).').waitFor();
    expect(await page.getByLabel('Your PIN', { exact: true }).getAttribute('inputmode')).toBe('numeric');
    await signIn(/^Nurse Chen/, '204857', 'Your PIN');
    await page.getByText('Signed in: Nurse Chen').waitFor();
    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await (await patients.open(CODE)).shows(CODE);
    const form = page.locator('details.correct-visit');
    await form.locator('> summary').click();
    await page.getByRole('combobox', { name: /^1\. / }).selectOption({ label: 'Not at all' });
    await page.getByRole('textbox', { name: 'Note: why, in your words' }).fill('item 1 keyed in the wrong row');
    await page.getByRole('button', { name: 'Save the corrected version' }).click();
    await page.locator('.notice-info').getByText(/^Corrected version 2, .* by Nurse Chen: A wrong answer was entered/).waitFor();
  }, 90_000);

  it('the administrator reads who did what in the audit log, and removes a clinician, who can then no longer sign in', async () => {
    await lock();
    await signIn(/^Dr Zhao/, PASSPHRASE, 'Clinic passphrase');
    await page.getByText('Signed in: Dr Zhao').waitFor();
    await goToSettings();
    await panel().locator('summary', { hasText: 'Audit log' }).click();
    const rows = panel().locator('table.audit-log tbody tr');
    await rows.first().waitFor();
    const lines = (await rows.allInnerTexts()).map((r) => r.split('\t').slice(1).join(' | ').trim());
    expect(lines).toEqual([
      `Nurse Chen | Corrected an answer · A wrong answer was entered | ${CODE}`,
      `Dr Wang Li | Keyed in answers · PHQ-9 | ${CODE}`,
      `Dr Wang Li | Started an assessment · PHQ-9 | ${CODE}`,
      // Dr Zhao's name is used from the unlock after it was saved.
      'Clinic administrator | Added a clinician · Nurse Chen |',
      'Clinic administrator | Added a clinician · Dr Wang Li |',
    ]);

    const chen = panel().locator('.clinician-list > li', { hasText: 'Nurse Chen' });
    await chen.getByRole('button', { name: 'Remove' }).click();
    await chen.getByRole('button', { name: 'Yes, remove Nurse Chen' }).click();
    await panel().getByText('Nurse Chen is removed and can no longer sign in.').waitFor();
    await lock();
    expect(await page.getByRole('radio', { name: /^Nurse Chen/ }).count()).toBe(0);
  }, 60_000);

  it('the administrator can still recover with the recovery code', async () => {
    await page.getByRole('radio', { name: /^Dr Zhao/ }).check();
    await page.getByRole('button', { name: 'Forgot the passphrase?' }).click();
    await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCode);
    await page.getByLabel('New clinic passphrase (at least 6 characters)').fill('a new clinic passphrase');
    await page.getByRole('button', { name: 'Recover and unlock' }).click();
    await page.getByText('Signed in: Dr Zhao').waitFor();
  }, 60_000);
});
