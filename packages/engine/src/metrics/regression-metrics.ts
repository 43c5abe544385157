import { EngineInputError } from '../errors.js';
import { readFinite, readWeights, weightedMean, type NumberInput } from './inputs.js';
import { UndefinedMetricError } from './undefined-metric.js';

/** Options of the regression metrics. */
export interface RegressionMetricOptions {
  /** One non-negative weight per row (scikit-learn's `sample_weight`). */
  readonly sampleWeight?: NumberInput;
}

/** Mean squared error (weighted mean of (y − ŷ)²). */
export function meanSquaredError(
  yTrue: NumberInput,
  yPred: NumberInput,
  options: RegressionMetricOptions = {},
): number {
  const { t, p, w } = readRegression(yTrue, yPred, options);
  return weightedMean(
    t.map((v, i) => (v - p[i]!) ** 2),
    w,
  );
}

/** Root of the mean squared error (scikit-learn's `root_mean_squared_error`). */
export function rootMeanSquaredError(
  yTrue: NumberInput,
  yPred: NumberInput,
  options: RegressionMetricOptions = {},
): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred, options));
}

/** Mean absolute error. */
export function meanAbsoluteError(
  yTrue: NumberInput,
  yPred: NumberInput,
  options: RegressionMetricOptions = {},
): number {
  const { t, p, w } = readRegression(yTrue, yPred, options);
  return weightedMean(
    t.map((v, i) => Math.abs(v - p[i]!)),
    w,
  );
}

/**
 * Mean absolute percentage error as a fraction (0.1 = 10%), |y − ŷ| / max(|y|, 2⁻⁵²) like
 * scikit-learn: a row with y = 0 and ŷ ≠ 0 adds a huge but finite term, not Infinity.
 */
export function meanAbsolutePercentageError(
  yTrue: NumberInput,
  yPred: NumberInput,
  options: RegressionMetricOptions = {},
): number {
  const { t, p, w } = readRegression(yTrue, yPred, options);
  return weightedMean(
    t.map((v, i) => Math.abs(p[i]! - v) / Math.max(Math.abs(v), Number.EPSILON)),
    w,
  );
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot. Like scikit-learn (`force_finite`), a
 * constant `yTrue` gives 1 when every prediction is exact and 0 otherwise; fewer than 2 rows
 * throws (scikit-learn returns NaN).
 */
export function r2Score(
  yTrue: NumberInput,
  yPred: NumberInput,
  options: RegressionMetricOptions = {},
): number {
  const { t, p, w } = readRegression(yTrue, yPred, options);
  if (t.length < 2) throw new UndefinedMetricError('r2Score', 'needs at least 2 rows');
  const mean = weightedMean(t, w);
  let residual = 0;
  let spread = 0;
  for (let i = 0; i < t.length; i++) {
    const wi = w ? w[i]! : 1;
    residual += wi * (t[i]! - p[i]!) ** 2;
    spread += wi * (t[i]! - mean) ** 2;
  }
  return finiteScore(residual, isConstant(t, w) ? 0 : spread);
}

/** Explained variance 1 − Var(y − ŷ) / Var(y), with the same constant-target rule as `r2Score`. */
export function explainedVariance(
  yTrue: NumberInput,
  yPred: NumberInput,
  options: RegressionMetricOptions = {},
): number {
  const { t, p, w } = readRegression(yTrue, yPred, options);
  const diff = t.map((v, i) => v - p[i]!);
  const diffMean = weightedMean(diff, w);
  const mean = weightedMean(t, w);
  const residual = weightedMean(
    diff.map((d) => (d - diffMean) ** 2),
    w,
  );
  const spread = weightedMean(
    t.map((v) => (v - mean) ** 2),
    w,
  );
  return finiteScore(residual, isConstant(t, w) ? 0 : spread);
}

/** y − ŷ per row (what a residual plot shows against ŷ). */
export function residuals(yTrue: NumberInput, yPred: NumberInput): Float64Array {
  const { t, p } = readRegression(yTrue, yPred, {});
  return t.map((v, i) => v - p[i]!);
}

/** Checks both arrays (finite, same non-zero length) and the weights. */
export function readRegression(
  yTrue: NumberInput,
  yPred: NumberInput,
  options: RegressionMetricOptions,
): { t: Float64Array; p: Float64Array; w: Float64Array | null } {
  const t = readFinite('yTrue', yTrue);
  const p = readFinite('yPred', yPred);
  if (p.length !== t.length) {
    throw new EngineInputError('yPred', `has ${p.length} rows, yTrue has ${t.length}`);
  }
  return { t, p, w: readWeights(options.sampleWeight, t.length) };
}

// scikit-learn's force_finite: no NaN for 0/0 and no −Infinity for x/0.
function finiteScore(residual: number, spread: number): number {
  if (residual === 0) return 1;
  if (spread === 0) return 0;
  return 1 - residual / spread;
}

// Decided exactly, not from the rounded mean: three rows of 0.1 have a mean of 0.10000000000000002.
function isConstant(t: Float64Array, w: Float64Array | null): boolean {
  let first: number | undefined;
  for (let i = 0; i < t.length; i++) {
    if (w && w[i] === 0) continue;
    if (first === undefined) first = t[i]!;
    else if (t[i] !== first) return false;
  }
  return true;
}
