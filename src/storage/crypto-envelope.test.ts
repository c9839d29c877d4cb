import { describe, expect, it } from 'vitest';
import { deriveKeyFromPassphrase, deriveWorkingKeys, fromBase64, keyedHash, openJson, randomBytes, sealJson, toBase64 } from './crypto-envelope.ts';

describe('crypto envelope', () => {
  it('opens what it sealed, with the same key and label', async () => {
    const { data } = await deriveWorkingKeys(randomBytes(32));
    const sealed = await sealJson(data, { name: 'Ada', answers: [1, 2] }, 'patients/p1');
    expect(await openJson(data, sealed, 'patients/p1')).toEqual({ ok: true, value: { name: 'Ada', answers: [1, 2] } });
  });

  it('never repeats an IV, so equal values seal differently', async () => {
    const { data } = await deriveWorkingKeys(randomBytes(32));
    const a = await sealJson(data, 'same', 'x');
    const b = await sealJson(data, 'same', 'x');
    expect(toBase64(a.subarray(0, 12))).not.toBe(toBase64(b.subarray(0, 12)));
  });

  it('does not contain the plaintext', async () => {
    const { data } = await deriveWorkingKeys(randomBytes(32));
    const sealed = await sealJson(data, 'MRN-123456', 'x');
    expect(new TextDecoder().decode(sealed)).not.toContain('MRN-123456');
  });

  it.each([
    ['a changed byte', (s: Uint8Array) => s.map((b, i) => (i === 20 ? b ^ 1 : b)), 'patients/p1'],
    ['a truncated value', (s: Uint8Array) => s.subarray(0, s.length - 1), 'patients/p1'],
    ['too short to hold an IV', (s: Uint8Array) => s.subarray(0, 8), 'patients/p1'],
    ['another row’s label', (s: Uint8Array) => s, 'patients/p2'],
  ])('refuses %s as undecryptable', async (_name, damage, label) => {
    const { data } = await deriveWorkingKeys(randomBytes(32));
    const sealed = await sealJson(data, { name: 'Ada' }, 'patients/p1');
    expect(await openJson(data, damage(sealed), label)).toEqual({ ok: false, error: 'undecryptable' });
  });

  it('refuses a value sealed under another key', async () => {
    const one = await deriveWorkingKeys(randomBytes(32));
    const two = await deriveWorkingKeys(randomBytes(32));
    expect((await openJson(two.data, await sealJson(one.data, 1, 'x'), 'x')).ok).toBe(false);
  });

  it('derives the same working keys from the same master secret (the index hash is stable)', async () => {
    const master = randomBytes(32);
    const one = await deriveWorkingKeys(master);
    const two = await deriveWorkingKeys(master);
    expect(await keyedHash(one.index, 'p-001')).toBe(await keyedHash(two.index, 'p-001'));
    expect(await keyedHash(one.index, 'p-001')).not.toBe(await keyedHash(one.index, 'p-002'));
    expect((await openJson(two.data, await sealJson(one.data, 'v', 'x'), 'x')).ok).toBe(true);
  });

  it('makes passphrase keys that cannot be exported', async () => {
    const key = await deriveKeyFromPassphrase('correct horse', randomBytes(16), 1000);
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('round-trips base64, and says null for text that is not base64', () => {
    const bytes = randomBytes(60_000);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(fromBase64('not base64!')).toBeNull();
  });
});
