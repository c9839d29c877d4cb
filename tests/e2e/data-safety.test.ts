import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackup } from '../../src/storage/backup.ts';
import { axeViolations } from './axe.ts';
import { dumpIndexedDb, openAppSession, setUpClinic, type AppSession } from './harness.ts';
import { HandOver } from './pages/hand-over.ts';
import { PatientsScreen } from './pages/patients.ts';
import { SetUpScreen } from './pages/set-up.ts';
import { TakeBack } from './pages/take-back.ts';
import { loadInstrument } from '../support/instruments.ts';

let session: AppSession | undefined;
let page: Page;
let secondTablet: BrowserContext | undefined;
let tablet2: Page;
const dir = mkdtempSync(join(tmpdir(), 'mp-backup-'));
const BACKUP_PASSPHRASE = 'backup-phrase-7';
const SECRETS = ['Grace Hopper', 'MRN-990077', 'W7-042', 'w7-042', 'More than half the days', 'more-than-half-the-days', 'not-at-all', 'suicidal'];
const KNOWN = ['shaps', 'aes-s', 'aes-i', 'aes-c', 'ami', 'teps', 'phq-9'].map((id) => loadInstrument(id).definition);

beforeAll(async () => {
  session = await openAppSession();
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

async function downloadBackup(on: Page, name: string): Promise<string> {
  await on.getByRole('link', { name: 'Settings', exact: true }).click();
  await on.getByLabel('Backup passphrase (at least 6 characters)').fill(BACKUP_PASSPHRASE);
  await on.getByRole('region', { name: 'Backup' }).getByLabel('Repeat the passphrase').fill(BACKUP_PASSPHRASE);
  const [download] = await Promise.all([on.waitForEvent('download'), on.getByRole('button', { name: 'Download backup' }).click()]);
  const path = join(dir, name);
  await download.saveAs(path);
  await on.getByText(/Backup file saved/).waitFor();
  return path;
}

async function checkFile(on: Page, path: string, passphrase: string, mode: 'Merge' | 'Replace' = 'Merge'): Promise<void> {
  await on.getByLabel('Backup file').setInputFiles(path);
  await on.getByLabel('The backup’s passphrase').fill(passphrase);
  await on.getByRole('radio', { name: new RegExp(`^${mode}:`) }).check();
  await on.getByRole('button', { name: 'Check the file' }).click();
}

async function openBackup(path: string) {
  const text = readFileSync(path, 'utf8');
  const read = await readBackup({ size: text.length, text: () => Promise.resolve(text) }, BACKUP_PASSPHRASE, KNOWN);
  if (!read.ok) throw new Error(`backup did not open: ${read.error.code}`);
  return read.value;
}

describe('encrypted at rest, backed up, moved to a new tablet', () => {
  it('records a PHQ-9 for a named patient with an MRN', async () => {
    if (!session) throw new Error('no session');
    await setUpClinic(page, session.served.url);
    const patients = new PatientsScreen(page);
    await patients.add({ code: 'W7-042', displayName: 'Grace Hopper', mrn: 'MRN-990077' });
    const patient = await patients.open('W7-042');
    await patient.choose(/^PHQ-9/);
    await patient.start();
    const patientMode = new HandOver(page);
    await patientMode.begin();
    await patientMode.startInstrument();
    await patientMode.answer('More than half the days', 8);
    await patientMode.answer('Not at all');
    await patientMode.skip();
    await patientMode.finish();
    await page.getByRole('heading', { name: 'Thank you, you have finished', exact: true }).waitFor();
  });

  it('keeps no name, MRN, code or answer in plaintext anywhere in IndexedDB, in patient mode or after', async () => {
    const inPatientMode = await dumpIndexedDb(page);
    await new TakeBack(page).takeBack();
    await page.getByRole('heading', { name: /W7-042/ }).waitFor();
    const after = await dumpIndexedDb(page);
    for (const secret of SECRETS) {
      expect(inPatientMode, secret).not.toContain(secret);
      expect(after, secret).not.toContain(secret);
    }
    expect(after).toContain('phq-9'); // instrument ids stay clear: the dump is real
  });

  it('refuses a wrong passphrase after locking, changing no data, then opens with the right one', async () => {
    const before = await dumpIndexedDb(page, ['keyring']);
    await page.getByRole('button', { name: 'Lock' }).click();
    await new TakeBack(page).unlock('wrong-passphrase');
    await page.getByText(/That passphrase is not right/).waitFor();
    expect(await dumpIndexedDb(page, ['keyring'])).toBe(before);
    await new TakeBack(page).unlock();
    await page.getByRole('heading', { name: /W7-042/ }).waitFor();
  });

  it('restores a backup on a new tablet (another passphrase) with identical data', async () => {
    if (!session) throw new Error('no session');
    const first = await downloadBackup(page, 'first.json');
    expect(readFileSync(first, 'utf8')).not.toContain('Grace Hopper');

    secondTablet = await session.browser.newContext({ viewport: { width: 768, height: 1024 } });
    tablet2 = await secondTablet.newPage();
    await new SetUpScreen(tablet2).setUp(session.served.url, 'second-tablet-pass');
    await tablet2.getByRole('link', { name: 'Settings', exact: true }).click();
    await checkFile(tablet2, first, BACKUP_PASSPHRASE, 'Replace');
    await tablet2.getByText(/with 1 patients and 1 assessments/).waitFor();
    expect(await axeViolations(tablet2, ['serious', 'critical'])).toEqual([]);
    await tablet2.getByRole('button', { name: 'Replace all data' }).click();
    await tablet2.getByText(/Restored: 1 patients and 1 assessments written/).waitFor();

    await tablet2.getByRole('link', { name: 'Patients', exact: true }).click();
    await tablet2.getByRole('link', { name: /W7-042/ }).click();
    await tablet2.getByText(/PHQ-9/).first().waitFor();

    const second = await downloadBackup(tablet2, 'second.json');
    const [a, b] = await Promise.all([openBackup(first), openBackup(second)]);
    expect(b.data.patients).toEqual(a.data.patients);
    expect(b.data.assessments).toEqual(a.data.assessments);
    expect(a.data.assessments[0]?.results?.['phq-9']?.scores).toBeDefined();
  });

  it('refuses each broken backup file with a message naming the problem, and the tablet is exactly as before', async () => {
    const good = readFileSync(join(dir, 'first.json'), 'utf8');
    const files: [string, string, string, RegExp][] = [
      ['truncated.json', good.slice(0, good.length / 2), BACKUP_PASSPHRASE, /not a Motivation Profile backup/],
      ['plain.json', JSON.stringify({ patients: [{ id: 'p1', code: 'X' }], assessments: [] }), BACKUP_PASSPHRASE, /not a Motivation Profile backup/],
      ['newer.json', good.replace('"formatVersion":1', '"formatVersion":7'), BACKUP_PASSPHRASE, /made by a newer version of the app \(format 7/],
      ['edited.json', good.replace('"appVersion":"', '"appVersion":"9'), BACKUP_PASSPHRASE, /changed or damaged/],
      ['first-wrong.json', good, 'not-the-backup-phrase', /not the passphrase this backup was made with/],
    ];
    const before = await dumpIndexedDb(tablet2);
    await tablet2.getByRole('link', { name: 'Settings', exact: true }).click();
    for (const [name, text, passphrase, message] of files) {
      const path = join(dir, name);
      writeFileSync(path, text);
      await checkFile(tablet2, path, passphrase);
      const alert = tablet2.getByRole('alert').filter({ hasText: message });
      await alert.waitFor();
      expect(await alert.innerText()).toContain('Nothing on the tablet was changed.');
      expect(await dumpIndexedDb(tablet2), name).toBe(before);
    }
    // 200 MB, sparse on disk: refused by its size before any of it is read.
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 200 * 1024 * 1024);
    await checkFile(tablet2, huge, BACKUP_PASSPHRASE);
    await tablet2.getByRole('alert').filter({ hasText: /This file is 200 MB; a backup can be at most 100 MB/ }).waitFor();
    expect(await dumpIndexedDb(tablet2)).toBe(before);
    await secondTablet?.close();
  });
});
