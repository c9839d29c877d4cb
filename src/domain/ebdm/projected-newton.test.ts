import { describe, expect, it } from 'vitest';
import { invertSpd, minimiseWithBounds, type Objective } from './projected-newton.ts';

/** f(x) = ½ Σ (xᵢ − cᵢ)² + x₀x₁/2: convex, minimum at c when unbounded. */
const quadratic =
  (c: readonly number[]): Objective =>
  (x) => {
    const d = x.map((v, i) => v - (c[i] ?? 0));
    const value = 0.5 * d.reduce((s, v) => s + v * v, 0) + 0.5 * (x[0] ?? 0) * (x[1] ?? 0);
    const gradient = d.map((v, i) => v + (i === 0 ? 0.5 * (x[1] ?? 0) : i === 1 ? 0.5 * (x[0] ?? 0) : 0));
    const hessian = [
      [1, 0.5, 0],
      [0.5, 1, 0],
      [0, 0, 1],
    ];
    return { value, gradient, hessian };
  };

describe('minimiseWithBounds', () => {
  it('takes one Newton step to the minimum of a quadratic inside the bounds', () => {
    const result = minimiseWithBounds(quadratic([1, 1, 2]), [5, 5, 5], { lower: [0, 0, -Infinity] });
    // ∇f = 0 → x₀ + x₁/2 = 1 and x₁ + x₀/2 = 1 → x₀ = x₁ = 2/3.
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(2 / 3, 10);
    expect(result.x[1]).toBeCloseTo(2 / 3, 10);
    expect(result.x[2]).toBeCloseTo(2, 10);
    expect(result.iterations).toBeLessThanOrEqual(2);
  });

  it('stops a variable at its bound when the unbounded minimum lies beyond it', () => {
    const result = minimiseWithBounds(quadratic([-1, 1, 0]), [1, 1, 1], { lower: [0, 0, -Infinity] });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBe(0);
    expect(result.x[1]).toBeCloseTo(1, 10);
  });

  it('holds a variable fixed when its lower and upper bounds are equal', () => {
    const result = minimiseWithBounds(quadratic([1, 1, 2]), [0, 0, 0], { lower: [0.25, 0, -Infinity], upper: [0.25, Infinity, Infinity] });
    expect(result.x[0]).toBe(0.25);
    expect(result.x[1]).toBeCloseTo(1 - 0.125, 10);
  });
});

describe('invertSpd', () => {
  it('inverts a positive-definite matrix and refuses an indefinite one', () => {
    const inverse = invertSpd([
      [2, 1],
      [1, 2],
    ]);
    expect(inverse?.[0]?.[0]).toBeCloseTo(2 / 3, 12);
    expect(inverse?.[0]?.[1]).toBeCloseTo(-1 / 3, 12);
    expect(
      invertSpd([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
  });
});
