import { describe, expect, it } from 'vitest';
import { effortTaskDeviceSchema } from '../../domain/effort-task/task-record.ts';
import { readDeviceInfo } from './read-device-info.ts';

describe('readDeviceInfo', () => {
  it('reads the screen size and pointer, and keeps the given user agent within the stored limit', () => {
    const device = readDeviceInfo('x'.repeat(1500));
    expect(device.screenWidthPx).toBe(window.screen.width);
    expect(device.screenHeightPx).toBe(window.screen.height);
    expect(['coarse', 'fine', 'none', 'unknown']).toContain(device.pointer);
    expect(device.userAgent).toHaveLength(1000);
    expect(effortTaskDeviceSchema.safeParse(device).success).toBe(true);
  });
});
