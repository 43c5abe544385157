import { EngineInputError } from '../errors.js';
import { interceptFor, weightedMeans } from './centered-design.js';
import type { LinearInputs } from './inputs.js';
import type { Solver } from './solver.js';

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
  const means = weightedMeans(inputs, fitIntercept);
  const { X, y, weights } = inputs;
  const p = X.numCols;
  const active = [...Array(p).keys()].filter((j) => !inputs.pinned[j]);
  const m = active.length;
  const { a, b } = normalEquations(inputs, means, active, alpha);
  choleskyInPlace(a, m, (r) => X.columnNames[active[r]!]!);
  const solution = solveWithCholesky(a, m, b);
  const coef = new Float64Array(p);
  active.forEach((j, r) => (coef[j] = solution[r]!));
  const intercept = fitIntercept ? interceptFor(means, coef) : 0;

  let loss = 0;
  for (let i = 0; i < X.numRows; i++) {
    let fit = intercept;
    for (const j of active) fit += X.data[i * p + j]! * coef[j]!;
    loss += weights[i]! * (y[i]! - fit) ** 2;
  }
  for (const w of coef) loss += alpha * w * w;
  yield { iteration: 1, loss: loss / (2 * inputs.weightSum) };

  const theta = new Float64Array(p + (fitIntercept ? 1 : 0));
  theta.set(coef);
  if (fitIntercept) theta[p] = intercept;
  return { theta, iterations: 1, stopReason: 'tolerance' };
}

/**
 * A = Σ wᵢ·x̃ᵢx̃ᵢᵀ + alpha·I and b = Σ wᵢ·x̃ᵢỹᵢ over the active columns (x̃, ỹ centred), summed
 * row by row: the small m×m matrix stays in cache while the rows stream past once.
 */
function normalEquations(
  { X, y, weights }: LinearInputs,
  { xMean, yMean }: { xMean: Float64Array; yMean: number },
  active: readonly number[],
  alpha: number,
): { a: Float64Array; b: Float64Array } {
  const m = active.length;
  const p = X.numCols;
  const a = new Float64Array(m * m);
  const b = new Float64Array(m);
  // Four rows at a time: each cell of A is loaded and stored once per four rows, not per row.
  const v = [new Float64Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m)];
  const [v0, v1, v2, v3] = v as [Float64Array, Float64Array, Float64Array, Float64Array];
  const w = new Float64Array(4);
  for (let start = 0; start < X.numRows; start += 4) {
    for (let k = 0; k < 4; k++) {
      const i = start + k;
      const vk = v[k]!;
      // Past the last row: weight 0 and zeros, so the block adds nothing.
      w[k] = i < X.numRows ? weights[i]! : 0;
      if (w[k] === 0) {
        vk.fill(0);
        continue;
      }
      for (let r = 0; r < m; r++) vk[r] = X.data[i * p + active[r]!]! - xMean[active[r]!]!;
      const wy = w[k]! * (y[i]! - yMean);
      for (let r = 0; r < m; r++) b[r]! += vk[r]! * wy;
    }
    for (let r = 0; r < m; r++) {
      const a0 = w[0]! * v0[r]!;
      const a1 = w[1]! * v1[r]!;
      const a2 = w[2]! * v2[r]!;
      const a3 = w[3]! * v3[r]!;
      const base = r * m;
      for (let c = 0; c <= r; c++) {
        a[base + c]! += a0 * v0[c]! + a1 * v1[c]! + a2 * v2[c]! + a3 * v3[c]!;
      }
    }
  }
  for (let r = 0; r < m; r++) {
    a[r * m + r]! += alpha;
    for (let c = 0; c < r; c++) a[c * m + r] = a[r * m + c]!;
  }
  return { a, b };
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
