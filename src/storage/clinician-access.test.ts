import { expect, it } from 'vitest';
import { freshVault, TEST_PASSPHRASE } from '../../tests/support/vault.ts';
import { ADMINISTRATOR_ID } from '../domain/clinician.ts';
import { appendAudit, readAuditLog } from './audit-log.ts';
import { recoverClinic, unlockClinic } from './clinic-lock.ts';
import { addClinician, changeOwnCredential, removeClinician, saveAdministratorProfile, unlockAsClinician } from './clinician-access.ts';
import { readClinicianDirectory } from './clinician-directory.ts';

const at = '2026-12-05T09:00:00.000Z';
const wang = { name: 'Dr Wang Li', role: 'Psychiatrist', identifier: { system: 'https://clinic.example/staff', value: 'E1234' } };
const chen = { name: 'Nurse Chen', role: 'Nurse' };

async function clinicWithTwo() {
  const vault = await freshVault();
  const a = await addClinician(vault.db, { clinicPassphrase: TEST_PASSPHRASE, id: 'c-wang', profile: wang, credential: 'passphrase', secret: 'wang-own-words', at }, 1);
  const b = await addClinician(vault.db, { clinicPassphrase: TEST_PASSPHRASE, id: 'c-chen', profile: chen, credential: 'pin', secret: '204857', at }, 2);
  if (!a.ok || !b.ok) throw new Error('could not add');
  return vault;
}

it('two clinicians each unlock with their own credential, and the keys say who holds them', async () => {
  const vault = await clinicWithTwo();
  const directory = await readClinicianDirectory(vault.db);
  expect(directory.ok && directory.value.clinicians.map((c) => [c.name, c.credential])).toEqual([['Dr Wang Li', 'passphrase'], ['Nurse Chen', 'pin']]);
  // Only the wrap is stored: neither credential appears in the directory.
  expect(JSON.stringify(directory)).not.toMatch(/wang-own-words|204857/);

  const asWang = await unlockAsClinician(vault.db, 'c-wang', 'wang-own-words', 10);
  const asChen = await unlockAsClinician(vault.db, 'c-chen', '204857', 11);
  expect(asWang.ok && asWang.value.holder).toEqual({ id: 'c-wang', name: 'Dr Wang Li', identifier: wang.identifier, role: 'Psychiatrist' });
  expect(asChen.ok && asChen.value.holder).toEqual({ id: 'c-chen', name: 'Nurse Chen', role: 'Nurse' });
  // Each one's keys open the clinic's data: the same record key.
  if (!asChen.ok) throw new Error('no keys');
  await appendAudit({ db: vault.db, keys: asChen.value }, 'e1', { at, actor: asChen.value.holder!, action: 'acknowledge-alert', assessmentId: 'a1' });
  const log = await readAuditLog(vault);
  expect(log.ok && log.value.entries.map((e) => [e.actor.name, e.action])).toEqual([['Nurse Chen', 'acknowledge-alert']]);
  // Sealed: the clear row carries no name.
  expect(JSON.stringify(await vault.db.audit.toArray())).not.toContain('Chen');
});

it('one clinician’s credential does not open as another, and wrong attempts share the clinic passphrase’s throttle', async () => {
  const vault = await clinicWithTwo();
  expect(await unlockAsClinician(vault.db, 'c-chen', 'wang-own-words', 1)).toMatchObject({ ok: false, error: { code: 'wrong-passphrase', failures: 1 } });
  expect(await unlockAsClinician(vault.db, 'c-wang', '204857', 2)).toMatchObject({ ok: false, error: { code: 'wrong-passphrase', failures: 2 } });
  expect(await unlockClinic(vault.db, 'not it', 3)).toMatchObject({ ok: false, error: { code: 'wrong-passphrase', failures: 3 } });
  // The fourth try, by any name, waits.
  expect(await unlockAsClinician(vault.db, 'c-wang', 'wang-own-words', 4)).toMatchObject({ ok: false, error: { code: 'wait', seconds: 1 } });
  expect((await unlockAsClinician(vault.db, 'c-wang', 'wang-own-words', 2000)).ok).toBe(true);
});

it('a removed clinician cannot unlock; the administrator still can, and can recover with the recovery code', async () => {
  const vault = await clinicWithTwo();
  expect((await removeClinician(vault.db, 'c-chen')).ok).toBe(true);
  expect(await unlockAsClinician(vault.db, 'c-chen', '204857', 10)).toMatchObject({ ok: false, error: { code: 'unknown-clinician' } });
  expect(JSON.stringify((await vault.db.settings.get('clinicians'))?.value)).not.toContain('c-chen');
  expect(await removeClinician(vault.db, 'c-chen')).toMatchObject({ ok: false, error: { code: 'unknown-clinician' } });

  await saveAdministratorProfile(vault.db, { name: 'Dr Zhao', role: 'Clinic lead' });
  const admin = await unlockClinic(vault.db, TEST_PASSPHRASE, 20);
  expect(admin.ok && admin.value.holder).toEqual({ id: ADMINISTRATOR_ID, name: 'Dr Zhao', role: 'Clinic lead' });
  const recovered = await recoverClinic(vault.db, vault.recoveryCode, 'a new clinic passphrase', 30);
  expect(recovered.ok && recovered.value.holder?.id).toBe(ADMINISTRATOR_ID);
  // Wang's own passphrase still works after the clinic passphrase changed: the master secret did not.
  expect((await unlockAsClinician(vault.db, 'c-wang', 'wang-own-words', 40)).ok).toBe(true);
});

it('refuses a short passphrase, a PIN with letters, a short or trivial PIN, and a wrong clinic passphrase, changing nothing', async () => {
  const vault = await freshVault();
  const add = (credential: 'passphrase' | 'pin', secret: string, clinicPassphrase = TEST_PASSPHRASE) =>
    addClinician(vault.db, { clinicPassphrase, id: 'c1', profile: chen, credential, secret, at }, 1);
  expect(await add('passphrase', 'short')).toMatchObject({ ok: false, error: { code: 'credential', problem: 'too-short' } });
  expect(await add('pin', '12a456')).toMatchObject({ ok: false, error: { code: 'credential', problem: 'pin-not-digits' } });
  expect(await add('pin', '20485')).toMatchObject({ ok: false, error: { code: 'credential', problem: 'too-short' } });
  for (const trivial of ['000000', '123456', '987654', '890123']) expect(await add('pin', trivial)).toMatchObject({ ok: false, error: { code: 'credential', problem: 'pin-too-simple' } });
  expect(await add('pin', '204857', 'wrong clinic passphrase')).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });
  const directory = await readClinicianDirectory(vault.db);
  expect(directory.ok && directory.value.clinicians).toEqual([]);
});

it('a clinician changes their own passphrase to a PIN with the current one; the old stops, the others are untouched', async () => {
  const vault = await clinicWithTwo();
  expect(await changeOwnCredential(vault.db, { id: 'c-wang', current: 'not mine', credential: 'pin', next: '580317' }, 1)).toMatchObject({ ok: false, error: { code: 'wrong-passphrase', failures: 1 } });
  expect(await changeOwnCredential(vault.db, { id: 'c-wang', current: 'wang-own-words', credential: 'pin', next: '111111' }, 2)).toMatchObject({ ok: false, error: { code: 'credential', problem: 'pin-too-simple' } });
  const changed = await changeOwnCredential(vault.db, { id: 'c-wang', current: 'wang-own-words', credential: 'pin', next: '580317' }, 3);
  expect(changed.ok && changed.value.clinicians.map((c) => [c.id, c.credential])).toEqual([['c-wang', 'pin'], ['c-chen', 'pin']]);
  expect(await unlockAsClinician(vault.db, 'c-wang', 'wang-own-words', 4)).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });
  expect((await unlockAsClinician(vault.db, 'c-wang', '580317', 5000)).ok).toBe(true);
  expect((await unlockAsClinician(vault.db, 'c-chen', '204857', 6000)).ok).toBe(true);
});
