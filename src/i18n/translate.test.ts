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
