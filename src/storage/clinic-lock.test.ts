import { describe, expect, it } from 'vitest';
import { freshDb, TEST_ITERATIONS, TEST_PASSPHRASE } from '../../tests/support/vault.ts';
import { asPatientId } from '../domain/ids.ts';
import { changeClinicPassphrase, isClinicLockSet, normaliseRecoveryCode, recoverClinic, replaceRecoveryCode, setUpClinic, unlockClinic } from './clinic-lock.ts';
import { createPatient, getPatient } from './patient-repository.ts';

async function setUp() {
  const db = freshDb();
  const set = await setUpClinic(db, TEST_PASSPHRASE, TEST_ITERATIONS);
  if (!set.ok) throw new Error(set.error.code);
  await createPatient({ db, keys: set.value.keys }, { code: 'P-1', displayName: 'Ada Lovelace', birthYear: 1950, sex: 'female', mrn: 'MRN-77' }, 'p1', '2026-01-01T09:00:00.000Z');
  return { db, recoveryCode: set.value.recoveryCode };
}

describe('clinic passphrase and keys', () => {
  it('unlocks with the right passphrase, giving keys that open the data', async () => {
    const { db } = await setUp();
    expect(await isClinicLockSet(db)).toEqual({ ok: true, value: true });
    const keys = await unlockClinic(db, TEST_PASSPHRASE, 0);
    if (!keys.ok) throw new Error(keys.error.code);
    const found = await getPatient({ db, keys: keys.value }, asPatientId('p1'));
    expect(found.ok && found.value.displayName).toBe('Ada Lovelace');
  });

  it('refuses a wrong passphrase with a count, and changes nothing else', async () => {
    const { db } = await setUp();
    const before = await db.patients.toArray();
    const wrong = await unlockClinic(db, 'Correct horse', 0);
    expect(wrong.ok ? 'ok' : wrong.error).toEqual({ code: 'wrong-passphrase', failures: 1 });
    expect(await db.patients.toArray()).toEqual(before);
  });

  it('says the clinic is not set up on a fresh tablet', async () => {
    const db = freshDb();
    expect(await isClinicLockSet(db)).toEqual({ ok: true, value: false });
    const result = await unlockClinic(db, TEST_PASSPHRASE, 0);
    expect(result.ok ? 'ok' : result.error.code).toBe('not-set-up');
  });

  it('refuses to set up twice, which would orphan the data key', async () => {
    const { db } = await setUp();
    const again = await setUpClinic(db, 'another phrase', TEST_ITERATIONS);
    expect(again.ok ? 'ok' : again.error.code).toBe('already-set-up');
  });

  it('refuses a passphrase shorter than 6 characters', async () => {
    const result = await setUpClinic(freshDb(), 'abc', TEST_ITERATIONS);
    expect(result.ok ? 'ok' : result.error.code).toBe('too-short');
  });

  it('stores neither the passphrase nor the recovery code nor any key in the clear', async () => {
    const { db, recoveryCode } = await setUp();
    const settings = JSON.stringify(await db.settings.toArray());
    expect(settings).not.toContain(TEST_PASSPHRASE);
    expect(settings).not.toContain(recoveryCode);
    expect(settings).not.toContain(recoveryCode.replace(/-/g, ''));
  });

  it('makes repeated failures wait longer, and the right passphrase resets the count', async () => {
    const { db } = await setUp();
    for (let i = 0; i < 3; i += 1) await unlockClinic(db, 'nope', 10_000);
    const blocked = await unlockClinic(db, TEST_PASSPHRASE, 10_500);
    expect(blocked.ok ? 'ok' : blocked.error).toEqual({ code: 'wait', seconds: 1 });
    const fourth = await unlockClinic(db, 'nope', 11_000);
    expect(fourth.ok ? 'ok' : fourth.error).toEqual({ code: 'wrong-passphrase', failures: 4 });
    const longer = await unlockClinic(db, TEST_PASSPHRASE, 12_000);
    expect(longer.ok ? 'ok' : longer.error).toEqual({ code: 'wait', seconds: 1 });
    expect((await unlockClinic(db, TEST_PASSPHRASE, 13_000)).ok).toBe(true);
    const again = await unlockClinic(db, 'nope', 13_200);
    expect(again.ok ? 'ok' : again.error).toEqual({ code: 'wrong-passphrase', failures: 1 });
  });

  it('counts every one of six simultaneous wrong attempts (six tabs at once): none slips past the throttle', async () => {
    const { db } = await setUp();
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map(() => unlockClinic(db, 'nope', 20_000)));
    const checked = results.filter((r) => !r.ok && r.error.code === 'wrong-passphrase').length;
    const toldToWait = results.filter((r) => !r.ok && r.error.code === 'wait').length;
    // Three are tried and counted; from the third failure on, the others must wait before trying.
    expect([checked, toldToWait]).toEqual([3, 3]);
    const next = await unlockClinic(db, 'nope', 20_000);
    expect(next.ok ? 'ok' : next.error.code).toBe('wait');
    const later = await unlockClinic(db, 'nope', 21_000);
    expect(later.ok ? 'ok' : later.error).toEqual({ code: 'wrong-passphrase', failures: 4 });
  });

  it('changes the passphrase without re-encrypting the data: the old one stops working, the data opens with the new', async () => {
    const { db } = await setUp();
    const sealedBefore = (await db.patients.get('p1'))?.sealed;
    expect((await changeClinicPassphrase(db, 'wrong one', 'new phrase 2', 0)).ok).toBe(false);
    expect((await changeClinicPassphrase(db, TEST_PASSPHRASE, 'new phrase 2', 0)).ok).toBe(true);
    expect((await unlockClinic(db, TEST_PASSPHRASE, 0)).ok).toBe(false);
    const keys = await unlockClinic(db, 'new phrase 2', 0);
    if (!keys.ok) throw new Error(keys.error.code);
    expect((await db.patients.get('p1'))?.sealed).toEqual(sealedBefore);
    const found = await getPatient({ db, keys: keys.value }, asPatientId('p1'));
    expect(found.ok && found.value.mrn).toBe('MRN-77');
  });

  it('recovers a forgotten passphrase with the recovery code, typed loosely', async () => {
    const { db, recoveryCode } = await setUp();
    expect(recoveryCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/);
    const wrong = await recoverClinic(db, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF', 'fresh start', 0);
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('wrong-passphrase');
    const typed = ` ${recoveryCode.toLowerCase().replace(/-/g, ' ')} `;
    const keys = await recoverClinic(db, typed, 'fresh start', 0);
    if (!keys.ok) throw new Error(keys.error.code);
    expect((await getPatient({ db, keys: keys.value }, asPatientId('p1'))).ok).toBe(true);
    expect((await unlockClinic(db, 'fresh start', 0)).ok).toBe(true);
  });

  it('replaces the recovery code: the old one stops working', async () => {
    const { db, recoveryCode } = await setUp();
    const next = await replaceRecoveryCode(db, TEST_PASSPHRASE, 0);
    if (!next.ok) throw new Error(next.error.code);
    expect(next.value).not.toBe(recoveryCode);
    expect((await recoverClinic(db, recoveryCode, 'fresh start', 0)).ok).toBe(false);
    expect((await recoverClinic(db, next.value, 'fresh start', 0)).ok).toBe(true);
  });

  it.each([
    ['abcd efgh', 'ABCD-EFGH'],
    ['o0il-1', '0011-1'],
  ])('reads the recovery code %j as %j', (typed, expected) => {
    expect(normaliseRecoveryCode(typed)).toBe(expected);
  });
});
