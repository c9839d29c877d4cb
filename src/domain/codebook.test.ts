import { describe, expect, it } from 'vitest';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { buildCodebook, CODEBOOK_VERSION } from './codebook.ts';

describe('codebook (format version 2)', () => {
  const codebooks = ['aes-c', 'aes-i', 'aes-s', 'ami', 'phq-9', 'shaps', 'teps'].map((id) => buildCodebook(loadInstrument(id)));

  it('names every item `<instrument>_<item number>`, unique, within REDCap’s 26 characters', () => {
    for (const codebook of codebooks) {
      expect(codebook.codebookVersion).toBe(CODEBOOK_VERSION);
      const columns = codebook.items.map((item) => item.column);
      expect(columns).toEqual(codebook.items.map((item) => `${codebook.id.replace(/-/g, '_')}_${item.number}`));
      expect(new Set(columns).size).toBe(columns.length);
      expect(columns.filter((c) => c.length > 26 || !/^[a-z][a-z0-9_]*$/.test(c))).toEqual([]);
    }
  });

  it('keeps the version-1 name of each item as formerColumn', () => {
    const teps = codebooks.find((c) => c.id === 'teps');
    expect(teps?.items.find((i) => i.itemId === 'teps-looking-forward-pleasurable')).toMatchObject({ column: 'teps_15', formerColumn: 'teps_looking_forward_pleasurable' });
    const phq = codebooks.find((c) => c.id === 'phq-9');
    expect(phq?.items.at(-1)).toMatchObject({ column: 'phq_9_10', formerColumn: 'phq_9_difficulty' });
  });
});
