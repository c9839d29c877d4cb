import { describe, expect, it } from 'vitest';
import { helpTextFallbacks, helpTextFor } from './help-text.ts';

describe('the help text a patient sees after a safety answer', () => {
  it('is the clinic text in the language the patient answers in', () => {
    expect(helpTextFor({ en: 'Call 555', 'zh-CN': '请拨打 555' }, 'zh-CN')).toEqual({ text: '请拨打 555', language: 'zh-CN' });
  });

  it("falls back to the other language's text, and Settings can name the language that falls back", () => {
    expect(helpTextFor({ en: 'Call 555' }, 'zh-CN')).toEqual({ text: 'Call 555', language: 'en' });
    expect(helpTextFallbacks({ en: 'Call 555', 'zh-CN': '  ' }, ['en', 'zh-CN'])).toEqual(['zh-CN']);
  });

  it("is null (the app's default message) when the clinic wrote none", () => {
    expect(helpTextFor({}, 'en')).toBeNull();
    expect(helpTextFallbacks({}, ['en', 'zh-CN'])).toEqual([]);
  });
});
