import { describe, expect, it } from 'vitest';
import { acceptanceProbability, type EbdmParameters } from './model.ts';
import { createRandom, shuffled, uniform } from './random.ts';
import { simulateChoices, standardDesign } from './simulate.ts';

describe('createRandom (mulberry32)', () => {
  it('repeats its stream for the same seed and differs for another', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
  });

  it('draws uniformly on [0, 1): mean ½, variance 1/12, every decile about a tenth', () => {
    const random = createRandom(1);
    const draws = Array.from({ length: 100_000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
    const deciles = new Array<number>(10).fill(0);
    for (const x of draws) deciles[Math.floor(x * 10)] = (deciles[Math.floor(x * 10)] ?? 0) + 1;
    for (const count of deciles) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('scales uniform draws to [low, high) and shuffles without losing or changing the input', () => {
    const random = createRandom(5);
    const x = uniform(random, -3, 1);
    expect(x).toBeGreaterThanOrEqual(-3);
    expect(x).toBeLessThan(1);
    const items = [1, 2, 3, 4, 5, 6];
    const mixed = shuffled(items, random);
    expect([...mixed].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('standardDesign', () => {
  it.each([
    [4, 64],
    [8, 128],
  ])('offers each of the 16 reward × effort pairs %i times (%i trials)', (repeats, total) => {
    const design = standardDesign(repeats, createRandom(1));
    expect(design).toHaveLength(total);
    const counts = new Map<string, number>();
    for (const { reward, effort } of design) counts.set(`${reward}×${effort}`, (counts.get(`${reward}×${effort}`) ?? 0) + 1);
    expect(counts.size).toBe(16);
    expect([...counts.values()].every((n) => n === repeats)).toBe(true);
    expect([...new Set(design.map((o) => o.reward))].sort()).toEqual([2, 3, 4, 5]);
    expect([...new Set(design.map((o) => o.effort))].sort()).toEqual([1, 2, 3, 4]);
  });

  it('keeps a fixed reward-major order without a random source', () => {
    expect(standardDesign(1).slice(0, 5)).toEqual([
      { reward: 2, effort: 1 },
      { reward: 2, effort: 2 },
      { reward: 2, effort: 3 },
      { reward: 2, effort: 4 },
      { reward: 3, effort: 1 },
    ]);
  });
});

describe('simulateChoices', () => {
  const person: EbdmParameters = { rewardSensitivity: 0.8, effortSensitivity: 0.2, acceptanceBias: -1 };

  it('is reproducible from the seed', () => {
    const one = simulateChoices(person, standardDesign(4), 'parabolic', createRandom(8));
    const two = simulateChoices(person, standardDesign(4), 'parabolic', createRandom(8));
    expect(one).toEqual(two);
  });

  it('accepts each offer about as often as the model says', () => {
    const offer = { reward: 4, effort: 3 };
    const trials = simulateChoices(person, Array.from({ length: 20_000 }, () => offer), 'parabolic', createRandom(2));
    const rate = trials.filter((t) => t.accepted).length / trials.length;
    // P = logistic(−1 + 3.2 − 1.8) = logistic(0.4) ≈ 0.599; 4 binomial SDs ≈ 0.014.
    expect(Math.abs(rate - acceptanceProbability(person, offer, 'parabolic'))).toBeLessThan(0.014);
  });
});
