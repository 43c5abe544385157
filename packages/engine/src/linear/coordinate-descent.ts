import { centerDesign, interceptFor, type CenteredDesign } from './centered-design.js';
import type { LinearInputs } from './inputs.js';
import { dot, type Solver, type SolverLimits, type StopReason } from './solver.js';

/**
 * Elastic-net least squares by cyclic coordinate descent, scikit-learn's formulation: minimise
 * 1/(2n)·Σ wᵢrᵢ² + alpha·l1Ratio·‖w‖₁ + alpha·(1 − l1Ratio)/2·‖w‖² (weights rescaled to sum
 * to n), the intercept solved away by centring. Each step it yields is one pass over the columns,
 * with that objective. It stops on scikit-learn's duality-gap rule: gap < tol·‖y − ȳ‖².
 */
export function* solveElasticNetCd(
  inputs: LinearInputs,
  alpha: number,
  l1Ratio: number,
  fitIntercept: boolean,
  limits: SolverLimits,
): Solver {
  const n = inputs.X.numRows;
  const p = inputs.X.numCols;
  const design = centerDesign(inputs, fitIntercept, n / inputs.weightSum);
  const { columns, y } = design;
  // The objective times n, as in scikit-learn's inner loop.
  const l1 = alpha * l1Ratio * n;
  const l2 = alpha * (1 - l1Ratio) * n;
  const active = [...Array(p).keys()].filter((j) => !inputs.pinned[j]);
  const squaredNorm = new Float64Array(p);
  for (const j of active) squaredNorm[j] = dot(columns[j]!, columns[j]!);
  const w = new Float64Array(p);
  const residual = Float64Array.from(y);
  const gapTol = limits.tol * dot(y, y);

  let stopReason: StopReason = 'max-iter';
  let iteration = 0;
  while (iteration < limits.maxIter) {
    let wMax = 0;
    let dwMax = 0;
    for (const j of active) {
      if (squaredNorm[j] === 0) continue;
      const column = columns[j]!;
      const old = w[j]!;
      // ρ = xⱼ·(r + xⱼ·wⱼ), the correlation with wⱼ's own contribution added back.
      const rho = dot(column, residual) + old * squaredNorm[j]!;
      const next = (Math.sign(rho) * Math.max(Math.abs(rho) - l1, 0)) / (squaredNorm[j]! + l2);
      if (next !== old) {
        const change = old - next;
        for (let i = 0; i < n; i++) residual[i]! += change * column[i]!;
        w[j] = next;
      }
      dwMax = Math.max(dwMax, Math.abs(next - old));
      wMax = Math.max(wMax, Math.abs(next));
    }
    iteration++;
    yield { iteration, loss: primal(residual, w, l1, l2) / n };
    const smallSteps = wMax === 0 || dwMax / wMax < limits.tol;
    // Without an L1 part the gap below is no bound; the step-size test is all there is.
    if (l1 === 0) {
      if (!smallSteps) continue;
      stopReason = 'tolerance';
      break;
    }
    // The cheap test first, as scikit-learn: the gap costs another pass over every column.
    if (
      (smallSteps || iteration === limits.maxIter) &&
      dualityGap(design, active, residual, w, l1, l2) < gapTol
    ) {
      stopReason = 'tolerance';
      break;
    }
  }

  const theta = new Float64Array(p + (fitIntercept ? 1 : 0));
  theta.set(w);
  if (fitIntercept) theta[p] = interceptFor(design, w);
  return { theta, iterations: iteration, stopReason };
}

function primal(residual: Float64Array, w: Float64Array, l1: number, l2: number): number {
  let abs = 0;
  let squares = 0;
  for (const v of w) {
    abs += Math.abs(v);
    squares += v * v;
  }
  return 0.5 * dot(residual, residual) + l1 * abs + 0.5 * l2 * squares;
}

/** scikit-learn's duality gap of the elastic net (its `enet_coordinate_descent`). */
function dualityGap(
  { columns, y }: CenteredDesign,
  active: readonly number[],
  residual: Float64Array,
  w: Float64Array,
  l1: number,
  l2: number,
): number {
  let dualNorm = 0;
  for (const j of active) {
    dualNorm = Math.max(dualNorm, Math.abs(dot(columns[j]!, residual) - l2 * w[j]!));
  }
  const r2 = dot(residual, residual);
  let abs = 0;
  let squares = 0;
  for (const v of w) {
    abs += Math.abs(v);
    squares += v * v;
  }
  let scale = 1;
  let gap = r2;
  if (dualNorm > l1) {
    scale = l1 / dualNorm;
    gap = 0.5 * (r2 + r2 * scale * scale);
  }
  return gap + l1 * abs - scale * dot(residual, y) + 0.5 * l2 * (1 + scale * scale) * squares;
}
