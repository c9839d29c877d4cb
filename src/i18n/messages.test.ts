import { describe, expect, it } from 'vitest';
import { messagesEn } from './messages-en.ts';
import { messagesZhCn } from './messages-zh-cn.ts';
import { createTranslator } from './translate.ts';

describe('UI messages', () => {
  it('has every English key in Chinese and nothing more', () => {
    expect(Object.keys(messagesZhCn).sort()).toEqual(Object.keys(messagesEn).sort());
  });

  it('keeps every placeholder of every message in Chinese', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    const keys = Object.keys(messagesEn) as (keyof typeof messagesEn)[];
    expect(keys.filter((key) => names(messagesZhCn[key]) !== names(messagesEn[key]))).toEqual([]);
  });

  it('fills placeholders and formats dates and numbers in the UI language', () => {
    const en = createTranslator('en');
    const zh = createTranslator('zh-CN', messagesZhCn);
    expect(en('form.itemOf', { number: 3, total: 14 })).toBe('Question 3 of 14');
    expect(zh('form.itemOf', { number: 3, total: 14 })).toBe('第 3 题，共 14 题');
    expect(en('patient.born', { year: 1958 })).toBe('Born 1958');
    expect(zh.formatDate('2026-03-05T09:30:00.000Z')).toMatch(/2026年3月5日/);
  });
});
