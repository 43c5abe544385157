import { LbfgsMemory } from './lbfgs-memory.js';
import type { SmoothObjective } from './objective.js';
import {
  dot,
  madeNoProgress,
  maxAbs,
  type Solver,
  type SolverLimits,
  type StopReason,
} from './solver.js';

const C1 = 1e-4;
const MAX_BACKTRACKS = 60;

/**
 * Minimises f(θ) + Σ l1ⱼ·|θⱼ| with OWL-QN (Andrew & Gao 2007): L-BFGS on the smooth part, steps
 * kept inside one orthant so coefficients land on exact zeros. It reuses the L-BFGS machinery for
 * binary and softmax losses alike, where glmnet-style IRLS + coordinate descent would need a
 * weighted inner problem per class.
 */
export function* minimizeOwlqn(objective: SmoothObjective, limits: SolverLimits): Solver {
  const n = objective.size;
  const l1 = objective.l1;
  const memory = new LbfgsMemory(n);
  let x = new Float64Array(n);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const pg = new Float64Array(n);
  const d = new Float64Array(n);
  const s = new Float64Array(n);
  const yDiff = new Float64Array(n);
  const total = (theta: Float64Array, smooth: number): number => {
    let sum = smooth;
    for (let i = 0; i < n; i++) sum += l1[i]! * Math.abs(theta[i]!);
    return sum;
  };
  let F = total(x, objective.evaluate(x, g));
  // The objective at xNew, set by `backtrack`.
  let lastF = NaN;
  pseudoGradient(x, g, l1, pg);
  if (maxAbs(pg) <= limits.tol) return { theta: x, iterations: 0, stopReason: 'tolerance' };

  let stopReason: StopReason = 'max-iter';
  let iteration = 0;
  while (iteration < limits.maxIter) {
    let step = searchDirection(memory, pg, d);
    if (step === null) {
      memory.clear();
      step = searchDirection(memory, pg, d);
    }
    let accepted = step !== null && backtrack(step * (iteration === 0 ? 1 / norm(d) : 1));
    if (!accepted && iteration > 0) {
      memory.clear();
      searchDirection(memory, pg, d);
      accepted = backtrack(1 / norm(d));
    }
    if (!accepted) {
      stopReason = 'line-search-failed';
      break;
    }
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      yDiff[i] = gNew[i]! - g[i]!;
    }
    memory.push(s, yDiff);
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    const before = F;
    F = lastF;
    iteration++;
    pseudoGradient(x, g, l1, pg);
    yield { iteration, loss: F };
    if (maxAbs(pg) <= limits.tol) {
      stopReason = 'tolerance';
      break;
    }
    if (madeNoProgress(before, F)) {
      stopReason = 'no-progress';
      break;
    }
  }
  return { theta: x, iterations: iteration, stopReason };

  // Sets xNew, gNew and lastF to the first projected step with sufficient decrease.
  function backtrack(initial: number): boolean {
    let t = initial;
    for (let k = 0; k < MAX_BACKTRACKS; k++, t *= 0.5) {
      for (let i = 0; i < n; i++) {
        const orthant = x[i]! !== 0 ? Math.sign(x[i]!) : Math.sign(-pg[i]!);
        const v = x[i]! + t * d[i]!;
        // Leaving the orthant means crossing zero: stop at zero instead.
        xNew[i] = Math.sign(v) === orthant ? v : 0;
      }
      const candidate = total(xNew, objective.evaluate(xNew, gNew));
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += pg[i]! * (xNew[i]! - x[i]!);
      if (Number.isFinite(candidate) && candidate <= F + C1 * decrease) {
        lastF = candidate;
        return true;
      }
    }
    return false;
  }
}

/** The L-BFGS direction on the pseudo-gradient, zeroed where it disagrees with −pg; null if none. */
function searchDirection(memory: LbfgsMemory, pg: Float64Array, d: Float64Array): number | null {
  memory.direction(pg, d);
  for (let i = 0; i < d.length; i++) if (d[i]! * pg[i]! >= 0) d[i] = 0;
  return dot(d, pg) < 0 ? 1 : null;
}

/** The steepest-descent-defining subgradient of f + Σ l1ⱼ|θⱼ| (zero where 0 is optimal). */
function pseudoGradient(
  x: Float64Array,
  g: Float64Array,
  l1: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < x.length; i++) {
    const lambda = l1[i]!;
    const xi = x[i]!;
    const gi = g[i]!;
    if (xi > 0) out[i] = gi + lambda;
    else if (xi < 0) out[i] = gi - lambda;
    else if (gi + lambda < 0) out[i] = gi + lambda;
    else if (gi - lambda > 0) out[i] = gi - lambda;
    else out[i] = 0;
  }
}

function norm(v: Float64Array): number {
  return Math.sqrt(dot(v, v));
}
