import { readInstrument } from '../../src/cli/instrument-folder.ts';
import type { Instrument } from '../../src/domain/instrument-catalogue.ts';

/** A shipped instrument for tests; a broken instrument folder fails the test with its problems. */
export function loadInstrument(id: string): Instrument {
  const result = readInstrument(id);
  if (!result.ok) throw new Error(result.error.join('\n'));
  return result.value;
}
