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
import { wolfeLineSearch } from './wolfe-line-search.js';

/** Minimises a smooth objective with L-BFGS (10 pairs, strong Wolfe steps) from θ = 0. */
export function* minimizeLbfgs(objective: SmoothObjective, limits: SolverLimits): Solver {
  const n = objective.size;
  const memory = new LbfgsMemory(n);
  let x = new Float64Array(n);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const s = new Float64Array(n);
  const yDiff = new Float64Array(n);
  let f = objective.evaluate(x, g);
  if (maxAbs(g) <= limits.tol) return { theta: x, iterations: 0, stopReason: 'tolerance' };

  let stopReason: StopReason = 'max-iter';
  let iteration = 0;
  while (iteration < limits.maxIter) {
    memory.direction(g, d);
    if (!(dot(g, d) < 0)) {
      memory.clear();
      memory.direction(g, d);
    }
    // As scipy: the first step has unit length, later ones trust the quasi-Newton scaling.
    let first = iteration === 0 ? 1 / Math.sqrt(dot(d, d)) : 1;
    let search = wolfeLineSearch(objective, x, f, g, d, first, xNew, gNew);
    if (!search.ok && iteration > 0) {
      memory.clear();
      memory.direction(g, d);
      first = 1 / Math.sqrt(dot(d, d));
      search = wolfeLineSearch(objective, x, f, g, d, first, xNew, gNew);
    }
    if (!search.ok) {
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
    const before = f;
    f = search.f;
    iteration++;
    yield { iteration, loss: f };
    if (maxAbs(g) <= limits.tol) {
      stopReason = 'tolerance';
      break;
    }
    if (madeNoProgress(before, f)) {
      stopReason = 'no-progress';
      break;
    }
  }
  return { theta: x, iterations: iteration, stopReason };
}
