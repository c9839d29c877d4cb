import { STANDARD_BATTERY } from '../../domain/battery.ts';
import type { Translate } from '../../i18n/translate.ts';

/**
 * An assessment's battery name as shown: the standard battery in the interface language ("标准组合"), any other
 * name as the clinic typed it. Assessments store the name they were started with ("Standard"), which is left as it
 * is, so old records and exports do not change. A battery a clinic saved under the name "Standard" reads the same.
 */
export function batteryLabel(t: Translate, batteryName: string): string {
  return batteryName === STANDARD_BATTERY.name ? t('start.standard') : batteryName;
}
