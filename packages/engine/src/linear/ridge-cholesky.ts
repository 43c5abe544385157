import { EngineInputError } from '../errors.js';
import { centerDesign, interceptFor } from './centered-design.js';
import type { LinearInputs } from './inputs.js';
import { dot, type Solver } from './solver.js';

// A pivot this small next to its diagonal means the column is (numerically) a mix of earlier ones.
const SINGULAR = 1e-12;

/**
 * Solves ridge / least squares exactly: (XᵀWX + alpha·I) w = XᵀWy on centred data, by Cholesky.
 * θ comes back as [coefficients, intercept?]; the one step it yields carries the objective
 * (Σ wᵢ rᵢ² + alpha·‖w‖²) / (2·Σw).
 */
export function* solveRidgeCholesky(
  inputs: LinearInputs,
  alpha: number,
  fitIntercept: boolean,
): Solver {
  const design = centerDesign(inputs, fitIntercept, 1);
  const p = inputs.X.numCols;
  const active = [...Array(p).keys()].filter((j) => !inputs.pinned[j]);
  const m = active.length;
  const a = new Float64Array(m * m);
  const b = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const xr = design.columns[active[r]!]!;
    b[r] = dot(xr, design.y);
    for (let c = 0; c <= r; c++) {
      const v = dot(xr, design.columns[active[c]!]!) + (r === c ? alpha : 0);
      a[r * m + c] = v;
      a[c * m + r] = v;
    }
  }
  choleskyInPlace(a, m, (r) => inputs.X.columnNames[active[r]!]!);
  const solution = solveWithCholesky(a, m, b);
  const coef = new Float64Array(p);
  active.forEach((j, r) => (coef[j] = solution[r]!));

  let loss = 0;
  for (let i = 0; i < design.numRows; i++) {
    let fit = 0;
    for (const j of active) fit += design.columns[j]![i]! * coef[j]!;
    loss += (design.y[i]! - fit) ** 2;
  }
  for (const w of coef) loss += alpha * w * w;
  yield { iteration: 1, loss: loss / (2 * inputs.weightSum) };

  const theta = new Float64Array(p + (fitIntercept ? 1 : 0));
  theta.set(coef);
  if (fitIntercept) theta[p] = interceptFor(design, coef);
  return { theta, iterations: 1, stopReason: 'tolerance' };
}

/** Lower Cholesky factor in place; throws naming the first column that adds no new direction. */
function choleskyInPlace(a: Float64Array, m: number, nameOf: (r: number) => string): void {
  for (let j = 0; j < m; j++) {
    const diagonal = a[j * m + j]!;
    let d = diagonal;
    for (let k = 0; k < j; k++) d -= a[j * m + k]! ** 2;
    if (!(d > SINGULAR * diagonal)) {
      throw new EngineInputError(
        nameOf(j),
        'is a linear combination of earlier columns, so least squares has no unique answer; ' +
          "drop it or use penalty 'l2' with alpha > 0",
      );
    }
    const root = Math.sqrt(d);
    a[j * m + j] = root;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j]!;
      for (let k = 0; k < j; k++) s -= a[i * m + k]! * a[j * m + k]!;
      a[i * m + j] = s / root;
    }
  }
}

/** Solves L·Lᵀ·x = b with the factor from `choleskyInPlace`. */
function solveWithCholesky(l: Float64Array, m: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < i; k++) x[i]! -= l[i * m + k]! * x[k]!;
    x[i]! /= l[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    for (let k = i + 1; k < m; k++) x[i]! -= l[k * m + i]! * x[k]!;
    x[i]! /= l[i * m + i]!;
  }
  return x;
}
