import type { LinearInputs } from './inputs.js';

/**
 * The design with the intercept solved away, as scikit-learn does for squared loss: columns and
 * target centred on their weighted means, then row i scaled by √(wᵢ·rowScale) so the weighted
 * problem becomes an unweighted one. Column-major, because both solvers walk columns.
 */
export interface CenteredDesign {
  readonly numRows: number;
  readonly columns: readonly Float64Array[];
  readonly y: Float64Array;
  readonly xMean: Float64Array;
  readonly yMean: number;
}

/** Centres (when fitting an intercept) and scales `inputs`; `rowScale` multiplies every weight. */
export function centerDesign(
  inputs: LinearInputs,
  fitIntercept: boolean,
  rowScale: number,
): CenteredDesign {
  const { X, y, weights } = inputs;
  const { numRows: n, numCols: p, data } = X;
  const { xMean, yMean } = weightedMeans(inputs, fitIntercept);
  const rootWeight = Float64Array.from(weights, (w) => Math.sqrt(w * rowScale));
  const columns = Array.from({ length: p }, (_, j) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = (data[i * p + j]! - xMean[j]!) * rootWeight[i]!;
    return column;
  });
  const yc = Float64Array.from(y, (v, i) => (v - yMean) * rootWeight[i]!);
  return { numRows: n, columns, y: yc, xMean, yMean };
}

/** Weighted column and target means, or zeros without an intercept (nothing is centred then). */
export function weightedMeans(
  inputs: LinearInputs,
  fitIntercept: boolean,
): { xMean: Float64Array; yMean: number } {
  const { X, y, weights, weightSum } = inputs;
  const { numRows: n, numCols: p, data } = X;
  const xMean = new Float64Array(p);
  let yMean = 0;
  if (!fitIntercept) return { xMean, yMean };
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    yMean += w * y[i]!;
    for (let j = 0; j < p; j++) xMean[j]! += w * data[i * p + j]!;
  }
  for (let j = 0; j < p; j++) xMean[j]! /= weightSum;
  return { xMean, yMean: yMean / weightSum };
}

/** b = ȳ − x̄·w: the intercept that goes with coefficients fitted on centred data. */
export function interceptFor(
  means: { readonly xMean: Float64Array; readonly yMean: number },
  coef: Float64Array,
): number {
  let b = means.yMean;
  for (let j = 0; j < coef.length; j++) b -= means.xMean[j]! * coef[j]!;
  return b;
}
