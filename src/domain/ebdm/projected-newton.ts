/**
 * A small projected Newton minimiser for smooth functions of a few variables with lower bounds (Bertsekas 1982,
 * SIAM J Control Optim 20:221): Newton steps on the free variables, variables held at their bound while the
 * gradient pushes them through it, and an Armijo back-tracking search along the projected path. A non-positive-
 * definite Hessian is shifted by a growing multiple of the identity (Levenberg), so every step is a descent step.
 * Written by hand because the EBDM models have three parameters and the app takes no numerical dependency.
 */
export type Objective = (x: readonly number[]) => { value: number; gradient: readonly number[]; hessian: readonly (readonly number[])[] };

export type MinimiseOptions = {
  /** Lower bound per variable; −Infinity for none. */
  readonly lower: readonly number[];
  /** Upper bound per variable (Infinity for none); equal bounds hold a variable fixed. */
  readonly upper?: readonly number[];
  readonly maxIterations?: number;
  /** Converged when the largest projected-gradient component is below this. */
  readonly gradientTolerance?: number;
};

export type Minimum = { readonly x: number[]; readonly value: number; readonly converged: boolean; readonly iterations: number };

const ARMIJO = 1e-4;

/** Cholesky factor L (lower) of a symmetric matrix, or null when it is not positive definite. */
export function cholesky(a: readonly (readonly number[])[]): number[][] | null {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i]?.[j] ?? 0;
      for (let k = 0; k < j; k += 1) sum -= (l[i]?.[k] ?? 0) * (l[j]?.[k] ?? 0);
      if (i === j) {
        if (!(sum > 0)) return null;
        (l[i] as number[])[i] = Math.sqrt(sum);
      } else {
        (l[i] as number[])[j] = sum / (l[j]?.[j] ?? 1);
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b. */
export function choleskySolve(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i += 1) {
    let sum = b[i] ?? 0;
    for (let k = 0; k < i; k += 1) sum -= (l[i]?.[k] ?? 0) * (y[k] ?? 0);
    y[i] = sum / (l[i]?.[i] ?? 1);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = y[i] ?? 0;
    for (let k = i + 1; k < n; k += 1) sum -= (l[k]?.[i] ?? 0) * (x[k] ?? 0);
    x[i] = sum / (l[i]?.[i] ?? 1);
  }
  return x;
}

/** The inverse of a symmetric positive-definite matrix, or null when it is not positive definite. */
export function invertSpd(a: readonly (readonly number[])[]): number[][] | null {
  const l = cholesky(a);
  if (!l) return null;
  return a.map((_, j) => choleskySolve(l, a.map((__, i) => (i === j ? 1 : 0))));
}

/** The Newton direction on the free variables, with a Levenberg shift when the Hessian block is not PD. */
function newtonDirection(gradient: readonly number[], hessian: readonly (readonly number[])[], free: readonly number[]): number[] {
  const block = free.map((i) => free.map((j) => hessian[i]?.[j] ?? 0));
  const rhs = free.map((i) => -(gradient[i] ?? 0));
  const scale = Math.max(1e-8, ...block.map((row, i) => Math.abs(row[i] ?? 0)));
  for (let shift = 0; ; shift = shift === 0 ? scale * 1e-6 : shift * 10) {
    const l = cholesky(block.map((row, i) => row.map((v, j) => (i === j ? v + shift : v))));
    if (l) return choleskySolve(l, rhs);
    if (shift > scale * 1e12) return rhs; // hopeless curvature: fall back to steepest descent
  }
}

/** Minimises `objective` from `start` subject to lower ≤ x ≤ upper. */
export function minimiseWithBounds(objective: Objective, start: readonly number[], options: MinimiseOptions): Minimum {
  const { lower, upper = [], maxIterations = 100, gradientTolerance = 1e-8 } = options;
  const project = (x: readonly number[]) => x.map((v, i) => Math.min(Math.max(v, lower[i] ?? -Infinity), upper[i] ?? Infinity));
  let x = project(start);
  let current = objective(x);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    const { gradient, hessian } = current;
    // A variable at a bound that the gradient pushes it through stays put this step.
    const atBound = x.map((v, i) => {
      const g = gradient[i] ?? 0;
      return (v <= (lower[i] ?? -Infinity) + 1e-12 && g > 0) || (v >= (upper[i] ?? Infinity) - 1e-12 && g < 0);
    });
    const projectedGradient = gradient.map((g, i) => (atBound[i] ? 0 : g));
    if (Math.max(...projectedGradient.map(Math.abs)) < gradientTolerance) {
      return { x, value: current.value, converged: true, iterations: iteration };
    }
    const free = x.flatMap((_, i) => (atBound[i] ? [] : [i]));
    const step = newtonDirection(gradient, hessian, free);
    const direction = x.map(() => 0);
    free.forEach((i, k) => (direction[i] = step[k] ?? 0));
    let accepted = false;
    for (let alpha = 1; alpha > 1e-12; alpha /= 2) {
      const candidate = project(x.map((v, i) => v + alpha * (direction[i] ?? 0)));
      const next = objective(candidate);
      const decrease = candidate.reduce((sum, v, i) => sum + (gradient[i] ?? 0) * (v - (x[i] ?? 0)), 0);
      if (Number.isFinite(next.value) && next.value <= current.value + ARMIJO * decrease) {
        const moved = Math.max(...candidate.map((v, i) => Math.abs(v - (x[i] ?? 0))));
        x = candidate;
        current = next;
        accepted = true;
        // A step too small to change x means we are at the minimum to machine precision.
        if (moved < 1e-14) return { x, value: current.value, converged: true, iterations: iteration + 1 };
        break;
      }
    }
    if (!accepted) {
      const small = Math.max(...projectedGradient.map(Math.abs)) < Math.sqrt(gradientTolerance);
      return { x, value: current.value, converged: small, iterations: iteration + 1 };
    }
  }
  return { x, value: current.value, converged: false, iterations: maxIterations };
}
