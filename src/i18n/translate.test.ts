import { describe, expect, it } from 'vitest';
import { matchUiLanguage } from './translate.ts';

describe("a new tablet's language", () => {
  it.each([
    [['zh-CN', 'en-US'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['zh-Hans-CN'], 'zh-CN'],
    [['en-GB', 'zh-CN'], 'en'],
    [['zh-TW', 'en-US'], 'en'],
    [['fr-FR'], 'en'],
    [[], 'en'],
  ])('follows the browser languages %j: %s', (browser, expected) => {
    expect(matchUiLanguage(browser)).toBe(expected);
  });
});

describe('dates on screen', () => {
  it('writes a visit day the way times are written, in either language, without shifting it by the time zone', async () => {
    const { createTranslator } = await import('./translate.ts');
    const { messagesZhCn } = await import('./messages-zh-cn.ts');
    const en = createTranslator('en');
    const zh = createTranslator('zh-CN', messagesZhCn);
    expect(en.formatDay('2026-01-05')).toBe('Jan 5, 2026');
    expect(en.formatDate(new Date(2026, 0, 5, 9, 3).toISOString())).toMatch(/^Jan 5, 2026, 9:03\sAM$/);
    expect(zh.formatDay('2026-01-05')).toBe('2026年1月5日');
    expect(en.formatDay('not a day')).toBe('not a day');
  });
});

describe('numbers on screen', () => {
  it('writes whole numbers as the language’s number format does, and fractions with at most two decimals', async () => {
    const { createTranslator } = await import('./translate.ts');
    const { messagesZhCn } = await import('./messages-zh-cn.ts');
    for (const [language, t] of [['en', createTranslator('en')], ['zh-CN', createTranslator('zh-CN', messagesZhCn)]] as const) {
      const intl = new Intl.NumberFormat(language, { maximumFractionDigits: 2, useGrouping: false });
      for (const n of [0, 2, 14, -3, 12345, 1_000_000]) expect(t.formatNumber(n)).toBe(intl.format(n));
      expect(t.formatNumber(2.345)).toBe(intl.format(2.345));
      expect(t.formatNumber(-0.5)).toBe(intl.format(-0.5));
    }
    expect(createTranslator('en').formatNumber(12345)).toBe('12345');
  });
});
