import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAppSession, resolveChromium, runningServers, SYSTEM_CHROMIUMS } from './harness.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the browser test harness', () => {
  it('takes CHROMIUM_PATH as given, and otherwise a system Chromium or the one from npm', async () => {
    await expect(resolveChromium({ CHROMIUM_PATH: '/opt/some/chrome' })).resolves.toEqual({ path: '/opt/some/chrome', from: 'CHROMIUM_PATH' });
    const found = await resolveChromium({});
    expect(['system', 'npm @sparticuz/chromium']).toContain(found.from);
    if (found.from === 'system') expect(SYSTEM_CHROMIUMS).toContain(found.path);
  });

  it('fails with one error naming the browser it tried, and leaves no server running', async () => {
    vi.stubEnv('CHROMIUM_PATH', '/nonexistent/chromium');
    const opening = openAppSession();
    await expect(opening).rejects.toThrow(/Could not start the test browser \/nonexistent\/chromium \(found via CHROMIUM_PATH\).*Set CHROMIUM_PATH/);
    expect(runningServers()).toBe(0);
  });
});
