/**
 * A seeded pseudo-random source for simulations and the effort task's offer order, so that a recovery study, a
 * test or a task's schedule gives the same numbers on every run and machine. The domain never calls Math.random
 * (HOUSE-STYLE principle 1): a `Random` comes in.
 */
export type Random = () => number;

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state generator, uniform on [0, 1). Plenty for
 * simulating choices and ordering offers; not for anything cryptographic. The effort task's schedule
 * (effort-task/schedule.ts) is shuffled with it and `shuffled`, so changing either changes the order a seed gives.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform on [low, high). */
export function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random();
}

/** A shuffled copy (Fisher–Yates); the input is not changed. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const held = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = held;
  }
  return copy;
}
