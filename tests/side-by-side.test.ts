import { describe, expect, it } from 'vitest';
import { toFloorHtml } from '../bench/comparison/floor-page.ts';
import { toShownInstrument } from '../bench/comparison/shaps-items.ts';
import { alignColumns, median, ratio, sideBySideCounts, sideBySideRows } from '../bench/comparison/side-by-side-table.ts';
import { toSurveyJson } from '../bench/comparison/surveyjs-json.ts';
import { readInstrument } from '../src/cli/instrument-folder.ts';

const shaps = readInstrument('shaps');
if (!shaps.ok) throw new Error(shaps.error.join('; '));
const shown = toShownInstrument(shaps.value, 'en');

describe('the side-by-side comparison pages', () => {
  it('take all 14 SHAPS items and their options, in display order, from the instrument folder', () => {
    expect(shown.items).toHaveLength(14);
    expect(shown.items[0]?.text).toBe(shaps.value.packs['en']?.items['shaps-1']);
    expect(shown.items[0]?.options.map((o) => o.label)).toEqual(['Strongly disagree', 'Disagree', 'Agree', 'Strongly agree']);
    // Item 2 shows "Definitely agree" first, as the printed form does.
    expect(shown.items[1]?.options[0]).toEqual({ code: 'strongly-agree', label: 'Definitely agree' });
  });

  it('give SurveyJS one required item per page that moves on when tapped', () => {
    const json = toSurveyJson(shown) as { pages: { elements: { name: string; isRequired: boolean }[] }[]; autoAdvanceEnabled: boolean };
    expect(json.pages).toHaveLength(14);
    expect(json.pages.every((p) => p.elements.length === 1 && p.elements[0]?.isRequired)).toBe(true);
    expect(json.autoAdvanceEnabled).toBe(true);
  });

  it('write the floor as one page with the first item and its four options in the markup, and no script to fetch', () => {
    const html = toFloorHtml(shown);
    expect(html).toContain(`<legend id="item-text">${shown.items[0]?.text ?? ''}</legend>`);
    expect(html.match(/<button type="button" class="option">/g)).toHaveLength(4);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
  });
});

describe('the side-by-side table', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[5, Number.NaN, 1], 3],
    [[], Number.NaN],
  ])('takes the median of %j, leaving failed runs out', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('prints ratios to two decimals, and a dash without a reference', () => {
    expect(ratio(1443, 1357)).toBe('1.06×');
    expect(ratio(10, 0)).toBe('—');
    expect(ratio(Number.NaN, 3)).toBe('—');
  });

  it('shows each measure with its ratios to SurveyJS and to the floor, and text where a page has no figure', () => {
    const rows = sideBySideRows([
      { name: 'first item', unit: 'ms', runs: { start: [700, 800, 900], patient: [600], surveyjs: [1200], floor: [200] }, target: '≥ 1.5×' },
      { name: 'JS', unit: 'KB', runs: { start: [150], patient: [185], surveyjs: [409.4] }, text: { floor: 'inline' } },
    ]);
    expect(rows[1]).toEqual(['first item', '800 ms', '600 ms', '1200 ms', '200 ms', '≥ 1.5×']);
    expect(rows[2]).toEqual(['  ÷ SurveyJS', '0.67×', '0.50×', '', '0.17×', '']);
    expect(rows[3]).toEqual(['  ÷ floor', '4.00×', '3.00×', '6.00×', '', '']);
    expect(rows[4]).toEqual(['JS', '150.0 KB', '185.0 KB', '409.4 KB', 'inline', '']);
    expect(rows[6]?.[3]).toBe('—');
  });

  it('aligns columns two spaces apart', () => {
    expect(alignColumns([['a', 'bb'], ['ccc', 'd']])).toEqual(['a    bb', 'ccc  d']);
  });

  it('reads run counts from BENCH_SIDE_BY_SIDE, with defaults, 0 for none, and taps capped at 13', () => {
    expect(sideBySideCounts(undefined)).toEqual({ loads: 5, taps: 9, lighthouse: 3 });
    expect(sideBySideCounts('lighthouse=5, taps=20')).toEqual({ loads: 5, taps: 13, lighthouse: 5 });
    expect(sideBySideCounts('0')).toBeNull();
    expect(() => sideBySideCounts('runs=3')).toThrow(/BENCH_SIDE_BY_SIDE/);
  });
});
