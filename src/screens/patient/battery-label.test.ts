import { describe, expect, it } from 'vitest';
import { STANDARD_BATTERY } from '../../domain/battery.ts';
import { messagesZhCn } from '../../i18n/messages-zh-cn.ts';
import { createTranslator } from '../../i18n/translate.ts';
import { batteryLabel } from './battery-label.ts';

describe('batteryLabel', () => {
  it('shows the stored standard battery in the interface language', () => {
    expect(batteryLabel(createTranslator('zh-CN', messagesZhCn), STANDARD_BATTERY.name)).toBe('标准组合');
    expect(batteryLabel(createTranslator('en'), STANDARD_BATTERY.name)).toBe('Standard battery');
  });

  it('shows a clinic’s own battery name as it was typed', () => {
    expect(batteryLabel(createTranslator('zh-CN', messagesZhCn), '门诊初筛')).toBe('门诊初筛');
  });
});
