import type { EffortTaskDevice } from '../../domain/effort-task/task-record.ts';

/**
 * The device facts stored with an effort-task record: screen size in CSS pixels and the primary pointer
 * (`coarse` = finger). The user agent comes from the caller, so the UI never reads `navigator` itself.
 */
export function readDeviceInfo(userAgent: string): EffortTaskDevice {
  const matches = (query: string) => typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
  const pointer = matches('(pointer: coarse)') ? 'coarse' : matches('(pointer: fine)') ? 'fine' : matches('(pointer: none)') ? 'none' : 'unknown';
  return {
    screenWidthPx: Math.round(window.screen.width),
    screenHeightPx: Math.round(window.screen.height),
    pointer,
    userAgent: userAgent.slice(0, 1000),
  };
}
