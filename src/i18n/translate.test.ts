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
