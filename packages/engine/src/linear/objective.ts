import type { LinearInputs } from './inputs.js';
import { exp, log, log1p, sigmoid } from '../math.js';

/**
 * A smooth objective over θ = [W (k×p, row-major), b (k, only with an intercept)]:
 * f(θ) = (1/Σw) · Σᵢ wᵢ · loss(i) + (l2/2) · ‖W‖². The L1 part (owlqn) is kept apart in `l1`.
 */
export interface SmoothObjective {
  /** Length of θ. */
  readonly size: number;
  /** Per-entry L1 strength: 0 on intercepts and pinned columns. */
  readonly l1: Float64Array;
  /** Writes ∇f(θ) into `grad` and returns f(θ). Pinned columns get a zero gradient. */
  evaluate(theta: Float64Array, grad: Float64Array): number;
}

/** Which per-row loss the objective averages. */
export type RowLoss = 'squared' | 'binomial' | 'multinomial';

/** Strengths of the penalty in the objective's own (per unit of weight) scale. */
export interface PenaltyStrengths {
  readonly l2: number;
  readonly l1: number;
}

/** Builds f for `loss` on the checked inputs. */
export function smoothObjective(
  loss: RowLoss,
  inputs: LinearInputs,
  penalty: PenaltyStrengths,
  fitIntercept: boolean,
): SmoothObjective {
  const { X, y, weights, weightSum, pinned } = inputs;
  const { numRows: n, numCols: p, data } = X;
  const k = loss === 'multinomial' ? inputs.numClasses : 1;
  const size = k * p + (fitIntercept ? k : 0);
  const l1 = new Float64Array(size);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < p; j++) l1[c * p + j] = pinned[j] ? 0 : penalty.l1;
  }
  const z = new Float64Array(k);
  const rows: RowData = { data, y, weights, n, p };

  return {
    size,
    l1,
    evaluate(theta, grad) {
      grad.fill(0);
      const total =
        k === 1
          ? accumulateSingleOutput(rows, loss === 'squared', theta, fitIntercept, grad)
          : accumulateSoftmax(rows, k, theta, fitIntercept, grad, z);
      let norm2 = 0;
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < p; j++) {
          const at = c * p + j;
          if (pinned[j]) {
            grad[at] = 0;
            continue;
          }
          const v = theta[at]!;
          grad[at] = grad[at]! / weightSum + penalty.l2 * v;
          norm2 += v * v;
        }
      }
      if (fitIntercept) for (let c = 0; c < k; c++) grad[k * p + c]! /= weightSum;
      return total / weightSum + 0.5 * penalty.l2 * norm2;
    },
  };
}

interface RowData {
  readonly data: Float64Array;
  readonly y: Float64Array;
  readonly weights: Float64Array;
  readonly n: number;
  readonly p: number;
}

/** Σ wᵢ·loss(i) for squared or binomial loss; adds Σ wᵢ·∂loss/∂θ into `grad`. */
function accumulateSingleOutput(
  { data, y, weights, n, p }: RowData,
  squared: boolean,
  theta: Float64Array,
  fitIntercept: boolean,
  grad: Float64Array,
): number {
  const b = fitIntercept ? theta[p]! : 0;
  let total = 0;
  let interceptGrad = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const row = i * p;
    let m = b;
    for (let j = 0; j < p; j++) m += theta[j]! * data[row + j]!;
    let slope: number;
    if (squared) {
      slope = m - y[i]!;
      total += w * 0.5 * slope * slope;
    } else {
      // log(1 + e^m) − y·m without overflow for large |m|.
      total += w * (Math.max(m, 0) + log1p(exp(-Math.abs(m))) - y[i]! * m);
      slope = sigmoid(m) - y[i]!;
    }
    const g = w * slope;
    if (g === 0) continue;
    for (let j = 0; j < p; j++) grad[j]! += g * data[row + j]!;
    interceptGrad += g;
  }
  if (fitIntercept) grad[p] = interceptGrad;
  return total;
}

/** Σ wᵢ·(logsumexp(zᵢ) − zᵢ,yᵢ) over k softmax outputs; adds its gradient into `grad`. */
function accumulateSoftmax(
  { data, y, weights, n, p }: RowData,
  k: number,
  theta: Float64Array,
  fitIntercept: boolean,
  grad: Float64Array,
  z: Float64Array,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const row = i * p;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = fitIntercept ? theta[k * p + c]! : 0;
      const base = c * p;
      for (let j = 0; j < p; j++) s += theta[base + j]! * data[row + j]!;
      z[c] = s;
      if (s > max) max = s;
    }
    const label = y[i]!;
    const zLabel = z[label]!;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = exp(z[c]! - max);
      z[c] = e;
      sum += e;
    }
    total += w * (log(sum) + max - zLabel);
    for (let c = 0; c < k; c++) {
      // ∂loss/∂z_c = softmax_c − [c = label].
      const g = w * (z[c]! / sum - (c === label ? 1 : 0));
      const base = c * p;
      for (let j = 0; j < p; j++) grad[base + j]! += g * data[row + j]!;
      if (fitIntercept) grad[k * p + c]! += g;
    }
  }
  return total;
}
