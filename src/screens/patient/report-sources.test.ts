import { describe, expect, it } from 'vitest';
import { numberSources } from './report-sources.ts';

describe('numberSources', () => {
  it('numbers each citation once, in the order first cited', () => {
    const sources = numberSources(['Snaith 1995', 'Kroenke 2001', 'Snaith 1995', 'Loas 2014']);
    expect(sources.list).toEqual(['Snaith 1995', 'Kroenke 2001', 'Loas 2014']);
    expect([sources.numberOf('Snaith 1995'), sources.numberOf('Kroenke 2001'), sources.numberOf('Loas 2014')]).toEqual([1, 2, 3]);
  });
});
