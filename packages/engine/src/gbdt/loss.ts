import type { GbdtObjective } from './params.js';
import { exp, log, sigmoid, softplus } from '../math.js';

/**
 * A differentiable training loss over raw scores. A loss has one raw score per row, or one per
 * class (multiclass). Raw scores, gradients and hessians are laid out output-major: output k of
 * row i sits at `k * n + i`, so the tree for output k reads one contiguous block.
 */
export interface Loss {
  /** Raw scores per row: 1, or the number of classes. */
  readonly numOutputs: number;
  /** The constant raw scores that minimise the loss (the "zeroth tree"), one per output. */
  baseline(y: Float64Array): Float64Array;
  /** Writes the per-row gradients and hessians of the loss at `raw`, for rows [from, to). */
  gradients(
    y: Float64Array,
    raw: Float64Array,
    grad: Float64Array,
    hess: Float64Array,
    from?: number,
    to?: number,
  ): void;
  /** Mean loss at `raw`: half squared error, absolute error, Huber, or log loss. */
  meanLoss(y: Float64Array, raw: Float64Array): number;
  /**
   * When set, a leaf's value (before shrinkage) is recomputed from its rows' residuals after the
   * tree is grown, as scikit-learn does for the absolute error: the Newton step of a loss whose
   * hessian is 0 almost everywhere says little about the best constant.
   */
  leafValue?(
    y: Float64Array,
    raw: Float64Array,
    rows: Uint32Array,
    start: number,
    end: number,
  ): number;
}

const halfSquaredError: Loss = {
  numOutputs: 1,
  baseline: (y) => Float64Array.of(mean(y)),
  gradients(y, raw, grad, hess, from = 0, to = y.length) {
    for (let i = from; i < to; i++) {
      grad[i] = raw[i]! - y[i]!;
      hess[i] = 1;
    }
  },
  meanLoss(y, raw) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (raw[i]! - y[i]!) ** 2;
    return y.length === 0 ? 0 : (0.5 * sum) / y.length;
  },
};

const absoluteError: Loss = {
  numOutputs: 1,
  baseline: (y) => Float64Array.of(median(Float64Array.from(y))),
  gradients(y, raw, grad, hess, from = 0, to = y.length) {
    for (let i = from; i < to; i++) {
      grad[i] = Math.sign(raw[i]! - y[i]!);
      hess[i] = 1;
    }
  },
  meanLoss(y, raw) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += Math.abs(raw[i]! - y[i]!);
    return y.length === 0 ? 0 : sum / y.length;
  },
  leafValue(y, raw, rows, start, end) {
    const residuals = new Float64Array(end - start);
    for (let i = start; i < end; i++) residuals[i - start] = y[rows[i]!]! - raw[rows[i]!]!;
    return median(residuals);
  },
};

/** Huber loss: squared within `delta` of the target, linear beyond (robust to outliers). */
function huber(delta: number): Loss {
  return {
    numOutputs: 1,
    baseline: (y) => Float64Array.of(median(Float64Array.from(y))),
    gradients(y, raw, grad, hess, from = 0, to = y.length) {
      for (let i = from; i < to; i++) {
        const r = raw[i]! - y[i]!;
        grad[i] = r > delta ? delta : r < -delta ? -delta : r;
        hess[i] = 1;
      }
    },
    meanLoss(y, raw) {
      let sum = 0;
      for (let i = 0; i < y.length; i++) {
        const r = Math.abs(raw[i]! - y[i]!);
        sum += r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
      }
      return y.length === 0 ? 0 : sum / y.length;
    },
  };
}

const binaryLogLoss: Loss = {
  numOutputs: 1,
  baseline(y) {
    const p = mean(y);
    return Float64Array.of(log(p / (1 - p)));
  },
  gradients(y, raw, grad, hess, from = 0, to = y.length) {
    for (let i = from; i < to; i++) {
      // sigmoid(x), bit for bit, without its sign branch (which mispredicts on half the rows):
      // e = exp(−|x|), then 1 / (1 + e) for x >= 0 and e / (1 + e) below, the numerator picked
      // by arithmetic that is exact for either choice.
      const x = raw[i]!;
      const e = exp(-Math.abs(x));
      const negative = +(x < 0);
      const p = (negative * e + (1 - negative)) / (1 + e);
      grad[i] = p - y[i]!;
      hess[i] = p * (1 - p);
    }
  },
  meanLoss(y, raw) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += softplus(raw[i]!) - y[i]! * raw[i]!;
    return y.length === 0 ? 0 : sum / y.length;
  },
};

/** Softmax cross-entropy over `k` classes; `y` holds class codes 0..k-1. */
function multinomialLogLoss(k: number): Loss {
  return {
    numOutputs: k,
    baseline(y) {
      const counts = new Float64Array(k);
      for (const c of y) counts[c]! += 1;
      // Centred log priors, as scikit-learn starts: softmax of them gives the class shares.
      const logs = counts.map((c) => log(c / y.length));
      const centre = mean(logs);
      return logs.map((l) => l - centre);
    },
    gradients(y, raw, grad, hess, from = 0, to = y.length) {
      const n = y.length;
      const p = new Float64Array(k);
      for (let i = from; i < to; i++) {
        softmaxRow(raw, n, i, p);
        for (let c = 0; c < k; c++) {
          const pc = p[c]!;
          grad[c * n + i] = pc - (y[i] === c ? 1 : 0);
          hess[c * n + i] = pc * (1 - pc);
        }
      }
    },
    meanLoss(y, raw) {
      const n = y.length;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, raw[c * n + i]!);
        let total = 0;
        for (let c = 0; c < k; c++) total += exp(raw[c * n + i]! - max);
        sum += max + log(total) - raw[y[i]! * n + i]!;
      }
      return n === 0 ? 0 : sum / n;
    },
  };
}

/** The loss of an objective; `numClasses` matters for multiclass, `huberDelta` for Huber. */
export function lossFor(
  objective: GbdtObjective,
  options: { readonly numClasses?: number; readonly huberDelta?: number } = {},
): Loss {
  switch (objective) {
    case 'regression':
      return halfSquaredError;
    case 'absolute':
      return absoluteError;
    case 'huber':
      return huber(options.huberDelta ?? 1);
    case 'binary':
      return binaryLogLoss;
    case 'multiclass':
      return multinomialLogLoss(options.numClasses ?? 2);
  }
}

/**
 * Turns output-major raw scores into predictions in place of a new array: values for regression,
 * P(class 1) for binary, and row-major class probabilities (n × k) for multiclass.
 */
export function rawToPrediction(
  objective: GbdtObjective,
  raw: Float64Array,
  n: number,
): Float64Array {
  if (objective === 'binary') return raw.map(sigmoid);
  if (objective !== 'multiclass') return raw;
  const k = raw.length / n;
  const out = new Float64Array(raw.length);
  const p = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    softmaxRow(raw, n, i, p);
    out.set(p, i * k);
  }
  return out;
}

// Softmax of row i of output-major scores into `out`, shifted by the max so exp never overflows.
function softmaxRow(raw: Float64Array, n: number, i: number, out: Float64Array): void {
  const k = out.length;
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, raw[c * n + i]!);
  let total = 0;
  for (let c = 0; c < k; c++) total += out[c] = exp(raw[c * n + i]! - max);
  for (let c = 0; c < k; c++) out[c]! /= total;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

// Median by sorting a scratch copy; the mean of the two middle values for an even count.
function median(values: Float64Array): number {
  if (values.length === 0) return 0;
  values.sort();
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : 0.5 * (values[mid - 1]! + values[mid]!);
}
