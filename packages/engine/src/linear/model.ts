import { EngineInputError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkFinite } from './inputs.js';
import type { ResolvedLinearParams } from './params.js';
import type { StopReason } from './solver.js';
import { exp, sigmoid } from '../math.js';

/** A trained linear or logistic model as plain JSON-serialisable data. */
export interface LinearModel {
  readonly format: 'aistudio.linear';
  readonly version: 1;
  readonly kind: 'linear-regression' | 'logistic-regression';
  readonly task: ResolvedLinearParams['task'];
  /** The parameters it was trained with, defaults and solver filled in. */
  readonly params: ResolvedLinearParams;
  /** Column names of the training matrix, in coefficient order. */
  readonly features: readonly string[];
  /** 1 for regression, 2 for binary, k for multiclass. */
  readonly numClasses: number;
  /** One row per output, scikit-learn's `coef_` shape: 1 row, or k rows for multiclass. */
  readonly coef: readonly (readonly number[])[];
  /** One per row of `coef`; softmax intercepts are centred to sum to 0 (only differences count). */
  readonly intercept: readonly number[];
  /** Columns that were constant (or all zero without an intercept): coefficient fixed at 0. */
  readonly constantColumns: readonly string[];
  /** False when `maxIter` ran out or the line search failed before `tol` was met. */
  readonly converged: boolean;
  readonly stopReason: StopReason;
  readonly iterations: number;
  /** The solver's objective after each iteration (scaled as documented on `LinearParams.tol`). */
  readonly history: { readonly loss: readonly number[] };
}

/** Options of `predictLinear`. */
export interface PredictLinearOptions {
  /** Return margins (log-odds, softmax logits) instead of probabilities. */
  readonly raw?: boolean;
}

/**
 * Predicts every row of `X` (columns matched by name): the value for regression, P(class 1) for
 * binary, and for multiclass k probabilities per row, row-major (row r, class c at r·k + c).
 */
export function predictLinear(
  model: LinearModel,
  X: Matrix,
  options: PredictLinearOptions = {},
): Float64Array {
  checkFinite(X);
  const positions = new Map(X.columnNames.map((name, j) => [name, j]));
  const source = model.features.map((name) => {
    const j = positions.get(name);
    if (j === undefined) throw new EngineInputError(name, 'is a model feature missing from X');
    return j;
  });
  const k = model.coef.length;
  const coef = model.coef.map((row) => Float64Array.from(row));
  const out = new Float64Array(X.numRows * k);
  for (let r = 0; r < X.numRows; r++) {
    const base = r * X.numCols;
    for (let c = 0; c < k; c++) {
      const w = coef[c]!;
      let z = model.intercept[c]!;
      for (let f = 0; f < source.length; f++) z += w[f]! * X.data[base + source[f]!]!;
      out[r * k + c] = z;
    }
  }
  if (options.raw || model.task === 'regression') return out;
  if (model.task === 'binary') return out.map(sigmoid);
  for (let r = 0; r < X.numRows; r++) softmaxInPlace(out.subarray(r * k, (r + 1) * k));
  return out;
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
}
