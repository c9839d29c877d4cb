import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listInstrumentFolders, readInstrument, sha256Hex } from '../../src/cli/instrument-folder.ts';
import { assembleCatalogue, type Catalogue } from '../../src/domain/instrument-catalogue.ts';

/** The test pack's path: PHQ-9 1.0.0 in zh-CN, complete, every string saying it is a test pack, not a translation. */
export const TEST_PACK_PATH = join(import.meta.dirname, '..', 'fixtures', 'packs', 'phq-9.zh-CN.test-pack.json');

/** The test pack's file text, exactly as stored (its hash is the SHA-256 of this text). */
export const TEST_PACK_TEXT = readFileSync(TEST_PACK_PATH, 'utf8');
export const TEST_PACK_HASH = sha256Hex(TEST_PACK_TEXT);

/** Every shipped instrument, checked as the app's build checks them (no imported packs). */
export function shippedCatalogue(): Catalogue {
  return assembleCatalogue(listInstrumentFolders().map((folder) => ({ folder, result: readInstrument(folder) })));
}

/** The test pack with `change` applied to a copy of its JSON, as file text (2-space JSON). */
export function editedPack(change: (pack: Record<string, any>) => void): string {
  const pack = JSON.parse(TEST_PACK_TEXT) as Record<string, any>;
  change(pack);
  return `${JSON.stringify(pack, null, 2)}\n`;
}

/** A file as the import reads it: its size in bytes (UTF-8) and its text on demand. */
export function packFile(text: string, fileName = 'phq-9.zh-CN.json') {
  return { fileName, size: new TextEncoder().encode(text).length, text: () => Promise.resolve(text) };
}
