import type { Environment } from '../../src/domain/ids.ts';

/**
 * A deterministic Environment for tests: a clock that starts at `start` and moves only by `advance`, counting ids,
 * fixed seeds, and a `fetch` that refuses unless one is given.
 */
export function testEnvironment(overrides: Partial<Environment> = {}, start = '2026-01-01T09:00:00.000Z'): Environment & { advance: (ms: number) => void } {
  let ms = Date.parse(start);
  let ids = 0;
  return {
    now: () => new Date(ms).toISOString(),
    nowMs: () => ms,
    newId: () => `id-${(ids += 1)}`,
    newSeed: () => 12345,
    fetch: () => Promise.reject(new Error('no network in this test')),
    appVersion: '0.0.0-test',
    fhirOrigins: [],
    device: () => ({ screenWidthPx: 768, screenHeightPx: 1024, pointer: 'coarse', userAgent: 'test' }),
    advance: (step: number) => {
      ms += step;
    },
    ...overrides,
  };
}
