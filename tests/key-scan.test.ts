import { createCipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidateKeys, INBOX_INFO, keysThatOpen, RECORDS_INFO, scanFiles, type SealedRow } from './support/key-scan.ts';

// Positive controls for the key-at-rest scan: a scanner that can never find anything would pass the browser test
// for the wrong reason, so each way a key can be written down and each way it can open a row is shown found here.

const encoder = new TextEncoder();
const LABEL = 'answers/a-1/phq-9/phq9-1';
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Seals as the app does (crypto-envelope.ts), with WebCrypto: iv ‖ ciphertext+tag, the label as additional data. */
async function sealWithWebCrypto(raw: Uint8Array, plain: string, label: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', raw as BufferSource, { name: 'AES-GCM' }, false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const box = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(label) }, key, encoder.encode(plain));
  return new Uint8Array(Buffer.concat([iv, new Uint8Array(box)]));
}

/** Seals with the record key derived from a master secret, as `deriveWorkingKeys` does. */
async function sealWithMaster(master: Uint8Array, plain: string, label: string): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', master as BufferSource, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode(RECORDS_INFO) }, base, 256);
  return sealWithWebCrypto(new Uint8Array(bits), plain, label);
}

/** Seals to a P-256 public key: ephemeral public key (65 bytes) ‖ iv ‖ ciphertext+tag. */
function sealToInbox(publicKey: Uint8Array, plain: string, label: string): Uint8Array {
  const ephemeral = createECDH('prime256v1');
  const epk = ephemeral.generateKeys();
  const shared = ephemeral.computeSecret(publicKey);
  const key = Buffer.from(hkdfSync('sha256', shared, epk, Buffer.from(INBOX_INFO), 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(label));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return new Uint8Array(Buffer.concat([epk, iv, ct]));
}

/** A folder standing in for a browser profile, with `bytes` in a file some levels down. */
function profileWith(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'mp-key-scan-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'Default', 'Session Storage'), { recursive: true });
  writeFileSync(join(dir, 'Default', 'Session Storage', '000003.log'), bytes);
  writeFileSync(join(dir, 'Local State'), '{"noise":"' + randomBytes(32).toString('base64') + '"}');
  return dir;
}

describe('key scan positive controls', () => {
  it('finds a raw AES key written as base64 in a Latin-1 text', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const row: SealedRow = { label: LABEL, keyId: 'session:1', sealed: await sealWithWebCrypto(raw, '{"value":1}', LABEL) };
    const text = `junk\u0001\u00ff{"keyId":"session:1","secret":"${Buffer.from(raw).toString('base64')}"}more`;
    const found = keysThatOpen(candidateKeys([text], []), [row]);
    expect(found.map((f) => [f.hex, f.how])).toEqual([[Buffer.from(raw).toString('hex'), 'raw']]);
  });

  it('does not open a row under another label (the label is authenticated)', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const row: SealedRow = { label: 'answers/a-1/phq-9/phq9-2', keyId: 'session:1', sealed: await sealWithWebCrypto(raw, '1', LABEL) };
    expect(keysThatOpen(candidateKeys([Buffer.from(raw).toString('base64')], []), [row])).toEqual([]);
  });

  it('finds a raw AES key written UTF-16LE into a file of a profile, at an odd offset too', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const row: SealedRow = { label: LABEL, keyId: 'session:1', sealed: await sealWithWebCrypto(raw, '{"value":2}', LABEL) };
    const value = Buffer.from(`{"keyId":"session:1","secret":"${Buffer.from(raw).toString('base64')}"}`, 'utf16le');
    for (const prefix of [Buffer.from([0x00]), Buffer.from([0x00, 0x01])]) {
      const dir = profileWith(Buffer.concat([randomBytes(97), prefix, value, randomBytes(50)]));
      const scan = scanFiles(dir);
      expect(scan.files).toBe(2);
      const found = keysThatOpen(Array.from(scan.candidates.values(), (c) => c.key), [row]);
      expect(found).toHaveLength(1);
      const oddOffset = (97 + prefix.byteLength) % 2 === 1;
      expect([...(scan.candidates.get(found[0]?.hex ?? '')?.sources ?? [])]).toEqual([
        `${join('Default', 'Session Storage', '000003.log')} (UTF-16LE${oddOffset ? ', odd offset' : ''})`,
      ]);
    }
  });

  it('finds a raw key stored as bytes in a small binary value', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const row: SealedRow = { label: LABEL, keyId: 'session:1', sealed: await sealWithWebCrypto(raw, '3', LABEL) };
    const blob = new Uint8Array(Buffer.concat([randomBytes(7), raw, randomBytes(9)]));
    expect(keysThatOpen(candidateKeys([], [blob]), [row])).toHaveLength(1);
  });

  it('finds a master secret (hex, or base64 in a file) through the record key HKDF derives from it', async () => {
    const master = crypto.getRandomValues(new Uint8Array(32));
    const row: SealedRow = { label: 'assessments/a-1', keyId: 'data', sealed: await sealWithMaster(master, '{"v":1}', 'assessments/a-1') };
    const fromHex = keysThatOpen(candidateKeys([`master=${Buffer.from(master).toString('hex')};`], []), [row]);
    expect(fromHex.map((f) => f.how)).toEqual(['master']);
    const scan = scanFiles(profileWith(Buffer.from(`\u0001${Buffer.from(master).toString('base64')}\u0000`, 'latin1')));
    expect(keysThatOpen(Array.from(scan.candidates.values(), (c) => c.key), [row]).map((f) => f.how)).toEqual(['master']);
  });

  it('finds a P-256 private scalar written as a JWK `d` that opens a row sealed to its public key', () => {
    const inbox = createECDH('prime256v1');
    const publicKey = inbox.generateKeys();
    const d = inbox.getPrivateKey();
    const row: SealedRow = { label: LABEL, keyId: 'inbox', sealed: sealToInbox(publicKey, '{"value":0}', LABEL) };
    const jwk = JSON.stringify({ kty: 'EC', crv: 'P-256', d: d.toString('base64url'), x: 'x', y: 'y' });
    const found = keysThatOpen(candidateKeys([jwk], []), [row]);
    expect(found.map((f) => [f.hex, f.how])).toEqual([[d.toString('hex'), 'inbox']]);
  });

  it('finds nothing among random unrelated tokens, and survives candidates that are not P-256 scalars', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const inbox = createECDH('prime256v1');
    const rows: SealedRow[] = [
      { label: LABEL, keyId: 'session:1', sealed: await sealWithWebCrypto(raw, '1', LABEL) },
      { label: 'assessments/a-1', keyId: 'data', sealed: await sealWithMaster(raw, '1', 'assessments/a-1') },
      { label: LABEL, keyId: 'inbox', sealed: sealToInbox(inbox.generateKeys(), '1', LABEL) },
    ];
    const tokens = Array.from({ length: 200 }, () => randomBytes(32).toString('base64'));
    const unusable = [Buffer.alloc(32).toString('hex'), Buffer.alloc(32, 0xff).toString('hex')];
    const candidates = candidateKeys([tokens.join(' '), unusable.join(' ')], [new Uint8Array(randomBytes(200))]);
    expect(candidates.length).toBeGreaterThanOrEqual(202 + 169);
    expect(keysThatOpen(candidates, rows)).toEqual([]);
  });
});
