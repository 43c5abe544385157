import type { GbdtObjective } from './params.js';

/** A differentiable training loss over raw scores. */
export interface Loss {
  /** True when every hessian is 1, so the row count stands in for the hessian sum. */
  readonly constantHessian: boolean;
  /** The constant raw score that minimises the loss (first "tree"). */
  baseline(y: Float64Array): number;
  /** Writes per-row gradient and hessian of the loss at `raw`. */
  gradients(y: Float64Array, raw: Float64Array, grad: Float64Array, hess: Float64Array): void;
  /** Mean loss at `raw` (half squared error, or log loss). */
  meanLoss(y: Float64Array, raw: Float64Array): number;
  /** Turns a raw score into a prediction (identity, or the probability of class 1). */
  transform(raw: number): number;
}

const halfSquaredError: Loss = {
  constantHessian: true,
  baseline: (y) => mean(y),
  gradients(y, raw, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      grad[i] = raw[i]! - y[i]!;
      hess[i] = 1;
    }
  },
  meanLoss(y, raw) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (raw[i]! - y[i]!) ** 2;
    return y.length === 0 ? 0 : (0.5 * sum) / y.length;
  },
  transform: (raw) => raw,
};

const logLoss: Loss = {
  constantHessian: false,
  baseline(y) {
    const p = mean(y);
    return Math.log(p / (1 - p));
  },
  gradients(y, raw, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      const p = sigmoid(raw[i]!);
      grad[i] = p - y[i]!;
      hess[i] = p * (1 - p);
    }
  },
  meanLoss(y, raw) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += softplus(raw[i]!) - y[i]! * raw[i]!;
    return y.length === 0 ? 0 : sum / y.length;
  },
  transform: (raw) => sigmoid(raw),
};

/** The loss of an objective. */
export function lossFor(objective: GbdtObjective): Loss {
  return objective === 'binary' ? logLoss : halfSquaredError;
}

/** Logistic function, written to stay finite for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

// log(1 + e^x) without overflow: the log loss of a raw score is softplus(raw) - y * raw.
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
