import { err, ok, type Result } from '../domain/result.ts';

/**
 * The cryptography of data at rest, on WebCrypto only (no library, nothing hand-rolled):
 * - a key-encryption key from a passphrase with PBKDF2-SHA-256 (OWASP 2023: ≥ 600 000 iterations);
 * - a random 256-bit master secret, stored only encrypted by that key (AES-256-GCM);
 * - two working keys derived from the master secret with HKDF-SHA-256: AES-256-GCM for records, HMAC-SHA-256 for
 *   the one searchable index (the patient code);
 * - every sealed value is `iv (12 random bytes) ‖ AES-GCM ciphertext+tag`, authenticated together with a label
 *   naming where it is stored, so a sealed value copied to another row does not open.
 */
export const PBKDF2_ITERATIONS = 600_000;
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type WorkingKeys = { readonly data: CryptoKey; readonly index: CryptoKey };

export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** PBKDF2-SHA-256 bits of a passphrase, NFC-normalised so every keyboard types the same bytes. */
export async function derivePassphraseBits(passphrase: string, salt: Uint8Array, iterations: number, bits: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, bits));
}

/** A key-encryption key (AES-256-GCM, not extractable) from a passphrase. */
export async function deriveKeyFromPassphrase(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const bits = await derivePassphraseBits(passphrase, salt, iterations, 256);
  const key = await importSealingKey(bits);
  bits.fill(0);
  return key;
}

/** Compares two byte strings in time that does not depend on where they differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Imports raw secret bytes (a master secret or a session key) as a non-extractable AES-GCM key. */
export async function importSealingKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw as BufferSource, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** The record and index keys of a master secret. Neither can be exported. */
export async function deriveWorkingKeys(master: Uint8Array): Promise<WorkingKeys> {
  const base = await crypto.subtle.importKey('raw', master as BufferSource, 'HKDF', false, ['deriveKey']);
  const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode(info) });
  const data = await crypto.subtle.deriveKey(hkdf('motivation-profile records v1'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const index = await crypto.subtle.deriveKey(hkdf('motivation-profile index v1'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
  return { data, index };
}

/** Encrypts bytes; `label` is authenticated but not stored (it must be given again to open). */
export async function sealBytes(key: CryptoKey, plain: Uint8Array, label: string): Promise<Uint8Array> {
  const iv = randomBytes(IV_BYTES);
  const box = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: encoder.encode(label) }, key, plain as BufferSource);
  const sealed = new Uint8Array(IV_BYTES + box.byteLength);
  sealed.set(iv, 0);
  sealed.set(new Uint8Array(box), IV_BYTES);
  return sealed;
}

/** Opens what `sealBytes` made. A wrong key, a wrong label or any changed byte is `undecryptable`. */
export async function openBytes(key: CryptoKey, sealed: Uint8Array, label: string): Promise<Result<Uint8Array, 'undecryptable'>> {
  if (sealed.byteLength <= IV_BYTES) return err('undecryptable');
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.subarray(0, IV_BYTES) as BufferSource, additionalData: encoder.encode(label) },
      key,
      sealed.subarray(IV_BYTES) as BufferSource,
    );
    return ok(new Uint8Array(plain));
  } catch {
    // WebCrypto reports every authentication failure as one OperationError; there is nothing more to learn from it.
    return err('undecryptable');
  }
}

/*
 * Sealing to a public key (patient mode, which holds no secret): ECDH P-256 with a fresh ephemeral key per value,
 * HKDF-SHA-256 of the shared secret (salt: the ephemeral public key) to an AES-256-GCM key, then `sealBytes`.
 * Stored as `ephemeral public key (65 bytes, uncompressed) ‖ iv ‖ ciphertext+tag`. Only the private key opens it.
 */
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const EPHEMERAL_BYTES = 65;
const INBOX_INFO = encoder.encode('motivation-profile inbox v1');

/** A new clinic inbox key pair: the public key (raw) to seal to, the private key (PKCS #8) to wrap and store. */
export async function generateInboxKeyPair(): Promise<{ readonly publicRaw: Uint8Array; readonly privatePkcs8: Uint8Array }> {
  const pair = await crypto.subtle.generateKey(ECDH, true, ['deriveBits']);
  return {
    publicRaw: new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)),
    privatePkcs8: new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)),
  };
}

export async function importInboxPublicKey(raw: Uint8Array): Promise<Result<CryptoKey, 'bad-key'>> {
  try {
    return ok(await crypto.subtle.importKey('raw', raw as BufferSource, ECDH, false, []));
  } catch {
    // Not a point on P-256: a damaged or edited record; nothing can be sealed to it.
    return err('bad-key');
  }
}

/** The inbox private key, not extractable, from its unwrapped PKCS #8 bytes (which the caller then wipes). */
export async function importInboxPrivateKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, ECDH, false, ['deriveBits']);
}

async function inboxAesKey(privateKey: CryptoKey, publicKey: CryptoKey, ephemeralRaw: Uint8Array): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const base = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: ephemeralRaw as BufferSource, info: INBOX_INFO }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Seals bytes so that only the holder of the private key of `publicKey` can open them (label as for `sealBytes`). */
export async function sealToPublicKey(publicKey: CryptoKey, plain: Uint8Array, label: string): Promise<Uint8Array> {
  const ephemeral = await crypto.subtle.generateKey(ECDH, false, ['deriveBits']);
  const ephemeralRaw = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const sealed = await sealBytes(await inboxAesKey(ephemeral.privateKey, publicKey, ephemeralRaw), plain, label);
  const out = new Uint8Array(EPHEMERAL_BYTES + sealed.length);
  out.set(ephemeralRaw, 0);
  out.set(sealed, EPHEMERAL_BYTES);
  return out;
}

/** Opens what `sealToPublicKey` made, with the private key. */
export async function openWithPrivateKey(privateKey: CryptoKey, sealed: Uint8Array, label: string): Promise<Result<Uint8Array, 'undecryptable'>> {
  if (sealed.byteLength <= EPHEMERAL_BYTES + IV_BYTES) return err('undecryptable');
  const ephemeralRaw = sealed.slice(0, EPHEMERAL_BYTES);
  const ephemeral = await importInboxPublicKey(ephemeralRaw);
  if (!ephemeral.ok) return err('undecryptable');
  return openBytes(await inboxAesKey(privateKey, ephemeral.value, ephemeralRaw), sealed.subarray(EPHEMERAL_BYTES), label);
}

export async function sealJson(key: CryptoKey, value: unknown, label: string): Promise<Uint8Array> {
  return sealBytes(key, encoder.encode(JSON.stringify(value)), label);
}

export async function openJson(key: CryptoKey, sealed: Uint8Array, label: string): Promise<Result<unknown, 'undecryptable'>> {
  const opened = await openBytes(key, sealed, label);
  return opened.ok ? ok(JSON.parse(decoder.decode(opened.value)) as unknown) : opened;
}

/** A keyed hash (hex) for looking a value up without storing it: equal inputs give equal outputs, nothing more. */
export async function keyedHash(index: CryptoKey, text: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', index, encoder.encode(text));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * SHA-256 (hex) of a text as UTF-8: a translation pack's identity. The same hex as the CLI's `sha256Hex`
 * (src/cli/instrument-folder.ts, Node's crypto) for the same text.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** Decodes base64, or null when the text is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    // atob throws InvalidCharacterError for anything that is not base64: that is the answer, not a bug.
    return null;
  }
}
