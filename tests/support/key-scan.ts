import { createDecipheriv, createECDH, hkdfSync } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Looks for a key at rest that opens patient answers: collects every 32-byte secret that could be written down
 * somewhere (base64, base64url, hex, or raw bytes in a small stored value) and tries each against sealed rows in
 * every way the app seals them. A scanner that only looks for one known format would pass the moment the format
 * changes, so it collects broadly and lets the decryption decide.
 */

/** One sealed value as stored, with the label it was sealed under (AES-GCM additional data) and its `keyId`. */
export type SealedRow = { readonly label: string; readonly keyId: string; readonly sealed: Uint8Array };

/** Candidate secrets by hex (deduplicated), each with where it was seen, to say where a key that opens came from. */
export type Candidates = Map<string, { readonly key: Uint8Array; readonly sources: Set<string> }>;

/** How a key opened a row: as the AES key itself, as a master secret (HKDF), or as the inbox's P-256 scalar. */
export type OpenedBy = 'raw' | 'master' | 'inbox';

export type Opening = { readonly hex: string; readonly key: Uint8Array; readonly how: OpenedBy; readonly label: string };

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const EPHEMERAL_BYTES = 65;
/** Raw byte windows only of small values: sealed rows and wrapped keys, not whole files (every offset is a candidate). */
const MAX_BLOB_BYTES = 4_096;
/** Bigger files are caches of code and media, not where a session writes a secret; skipping keeps a scan in seconds. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

// Standard base64 of 32 bytes is 43 characters and one '='; without a left boundary, because on disk the token can
// follow any byte (a LevelDB length prefix can be a letter). The engine's leftmost match is then the last 43
// characters before the '=', which is the token.
const BASE64 = /[A-Za-z0-9+/]{43}=/g;
// base64url without padding (JWK `d`) has no end marker: short runs are tried at every 43-character window.
const BASE64URL_RUN = /[A-Za-z0-9_-]{43,64}/g;
const HEX_RUN = /[0-9a-fA-F]{64,80}/g;

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function add(into: Candidates, key: Uint8Array, source: string): void {
  if (key.byteLength !== KEY_BYTES) return;
  const hex = toHex(key);
  const seen = into.get(hex);
  if (seen) seen.sources.add(source);
  else into.set(hex, { key: Uint8Array.from(key), sources: new Set([source]) });
}

/** Adds every 32-byte token written in `text` as base64, base64url (43 characters) or hex. */
export function addTokens(into: Candidates, text: string, source: string): void {
  for (const match of text.matchAll(BASE64)) add(into, Buffer.from(match[0], 'base64'), source);
  for (const match of text.matchAll(BASE64URL_RUN)) {
    const run = match[0];
    for (let at = 0; at + 43 <= run.length; at += 1) add(into, Buffer.from(run.slice(at, at + 43), 'base64url'), source);
  }
  for (const match of text.matchAll(HEX_RUN)) {
    const run = match[0];
    for (let at = 0; at + 64 <= run.length; at += 1) add(into, Buffer.from(run.slice(at, at + 64), 'hex'), source);
  }
}

/** Adds every 32-byte window of a small binary value (a raw key stored as bytes has no text form to match). */
export function addWindows(into: Candidates, blob: Uint8Array, source: string): void {
  if (blob.byteLength > MAX_BLOB_BYTES) return;
  for (let at = 0; at + KEY_BYTES <= blob.byteLength; at += 1) add(into, blob.subarray(at, at + KEY_BYTES), source);
}

/** The distinct candidate secrets in some texts and small binary values. */
export function candidateKeys(texts: readonly string[], blobs: readonly Uint8Array[]): Uint8Array[] {
  const into: Candidates = new Map();
  texts.forEach((text, n) => addTokens(into, text, `text ${n}`));
  blobs.forEach((blob, n) => addWindows(into, blob, `blob ${n}`));
  return Array.from(into.values(), (c) => c.key);
}

/**
 * Adds the tokens of one file's bytes, read as Latin-1 and as UTF-16LE at both byte alignments: Chromium's
 * DOMStorage (localStorage, sessionStorage) writes a string as Latin-1 when it can and as UTF-16LE otherwise, and
 * a UTF-16 string in a LevelDB record starts at whatever offset the record puts it.
 */
export function addFileTokens(into: Candidates, bytes: Buffer, source: string): void {
  // The encoding goes into the source, so a finding says how the browser wrote the secret down.
  addTokens(into, bytes.toString('latin1'), `${source} (Latin-1)`);
  addTokens(into, bytes.toString('utf16le'), `${source} (UTF-16LE)`);
  if (bytes.byteLength > 1) addTokens(into, bytes.subarray(1).toString('utf16le'), `${source} (UTF-16LE, odd offset)`);
}

export type FileScan = { readonly files: number; readonly skipped: readonly string[]; readonly candidates: Candidates };

/**
 * Every regular file under `dir` (a browser profile), scanned for tokens; files over 50 MB are skipped and named.
 * Files that vanish or cannot be read while the browser runs are skipped too (it rewrites its files as it goes).
 */
export function scanFiles(dir: string, into: Candidates = new Map()): FileScan {
  let files = 0;
  const skipped: string[] = [];
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      // A folder removed while walking (a temp folder of the browser): nothing left in it to scan.
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const name = relative(dir, path);
        try {
          if (lstatSync(path).size > MAX_FILE_BYTES) {
            skipped.push(name);
            continue;
          }
          const bytes = readFileSync(path);
          files += 1;
          addFileTokens(into, bytes, name);
        } catch {
          // Gone or locked between listing and reading: a lock file or a journal the browser just removed.
          skipped.push(name);
        }
      }
    }
  };
  walk(dir);
  return { files, skipped, candidates: into };
}

function openAesGcm(key: Uint8Array, box: Uint8Array, label: string): boolean {
  if (box.byteLength < IV_BYTES + TAG_BYTES) return false;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(label, 'utf8'));
    decipher.setAuthTag(box.subarray(box.byteLength - TAG_BYTES));
    decipher.update(box.subarray(IV_BYTES, box.byteLength - TAG_BYTES));
    decipher.final();
    return true;
  } catch {
    // A wrong key fails authentication; that is the expected answer for almost every candidate.
    return false;
  }
}

function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ikm, salt, Buffer.from(info, 'utf8'), KEY_BYTES));
}

const ZERO_SALT = new Uint8Array(32);
export const RECORDS_INFO = 'motivation-profile records v1';
export const INBOX_INFO = 'motivation-profile inbox v1';

/** The AES key an inbox row is sealed with, if `d` is a valid P-256 scalar; else null. */
function inboxKey(d: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  if (sealed.byteLength < EPHEMERAL_BYTES + IV_BYTES + TAG_BYTES) return null;
  const ephemeral = sealed.subarray(0, EPHEMERAL_BYTES);
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(d);
    const shared = ecdh.computeSecret(ephemeral);
    return hkdf(shared, ephemeral, INBOX_INFO);
  } catch {
    // Not a scalar of the curve (zero or ≥ n), or a damaged ephemeral key: this candidate cannot open this row.
    return null;
  }
}

/** Which way, if any, `key` opens `row`. */
export function opens(key: Uint8Array, row: SealedRow): OpenedBy | null {
  if (row.keyId === 'inbox') {
    const aes = inboxKey(key, row.sealed);
    return aes && openAesGcm(aes, row.sealed.subarray(EPHEMERAL_BYTES), row.label) ? 'inbox' : null;
  }
  if (openAesGcm(key, row.sealed, row.label)) return 'raw';
  if (openAesGcm(hkdf(key, ZERO_SALT, RECORDS_INFO), row.sealed, row.label)) return 'master';
  return null;
}

/**
 * The candidates that open any of `rows` (raw AES key, master secret through HKDF, or P-256 scalar for inbox
 * rows), each with the first row it opened. Keep `rows` to a handful (see `sampleRows`): every candidate is tried
 * against every row until one opens.
 */
export function keysThatOpen(candidates: Iterable<Uint8Array>, rows: readonly SealedRow[]): Opening[] {
  const found: Opening[] = [];
  for (const key of candidates) {
    for (const row of rows) {
      const how = opens(key, row);
      if (how) {
        found.push({ hex: toHex(key), key, how, label: row.label });
        break;
      }
    }
  }
  return found;
}

/** Answer rows as the app stores them (store `answers`) and assessment rows (store `assessments`). */
export type AnswerValue = { readonly assessmentId: string; readonly instrumentId: string; readonly itemId: string; readonly keyId: string; readonly sealed: Uint8Array };
export type AssessmentValue = { readonly id: string; readonly keyId: string; readonly sealed: Uint8Array };

export const answerRow = (a: AnswerValue): SealedRow => ({ label: `answers/${a.assessmentId}/${a.instrumentId}/${a.itemId}`, keyId: a.keyId, sealed: a.sealed });
export const assessmentRow = (a: AssessmentValue): SealedRow => ({ label: `assessments/${a.id}`, keyId: a.keyId, sealed: a.sealed });

/**
 * A handful of rows to try keys on: up to `perKeyId` answers of each key id (so a session key, the clinic key and
 * the inbox each get tried) and every assessment row.
 */
export function sampleRows(answers: readonly AnswerValue[], assessments: readonly AssessmentValue[], perKeyId = 5): SealedRow[] {
  const byKeyId = new Map<string, SealedRow[]>();
  for (const answer of answers) {
    const rows = byKeyId.get(answer.keyId) ?? [];
    if (rows.length < perKeyId) rows.push(answerRow(answer));
    byKeyId.set(answer.keyId, rows);
  }
  return [...Array.from(byKeyId.values()).flat(), ...assessments.map(assessmentRow)];
}
