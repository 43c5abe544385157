import { logistic } from './activations.js';
import type { MlpObjective } from './params.js';
import { exp, log } from '../math.js';

// scikit-learn clips probabilities to [eps, 1 - eps] with the float64 machine epsilon.
const EPS = Number.EPSILON;

/**
 * Turns the output layer's raw scores (rows×units, in place) into predictions: identity for
 * regression, the logistic function for binary, softmax across the units for multiclass.
 */
export function activateOutput(
  objective: MlpObjective,
  z: Float32Array,
  rows: number,
  units: number,
): void {
  if (objective === 'binary') {
    for (let i = 0; i < rows; i++) z[i] = logistic(z[i]!);
  } else if (objective === 'multiclass') {
    for (let r = 0, o = 0; r < rows; r++, o += units) softmaxRow(z, o, units);
  }
}

function softmaxRow(z: Float32Array, offset: number, units: number): void {
  let max = -Infinity;
  for (let j = 0; j < units; j++) max = Math.max(max, z[offset + j]!);
  let sum = 0;
  for (let j = 0; j < units; j++) {
    const e = exp(z[offset + j]! - max);
    z[offset + j] = e;
    sum += e;
  }
  for (let j = 0; j < units; j++) z[offset + j] = z[offset + j]! / sum;
}

/**
 * Sum over `rows` of the loss (half squared error, or log loss) of predictions `p` for targets
 * `y`; writes the gradient of each row's loss with respect to the raw scores (p − y) to `delta`.
 */
export function lossAndDelta(
  objective: MlpObjective,
  p: Float32Array,
  y: Float64Array,
  rows: number,
  units: number,
  delta: Float32Array | null,
): number {
  let sum = 0;
  if (objective === 'regression') {
    for (let i = 0; i < rows; i++) {
      const d = p[i]! - y[i]!;
      sum += d * d;
      if (delta) delta[i] = d;
    }
    return sum / 2;
  }
  if (objective === 'binary') {
    for (let i = 0; i < rows; i++) {
      const q = clip(p[i]!);
      sum -= y[i] === 1 ? log(q) : log(1 - q);
      if (delta) delta[i] = p[i]! - y[i]!;
    }
    return sum;
  }
  for (let r = 0, o = 0; r < rows; r++, o += units) {
    const label = y[r]!;
    sum -= log(clip(p[o + label]!));
    if (!delta) continue;
    for (let j = 0; j < units; j++) delta[o + j] = p[o + j]! - (j === label ? 1 : 0);
  }
  return sum;
}

/** Validation score as scikit-learn's `score`: accuracy, or R² for regression. */
export function score(
  objective: MlpObjective,
  p: Float32Array,
  y: Float64Array,
  units: number,
): number {
  const rows = y.length;
  if (objective === 'regression') {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += y[i]!;
    mean /= rows;
    let residual = 0;
    let total = 0;
    for (let i = 0; i < rows; i++) {
      residual += (y[i]! - p[i]!) ** 2;
      total += (y[i]! - mean) ** 2;
    }
    if (total === 0) return residual === 0 ? 1 : 0;
    return 1 - residual / total;
  }
  let correct = 0;
  for (let r = 0; r < rows; r++) correct += +(predictedClass(objective, p, r, units) === y[r]);
  return correct / rows;
}

/** The class a row's probabilities pick: P > 0.5 for binary, the first largest otherwise. */
export function predictedClass(
  objective: MlpObjective,
  p: Float32Array | Float64Array,
  row: number,
  units: number,
): number {
  if (objective === 'binary') return p[row]! > 0.5 ? 1 : 0;
  let best = 0;
  const o = row * units;
  for (let j = 1; j < units; j++) if (p[o + j]! > p[o + best]!) best = j;
  return best;
}

function clip(q: number): number {
  return q < EPS ? EPS : q > 1 - EPS ? 1 - EPS : q;
}
