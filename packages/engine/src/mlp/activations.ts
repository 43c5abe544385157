import type { MlpActivation } from './params.js';
import { exp, tanh } from '../math.js';

/** Applies the hidden activation in place to `count` cells; returns how many are non-zero. */
export function activateInPlace(kind: MlpActivation, z: Float32Array, count: number): number {
  let nonZero = 0;
  switch (kind) {
    case 'relu':
      for (let i = 0; i < count; i++) {
        const v = z[i]!;
        const h = v > 0 ? v : 0;
        z[i] = h;
        nonZero += +(h !== 0);
      }
      return nonZero;
    case 'tanh':
      for (let i = 0; i < count; i++) z[i] = tanh(z[i]!);
      return count;
    case 'sigmoid':
      for (let i = 0; i < count; i++) z[i] = logistic(z[i]!);
      return count;
    case 'identity':
      return count;
  }
}

/**
 * Multiplies the gradient `delta` by the activation's derivative, computed from the activation's
 * output `h` as scikit-learn does; returns how many cells of `delta` are non-zero afterwards.
 */
export function multiplyByDerivative(
  kind: MlpActivation,
  h: Float32Array,
  delta: Float32Array,
  count: number,
): number {
  let nonZero = 0;
  switch (kind) {
    case 'relu':
      for (let i = 0; i < count; i++) {
        const d = h[i]! > 0 ? delta[i]! : 0;
        delta[i] = d;
        nonZero += +(d !== 0);
      }
      return nonZero;
    case 'tanh':
      for (let i = 0; i < count; i++) {
        const v = h[i]!;
        delta[i] = delta[i]! * (1 - v * v);
      }
      return count;
    case 'sigmoid':
      for (let i = 0; i < count; i++) {
        const v = h[i]!;
        delta[i] = delta[i]! * v * (1 - v);
      }
      return count;
    case 'identity':
      return count;
  }
}

/** 1 / (1 + e^-z), without overflow warnings for very negative z. */
export function logistic(z: number): number {
  return 1 / (1 + exp(-z));
}
