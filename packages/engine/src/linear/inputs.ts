import { EngineInputError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import type { LinearTask } from './params.js';

/** Checked training inputs: weights filled in, classes counted, degenerate columns found. */
export interface LinearInputs {
  readonly X: Matrix;
  readonly y: Float64Array;
  readonly weights: Float64Array;
  readonly weightSum: number;
  /** 1 for regression, 2 for binary, k for multiclass. */
  readonly numClasses: number;
  /** 1 where a column carries no information (constant beside an intercept, or all zero). */
  readonly pinned: Uint8Array;
}

/** Validates X, y and weights for `task`; throws `EngineInputError` naming the culprit. */
export function checkLinearInputs(
  task: LinearTask,
  X: Matrix,
  y: Float64Array,
  sampleWeight: Float64Array | undefined,
  fitIntercept: boolean,
): LinearInputs {
  if (X.numRows === 0) throw new EngineInputError('X', 'has no rows');
  if (X.numCols === 0) throw new EngineInputError('X', 'has no columns');
  if (X.data.length !== X.numRows * X.numCols) {
    throw new EngineInputError(
      'X',
      `has ${X.data.length} cells, expected ${X.numRows}×${X.numCols}`,
    );
  }
  if (X.columnNames.length !== X.numCols) {
    throw new EngineInputError('X', `has ${X.columnNames.length} names for ${X.numCols} columns`);
  }
  checkFinite(X);
  if (y.length !== X.numRows) {
    throw new EngineInputError('target', `has ${y.length} values for ${X.numRows} rows`);
  }
  const weights = checkWeights(sampleWeight, X.numRows);
  let weightSum = 0;
  for (const w of weights) weightSum += w;
  const numClasses = checkTarget(task, y, weights);
  return { X, y, weights, weightSum, numClasses, pinned: findPinned(X, fitIntercept) };
}

/** Throws naming the first column holding NaN or ±Infinity: imputation is the pipeline's job. */
export function checkFinite(X: Matrix): void {
  const { data, numCols } = X;
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (!Number.isFinite(v)) {
      const row = Math.floor(k / numCols);
      const name = X.columnNames[k % numCols] ?? `column ${k % numCols}`;
      throw new EngineInputError(
        name,
        `row ${row} is ${v}; linear models need finite values (impute or drop missing values first)`,
      );
    }
  }
}

function checkWeights(sampleWeight: Float64Array | undefined, numRows: number): Float64Array {
  if (sampleWeight === undefined) return new Float64Array(numRows).fill(1);
  if (sampleWeight.length !== numRows) {
    throw new EngineInputError(
      'sampleWeight',
      `has ${sampleWeight.length} values for ${numRows} rows`,
    );
  }
  let positive = false;
  for (let i = 0; i < numRows; i++) {
    const w = sampleWeight[i]!;
    if (!Number.isFinite(w) || w < 0) {
      throw new EngineInputError(
        'sampleWeight',
        `row ${i} is ${w}; weights must be finite and >= 0`,
      );
    }
    if (w > 0) positive = true;
  }
  if (!positive)
    throw new EngineInputError('sampleWeight', 'must have at least one weight above 0');
  return sampleWeight;
}

function checkTarget(task: LinearTask, y: Float64Array, weights: Float64Array): number {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v))
      throw new EngineInputError('target', `row ${i} is ${v}; must be finite`);
    if (task === 'binary' && v !== 0 && v !== 1) {
      throw new EngineInputError('target', `row ${i} is ${v}; binary targets must be 0 or 1`);
    }
    if (task === 'multiclass' && (!Number.isInteger(v) || v < 0 || v >= 1 << 16)) {
      throw new EngineInputError('target', `row ${i} is ${v}; classes must be codes 0..k-1`);
    }
  }
  if (task === 'regression') return 1;
  let numClasses = 2;
  if (task === 'multiclass') for (const v of y) numClasses = Math.max(numClasses, v + 1);
  // A class without (weighted) rows would drive its unpenalised intercept to -Infinity.
  const seen = new Float64Array(numClasses);
  for (let i = 0; i < y.length; i++) seen[y[i]!]! += weights[i]!;
  const missing = [...seen.keys()].filter((c) => seen[c] === 0);
  if (missing.length === numClasses - 1) {
    throw new EngineInputError('target', `has a single class; ${task} training needs at least two`);
  }
  if (missing.length > 0) {
    throw new EngineInputError(
      'target',
      `class ${missing.join(', ')} has no rows with weight; classes must be codes 0..k-1, all present`,
    );
  }
  return numClasses;
}

function findPinned(X: Matrix, fitIntercept: boolean): Uint8Array {
  const { data, numRows, numCols } = X;
  // Beside an intercept a constant column is collinear with it; without one only zeros are inert.
  const reference = fitIntercept ? data.subarray(0, numCols) : new Float64Array(numCols);
  const pinned = new Uint8Array(numCols).fill(1);
  // Row by row, so the scan streams through memory once.
  for (let i = 0; i < numRows; i++) {
    const row = i * numCols;
    for (let j = 0; j < numCols; j++) if (data[row + j] !== reference[j]) pinned[j] = 0;
  }
  return pinned;
}
