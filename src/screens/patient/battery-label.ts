import { CONTEXT_BRIEF_BATTERY, STANDARD_BATTERY } from '../../domain/battery.ts';
import type { Translate } from '../../i18n/translate.ts';

/**
 * An assessment's battery name as shown: a built-in battery in the interface language ("标准组合"), any other
 * name as the clinic typed it. Assessments store the name they were started with ("Standard"), which is left as it
 * is, so old records and exports do not change. A battery a clinic saved under a built-in name reads the same.
 */
export function batteryLabel(t: Translate, batteryName: string): string {
  if (batteryName === STANDARD_BATTERY.name) return t('start.standard');
  if (batteryName === CONTEXT_BRIEF_BATTERY.name) return t('start.contextBrief');
  return batteryName;
}
